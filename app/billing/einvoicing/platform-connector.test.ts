// The platform connector: with EINVOICING_PLATFORM unset nothing is transmitted and the invoice's
// history says "not connected" (once); a connector receives the Factur-X PDF, its XML and the
// buyer's SIREN for a B2B invoice only.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../../tests/helpers";
import { billingProfile, businessClient, creditNote, issuedInvoice, personClient } from "../../../tests/pdf-fixtures";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { NOT_CONNECTED_DETAIL, noPlatform, platformConnector, submitToPlatform, type PlatformConnector, type PlatformSubmission } from "./platform-connector";

let coach: Awaited<ReturnType<typeof makeCoach>>;
const inC = <T,>(fn: (db: TenantDb) => T) => withTenantDb(coach.tenant.id, fn);
const events = (db: TenantDb, id: number) => db.$client.prepare("SELECT type, detail FROM invoice_events WHERE invoice_id = ? AND type = 'platform'").all(id);

let b2b: { id: number; number: string };
let b2c: { id: number; number: string };

beforeAll(async () => {
  setupTestDb();
  coach = await makeCoach("Platform Coach", "platform@example.fr");
  await inC((db) => {
    billingProfile(db, "standard");
    b2b = issuedInvoice(db, coach.tenant.id, businessClient(db));
    b2c = issuedInvoice(db, coach.tenant.id, personClient(db));
  });
});

describe("platform connector", () => {
  it("EINVOICING_PLATFORM unset is the 'none' connector", () => {
    delete process.env.EINVOICING_PLATFORM;
    expect(platformConnector()).toBe(noPlatform);
    expect(platformConnector({ EINVOICING_PLATFORM: "none" }).name).toBe("none");
  });

  it("none: nothing sent, 'not connected' recorded once on a B2B invoice", async () => {
    const first = await inC((db) => submitToPlatform(db, b2b.id));
    await inC((db) => submitToPlatform(db, b2b.id));
    expect(first).toEqual({ platformId: null, status: "not_connected" });
    expect(await inC((db) => events(db, b2b.id))).toEqual([{ type: "platform", detail: NOT_CONNECTED_DETAIL }]);
  });

  it("a connector gets the stored Factur-X PDF, the XML and the buyer's SIREN; its answer is logged", async () => {
    const received: PlatformSubmission[] = [];
    const fake: PlatformConnector = {
      name: "test-pa",
      async submitInvoice(s) {
        received.push(s);
        return { platformId: "PA-42", status: "submitted" };
      },
      async statusOf() {
        return { status: "delivered" };
      },
    };
    const credit = await inC((db) => creditNote(db, b2b.id));
    const result = await inC((db) => submitToPlatform(db, credit.id, fake));
    expect(result).toEqual({ platformId: "PA-42", status: "submitted" });
    expect(received).toHaveLength(1);
    expect(received[0].number).toBe(credit.number);
    expect(received[0].buyerSiren).toBe("552100554");
    expect(received[0].xml).toContain("<ram:TypeCode>381</ram:TypeCode>");
    const stored = await inC((db) => db.$client.prepare("SELECT pdf FROM invoice_pdfs WHERE invoice_id = ?").get(credit.id) as { pdf: Buffer });
    expect(Buffer.compare(received[0].pdf, stored.pdf)).toBe(0);
    expect(await inC((db) => events(db, credit.id))).toEqual([{ type: "platform", detail: "Transmise à la plateforme test-pa (PA-42) : submitted" }]);
  });

  it("a B2C invoice is not an e-invoice: not submitted, nothing logged", async () => {
    let calls = 0;
    const counting: PlatformConnector = { ...noPlatform, name: "counting", submitInvoice: async () => (calls++, { platformId: null, status: "not_connected" }) };
    expect(await inC((db) => submitToPlatform(db, b2c.id, counting))).toBeNull();
    expect(calls).toBe(0);
    expect(await inC((db) => events(db, b2c.id))).toEqual([]);
  });
});
