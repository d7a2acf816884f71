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
      expect(upsertLeads(db, [first, { instagramId: "ig_2" }], T0)).toEqual({ created: 2, updated: 0, unchanged: 0, stale: 0 });
      expect(lead(db, "ig_1")).toMatchObject({ firstName: "Léa", status: "new", createdAt: T0, updatedAt: T0 });

      // ig_1: age changes, last_name is cleared by null, first_name and source (absent) stay; ig_2 identical.
      const counts = upsertLeads(db, [{ instagramId: "ig_1", age: 32, lastName: null }, { instagramId: "ig_2" }], at(5));
      expect(counts).toEqual({ created: 0, updated: 1, unchanged: 1, stale: 0 });
      expect(lead(db, "ig_1")).toMatchObject({ firstName: "Léa", lastName: null, age: 32, source: "reel", updatedAt: at(5) });

      expect(upsertLeads(db, [{ instagramId: "ig_1", age: 32, firstName: "Léa" }], at(10))).toEqual({ created: 0, updated: 0, unchanged: 1, stale: 0 });
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

      // Going away and coming back (forced: won and lost are final otherwise) keeps the first moments.
      upsertLeads(db, [{ instagramId: "ig_call", status: "lost", force: true }], at(2000));
      upsertLeads(db, [{ instagramId: "ig_call", status: "call_booked", force: true }], at(3000));
      expect(lead(db, "ig_call").status).toBe("call_booked");
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
      expect(counts).toEqual({ created: 0, updated: 0, unchanged: 1, stale: 0 });
      expect(lead(db, "ig_answered")).toMatchObject({ status: "engaged", createdAt: at(10) });
    });
  });

  it("without updated_at, moves statuses only forward along the funnel; a backward payload is ignored whole", async () => {
    await inTenant((db) => {
      upsertLeads(db, [{ instagramId: "ig_fwd", status: "engaged" }], T0);
      expect(upsertLeads(db, [{ instagramId: "ig_fwd", status: "follow_up" }], at(1))).toMatchObject({ updated: 1, stale: 0 }); // same rank
      expect(upsertLeads(db, [{ instagramId: "ig_fwd", status: "call_booked", dealValueCents: 100_000 }], at(2))).toMatchObject({ updated: 1 });
      // A replay of an older payload: neither its status nor its deal value is applied.
      const replay = upsertLeads(db, [{ instagramId: "ig_fwd", status: "qualified", dealValueCents: 50_000, firstName: "Old" }], at(3));
      expect(replay).toEqual({ created: 0, updated: 0, unchanged: 1, stale: 1 });
      expect(lead(db, "ig_fwd")).toMatchObject({ status: "call_booked", dealValueCents: 100_000, firstName: null, updatedAt: at(2) });
      // A payload without status still applies.
      expect(upsertLeads(db, [{ instagramId: "ig_fwd", firstName: "Nina" }], at(4))).toMatchObject({ updated: 1 });
      // Won and lost are final: leaving them, or won <-> lost, needs force.
      upsertLeads(db, [{ instagramId: "ig_fwd", status: "won" }], at(5));
      for (const status of ["lost", "call_booked", "follow_up"] as const) {
        expect(upsertLeads(db, [{ instagramId: "ig_fwd", status }], at(6))).toMatchObject({ unchanged: 1, stale: 1 });
      }
      expect(upsertLeads(db, [{ instagramId: "ig_fwd", status: "lost", lostReason: "Prix", force: true }], at(7))).toMatchObject({ updated: 1, stale: 0 });
      expect(lead(db, "ig_fwd")).toMatchObject({ status: "lost", lostReason: "Prix", firstName: "Nina" });
    });
  });

  it("with updated_at, ignores payloads older than the newest applied one, and applies newer ones in any direction", async () => {
    await inTenant((db) => {
      const sent = (minutes: number) => at(minutes);
      upsertLeads(db, [{ instagramId: "ig_ts", status: "qualified", dealValueCents: 100_000, senderUpdatedAt: sent(1) }], T0);
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "won", dealValueCents: 150_000, senderUpdatedAt: sent(3) }], at(1))).toMatchObject({ updated: 1 });
      // Older than what was applied, even though its status would move forward from an earlier state.
      const late = upsertLeads(db, [{ instagramId: "ig_ts", status: "call_booked", dealValueCents: 120_000, senderUpdatedAt: sent(2) }], at(2));
      expect(late).toEqual({ created: 0, updated: 0, unchanged: 1, stale: 1 });
      expect(lead(db, "ig_ts")).toMatchObject({ status: "won", dealValueCents: 150_000, senderUpdatedAt: sent(3) });
      // Newer: applied as sent, even leaving won.
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "follow_up", senderUpdatedAt: sent(4) }], at(3))).toMatchObject({ updated: 1, stale: 0 });
      // The same payload again is unchanged, not stale; a newer identical one only moves the sender's clock.
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "follow_up", senderUpdatedAt: sent(4) }], at(4))).toMatchObject({ unchanged: 1, stale: 0 });
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "follow_up", senderUpdatedAt: sent(6) }], at(5))).toMatchObject({ unchanged: 1, stale: 0 });
      expect(lead(db, "ig_ts")).toMatchObject({ status: "follow_up", senderUpdatedAt: sent(6), updatedAt: at(3) });
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "won", senderUpdatedAt: sent(5) }], at(6))).toMatchObject({ stale: 1 });
      // force applies an older payload, and the newest sender time is kept.
      expect(upsertLeads(db, [{ instagramId: "ig_ts", status: "won", senderUpdatedAt: sent(5), force: true }], at(7))).toMatchObject({ updated: 1 });
      expect(lead(db, "ig_ts")).toMatchObject({ status: "won", senderUpdatedAt: sent(6) });
    });
  });

  it("holds a first updated_at to the funnel order when the lead has none stored yet", async () => {
    await inTenant((db) => {
      upsertLeads(db, [{ instagramId: "ig_first_ts", status: "won" }], T0);
      expect(upsertLeads(db, [{ instagramId: "ig_first_ts", status: "qualified", senderUpdatedAt: at(10) }], at(1))).toMatchObject({ stale: 1 });
      expect(upsertLeads(db, [{ instagramId: "ig_first_ts", firstName: "Eva", senderUpdatedAt: at(10) }], at(2))).toMatchObject({ updated: 1 });
      expect(upsertLeads(db, [{ instagramId: "ig_first_ts", status: "qualified", senderUpdatedAt: at(11) }], at(3))).toMatchObject({ updated: 1 });
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
