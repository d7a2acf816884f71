// A blacklisted or erased contact is not stored again by the setter's ingestion.
import { describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { eraseLead } from "~/crm/gdpr.server";
import { suppress } from "~/crm/suppressions.server";
import { upsertLeads } from "./leads.server";
import { ingestMessages } from "./messages.server";

const NOW = new Date("2026-11-20T10:00:00Z");
const count = (db: ReturnType<typeof memoryTenant>, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

describe("suppressed contacts in ingestion", () => {
  it("does not re-create an erased lead nor store its messages, and counts them as suppressed", () => {
    const db = memoryTenant();
    upsertLeads(db, [{ instagramId: "ig_gone", email: "gone@example.fr" }], NOW);
    ingestMessages(db, [{ externalId: "m0", instagramId: "ig_gone", direction: "out", text: "Salut", sentAt: NOW, messageNumber: 1 }], NOW);
    expect(eraseLead(db, 1, "u", NOW)).toMatchObject({ ok: true });

    expect(upsertLeads(db, [{ instagramId: "ig_gone" }, { instagramId: "ig_new" }], NOW)).toEqual({ created: 1, updated: 0, unchanged: 1, stale: 0, suppressed: 1 });
    const messages = [
      { externalId: "m1", instagramId: "ig_gone", direction: "in" as const, text: "Re", sentAt: NOW, messageNumber: null },
      { externalId: "m2", instagramId: "ig_gone", direction: "out" as const, text: "Re", sentAt: NOW, messageNumber: 2 },
      { externalId: "m3", instagramId: "ig_new", direction: "out" as const, text: "Bonjour", sentAt: NOW, messageNumber: 1 },
    ];
    expect(ingestMessages(db, messages, NOW)).toEqual({ created: 1, updated: 0, unchanged: 2, suppressed: 2 });
    expect(count(db, "SELECT count(*) AS n FROM leads WHERE instagram_id = 'ig_gone'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM messages")).toBe(1);
  });

  it("matches a new Instagram id by its suppressed email or phone", () => {
    const db = memoryTenant();
    suppress(db, { email: "x@example.fr", phone: "06 11 22 33 44" }, "blacklisted", NOW);
    const counts = upsertLeads(db, [{ instagramId: "ig_a", email: "X@example.fr" }, { instagramId: "ig_b", phone: "+33611223344" }, { instagramId: "ig_c", email: "ok@example.fr" }], NOW);
    expect(counts).toEqual({ created: 1, updated: 0, unchanged: 2, stale: 0, suppressed: 2 });
    expect(db.$client.prepare("SELECT instagram_id FROM leads").all()).toEqual([{ instagram_id: "ig_c" }]);
  });

  it("keeps the answer unchanged when nothing is suppressed", () => {
    const db = memoryTenant();
    expect(upsertLeads(db, [{ instagramId: "ig_1" }], NOW)).toEqual({ created: 1, updated: 0, unchanged: 0, stale: 0 });
  });
});
