// Campaign metrics: counts and rates from the sends, opens only in aggregate and only with the
// switch on, and the 90-day join with clients and the payments ledger.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { campaignMetrics, campaignRecipients } from "./campaign-metrics.server";
import { setOpenTracking } from "./webhook-events.server";
import { addClientFromLead, addLeads, addPayment, addSegment, addTemplate } from "./campaigns.test-helpers";
import { createDraft, queueCampaign } from "./campaigns.server";

const DAY = 24 * 3600 * 1000;
const SENT = Date.UTC(2026, 1, 1, 9);
let tenantId: string;
let campaignId: number;
let leads: number[];
const inTenant = <T,>(fn: (db: TenantDb) => T | Promise<T>) => withTenantDb(tenantId, fn);

beforeAll(async () => {
  setupTestDb();
  ({ tenant: { id: tenantId } } = await makeCoach("Metrics Coach", "metrics@example.fr"));
  await inTenant(async (db) => {
    leads = addLeads(db, 10, { tag: "m" });
    campaignId = createDraft(db, { name: "Mesures", templateId: addTemplate(db), segmentId: addSegment(db, "M", "m") });
    await queueCampaign(db, tenantId, campaignId, { now: new Date(SENT - 60_000) });
    const set = (sql: string, ids: number[]) => db.$client.prepare(`UPDATE email_sends SET ${sql} WHERE campaign_id = ? AND lead_id IN (SELECT value FROM json_each(?))`).run(campaignId, JSON.stringify(ids));
    // 8 sent (2 still queued), 6 delivered, 1 bounce, 1 complaint, 3 clicks, 2 opens, 1 unsubscribe, 1 failed.
    set(`status = 'sent', sent_at = ${SENT}`, leads.slice(0, 8));
    set(`delivered_at = ${SENT + 1000}`, leads.slice(0, 6));
    set(`bounced_at = ${SENT + 1000}, bounce_type = 'hard'`, [leads[6]]);
    set(`complained_at = ${SENT + 1000}`, [leads[5]]);
    set(`clicked_at = ${SENT + 5000}`, leads.slice(0, 3));
    set(`opened_at = ${SENT + 4000}`, leads.slice(0, 2));
    set(`unsubscribed_at = ${SENT + 9000}`, [leads[4]]);
    set("status = 'failed', error = 'boom'", [leads[8]]);
    // Lead 0: client at day 10, pays 500 € at day 20 and 200 € at day 95 (outside), refund 100 € at day 30.
    const c0 = addClientFromLead(db, leads[0], SENT + 10 * DAY);
    addPayment(db, c0.invoiceId, c0.clientId, 50_000, SENT + 20 * DAY);
    addPayment(db, c0.invoiceId, c0.clientId, 20_000, SENT + 95 * DAY);
    addPayment(db, c0.invoiceId, c0.clientId, -10_000, SENT + 30 * DAY);
    // Lead 1: client at day 89.9, pays 300 € at day 89.95.
    const c1 = addClientFromLead(db, leads[1], SENT + 89.9 * DAY);
    addPayment(db, c1.invoiceId, c1.clientId, 30_000, SENT + 89.95 * DAY);
    // Lead 2: client at day 91: not counted, nor its payment.
    const c2 = addClientFromLead(db, leads[2], SENT + 91 * DAY);
    addPayment(db, c2.invoiceId, c2.clientId, 99_000, SENT + 92 * DAY);
    // Lead 3: already a client before the email: not "devenu client".
    const c3 = addClientFromLead(db, leads[3], SENT - DAY);
    addPayment(db, c3.invoiceId, c3.clientId, 77_000, SENT + DAY);
    // Lead 9 was never sent (queued): its client does not count either.
    addClientFromLead(db, leads[9], SENT + DAY);
  });
});

describe("campaignMetrics", () => {
  it("counts the sends and computes the rates; opens stay hidden while tracking is off", () =>
    inTenant((db) => {
      const m = campaignMetrics(db, campaignId);
      expect(m).toMatchObject({ recipients: 10, sent: 8, delivered: 6, bounces: 1, complaints: 1, clicks: 3, unsubscribes: 1, failed: 1, pending: 1, opens: null, openRate: null });
      expect(m.bounceRate).toBeCloseTo(1 / 8);
      expect(m.complaintRate).toBeCloseTo(1 / 8);
      expect(m.clickRate).toBeCloseTo(3 / 6);
      setOpenTracking(db, true);
      expect(campaignMetrics(db, campaignId)).toMatchObject({ opens: 2, openRate: 2 / 6 });
      setOpenTracking(db, false);
      expect(campaignMetrics(db, campaignId).opens).toBeNull();
    }));

  it("counts leads who became clients within 90 days and what they paid within 90 days, refunds subtracted", () =>
    inTenant((db) => {
      const m = campaignMetrics(db, campaignId);
      expect(m.becameClients).toBe(2);
      expect(m.revenueCents).toBe(50_000 - 10_000 + 30_000);
    }));

  it("a campaign with nothing sent has no rates", () =>
    inTenant((db) => {
      const m = campaignMetrics(db, 9999);
      expect(m).toMatchObject({ recipients: 0, sent: 0, bounceRate: null, clickRate: null, becameClients: 0, revenueCents: 0 });
    }));
});

describe("campaignRecipients", () => {
  it("lists each recipient with name, email and events, paginated, without opens", () =>
    inTenant((db) => {
      const { rows, total, pageCount } = campaignRecipients(db, campaignId, 1);
      expect(total).toBe(10);
      expect(pageCount).toBe(1);
      expect(rows[0]).toMatchObject({ name: "Prénom1 Nom1", email: "lead-1@example.fr", status: "sent", deliveredAt: SENT + 1000, clickedAt: SENT + 5000 });
      expect(rows[0]).not.toHaveProperty("openedAt");
      expect(rows[4].unsubscribedAt).toBe(SENT + 9000);
      expect(rows[8]).toMatchObject({ status: "failed", error: "boom" });
      expect(campaignRecipients(db, campaignId, 7).page).toBe(1);
    }));
});
