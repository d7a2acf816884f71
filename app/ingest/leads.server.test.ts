import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leads, messageSequences } from "../../db/tenant.schema";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { upsertLeads } from "./leads.server";
import { ingestMessages } from "./messages.server";
import type { LeadInput } from "./schemas";

let tenantId: string;
const inTenant = <T,>(fn: (db: TenantDb) => T) => withTenantDb(tenantId, fn);
const lead = (db: TenantDb, instagramId: string) => db.select().from(leads).where(eq(leads.instagramId, instagramId)).get()!;
const sequence = (db: TenantDb, leadId: number) => db.select().from(messageSequences).where(eq(messageSequences.leadId, leadId)).get();

const T0 = new Date("2024-05-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Leads Coach", "leads@example.fr")).tenant.id;
});

describe("upsertLeads", () => {
  it("creates, then updates only the fields sent, then reports identical payloads as unchanged", async () => {
    await inTenant((db) => {
      const first: LeadInput = { instagramId: "ig_1", firstName: "Léa", lastName: "Martin", age: 31, source: "reel" };
      expect(upsertLeads(db, [first, { instagramId: "ig_2" }], T0)).toEqual({ created: 2, updated: 0, unchanged: 0 });
      expect(lead(db, "ig_1")).toMatchObject({ firstName: "Léa", status: "new", createdAt: T0, updatedAt: T0 });

      // ig_1: age changes, last_name is cleared by null, first_name and source (absent) stay; ig_2 identical.
      const counts = upsertLeads(db, [{ instagramId: "ig_1", age: 32, lastName: null }, { instagramId: "ig_2" }], at(5));
      expect(counts).toEqual({ created: 0, updated: 1, unchanged: 1 });
      expect(lead(db, "ig_1")).toMatchObject({ firstName: "Léa", lastName: null, age: 32, source: "reel", updatedAt: at(5) });

      expect(upsertLeads(db, [{ instagramId: "ig_1", age: 32, firstName: "Léa" }], at(10))).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(lead(db, "ig_1").updatedAt).toEqual(at(5));
    });
  });

  it("stamps the call milestones the first time the status reaches them", async () => {
    await inTenant((db) => {
      upsertLeads(db, [{ instagramId: "ig_call", createdAt: T0 }], T0);
      const id = lead(db, "ig_call").id;

      upsertLeads(db, [{ instagramId: "ig_call", status: "call_proposed" }], at(120));
      expect(sequence(db, id)).toMatchObject({ callProposedAt: at(120), callBookedAt: null });
      expect(lead(db, "ig_call").timeToActionMinutes).toBeNull();

      upsertLeads(db, [{ instagramId: "ig_call", status: "won" }], at(24 * 60));
      expect(sequence(db, id)).toMatchObject({ callProposedAt: at(120), callBookedAt: at(24 * 60) });
      expect(lead(db, "ig_call").timeToActionMinutes).toBe(1440);

      // Going away and coming back keeps the first moments.
      upsertLeads(db, [{ instagramId: "ig_call", status: "lost" }], at(2000));
      upsertLeads(db, [{ instagramId: "ig_call", status: "call_booked" }], at(3000));
      expect(sequence(db, id)).toMatchObject({ callProposedAt: at(120), callBookedAt: at(24 * 60) });
      expect(lead(db, "ig_call").timeToActionMinutes).toBe(1440);
    });
  });

  it("stamps both milestones for a lead created already booked", async () => {
    await inTenant((db) => {
      upsertLeads(db, [{ instagramId: "ig_booked", status: "call_booked", createdAt: at(-30), dealValueCents: 99_000 }], T0);
      const row = lead(db, "ig_booked");
      expect(row).toMatchObject({ status: "call_booked", timeToActionMinutes: 30, dealValueCents: 99_000 });
      expect(sequence(db, row.id)).toMatchObject({ callProposedAt: T0, callBookedAt: T0 });
    });
  });

  it("keeps a lead that answered engaged, and never younger than its first message", async () => {
    await inTenant((db) => {
      ingestMessages(db, [{ externalId: "ans_1", instagramId: "ig_answered", direction: "in", text: "hi", sentAt: at(10), messageNumber: null }], at(10));
      const counts = upsertLeads(db, [{ instagramId: "ig_answered", status: "new", createdAt: at(20) }], at(30));
      expect(counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(lead(db, "ig_answered")).toMatchObject({ status: "engaged", createdAt: at(10) });
    });
  });

  it("writes nothing when one item of the batch is refused by the database", async () => {
    await inTenant((db) => {
      const refused = { instagramId: "ig_2", status: null } as unknown as LeadInput; // status is NOT NULL
      expect(() => upsertLeads(db, [{ instagramId: "ig_rb_1" }, { instagramId: "ig_1", age: 99 }, refused], T0)).toThrow(/NOT NULL/);
      expect(db.select().from(leads).where(eq(leads.instagramId, "ig_rb_1")).get()).toBeUndefined();
      expect(lead(db, "ig_1").age).toBe(32);
    });
  });
});
