// Automatic pause: strictly above 5 % bounces or 0.3 % complaints of the sends so far.
import { describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import { BOUNCE_RATE_LIMIT, campaignRates, checkCampaignHealth, COMPLAINT_RATE_LIMIT, pauseDecision } from "./campaign-health.server";
import { addCampaign, addSend } from "./email-sends.test-helpers";

describe("pauseDecision", () => {
  it("has the thresholds of the seed", () => {
    expect([BOUNCE_RATE_LIMIT, COMPLAINT_RATE_LIMIT]).toEqual([0.05, 0.003]);
  });

  it("does not pause at exactly 5 % bounces, pauses just above", () => {
    expect(pauseDecision({ sent: 100, bounced: 5, complained: 0 })).toBeNull();
    expect(pauseDecision({ sent: 500, bounced: 25, complained: 0 })).toBeNull();
    expect(pauseDecision({ sent: 100, bounced: 6, complained: 0 })?.reason).toBe("bounce_rate");
    expect(pauseDecision({ sent: 10_000, bounced: 501, complained: 0 })?.reason).toBe("bounce_rate");
    expect(pauseDecision({ sent: 10_000, bounced: 500, complained: 0 })).toBeNull();
  });

  it("does not pause at exactly 0.3 % complaints, pauses just above", () => {
    expect(pauseDecision({ sent: 1000, bounced: 0, complained: 3 })).toBeNull();
    expect(pauseDecision({ sent: 1000, bounced: 0, complained: 4 })?.reason).toBe("complaint_rate");
    expect(pauseDecision({ sent: 10_000, bounced: 0, complained: 31 })?.reason).toBe("complaint_rate");
    expect(pauseDecision({ sent: 10_000, bounced: 0, complained: 30 })).toBeNull();
  });

  it("says why in French, with the figures", () => {
    expect(pauseDecision({ sent: 500, bounced: 31, complained: 0 })).toEqual({
      reason: "bounce_rate",
      detail: "6,2 % de bounces (31 sur 500 envois) : au-delà de 5 %, la campagne est mise en pause.",
    });
    expect(pauseDecision({ sent: 1000, bounced: 10, complained: 4 })).toEqual({
      reason: "complaint_rate",
      detail: "0,4 % de plaintes pour spam (4 sur 1\u202f000 envois) : au-delà de 0,3 %, la campagne est mise en pause.",
    });
  });

  it("judges nothing before a send", () => {
    expect(pauseDecision({ sent: 0, bounced: 0, complained: 0 })).toBeNull();
    expect(pauseDecision({ sent: 0, bounced: 1, complained: 1 })).toBeNull();
  });
});

describe("checkCampaignHealth", () => {
  it("counts only sends with sent_at, and bounces of any type among them", () => {
    const db = memoryTenant();
    const campaignId = addCampaign(db);
    for (let i = 0; i < 3; i++) addSend(db, { campaignId });
    addSend(db, { campaignId, sent: false });
    const other = addCampaign(db);
    addSend(db, { campaignId: other });
    const bounced = addSend(db, { campaignId });
    db.$client.prepare("UPDATE email_sends SET bounced_at = 1, bounce_type = 'soft' WHERE id = ?").run(bounced);
    expect(campaignRates(db, campaignId)).toEqual({ sent: 4, bounced: 1, complained: 0 });
  });

  it("pauses only a sending campaign, once, and respects the coach's notification switch", () => {
    const db = memoryTenant();
    const complain = (campaignId: number) => {
      const id = addSend(db, { campaignId });
      db.$client.prepare("UPDATE email_sends SET complained_at = 1 WHERE id = ?").run(id);
    };
    const scheduled = addCampaign(db, { status: "sent" });
    complain(scheduled);
    expect(checkCampaignHealth(db, scheduled)).toBeNull();
    expect(db.$client.prepare("SELECT status FROM email_campaigns WHERE id = ?").get(scheduled)).toEqual({ status: "sent" });

    db.$client.prepare("INSERT INTO settings (key, value) VALUES ('notify.campaign_paused', 'off')").run();
    const sending = addCampaign(db, { name: "Noël" });
    for (let i = 0; i < 99; i++) addSend(db, { campaignId: sending });
    complain(sending);
    expect(checkCampaignHealth(db, sending)?.reason).toBe("complaint_rate");
    expect(checkCampaignHealth(db, sending)).toBeNull();
    expect(db.$client.prepare("SELECT status, pause_reason AS reason FROM email_campaigns WHERE id = ?").get(sending)).toEqual({ status: "paused", reason: "complaint_rate" });
    expect(db.$client.prepare("SELECT count(*) AS n FROM notifications").get()).toEqual({ n: 0 });
  });
});
