// The morning pre-brief job: one email per coach who asked for it and has sessions today.
import { beforeAll, describe, expect, it } from "vitest";
import { clients, coachingSessions, goals, sessionGoals, sessionMoments } from "../../db/tenant.schema";
import { makeCoach, setupTestDb } from "../helpers";
import { eq } from "drizzle-orm";
import { tenants } from "../../db/control.schema";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { controlDb } from "~/lib/control-db.server";
import { listOutbox } from "~/email/email.server";
import { parisDateTime } from "~/crm/activities.server";
import { markTenantHealth } from "~/platform/tenant-health.server";
import { sendPrebriefs } from "~/clients/send-prebriefs.server";
import { lastPrebriefDay, savePrebriefEmail } from "~/clients/prebrief-settings.server";

type Coach = Awaited<ReturnType<typeof makeCoach>>;
let on: Coach; // setting on, sessions today
let off: Coach; // setting off, sessions today
let idle: Coach; // setting on, sessions tomorrow only
let broken: Coach; // setting on, file flagged unavailable

const now = parisDateTime("2026-11-23", "06:00");

function seedSessions(db: TenantDb, day: string) {
  const clientId = db.insert(clients).values({ firstName: "Marie", lastName: "Dupont" }).returning({ id: clients.id }).get().id;
  const prev = db
    .insert(coachingSessions)
    .values({ clientId, status: "completed", scheduledAt: parisDateTime("2026-11-10", "10:00"), summary: "Résumé <important> de la séance", notes: "Notes & remarques", agreed: "Dire non" })
    .returning({ id: coachingSessions.id })
    .get().id;
  db.insert(sessionMoments).values({ sessionId: prev, body: "Déclic culpabilité" }).run();
  const goalId = db.insert(goals).values({ clientId, title: "Oser dire non", status: "done", progress: 100 }).returning({ id: goals.id }).get().id;
  db.insert(sessionGoals).values({ sessionId: prev, goalId }).run();
  db.insert(coachingSessions).values([
    { clientId, scheduledAt: parisDateTime(day, "14:00"), theme: "Gestion du stress" },
    { clientId, scheduledAt: parisDateTime(day, "23:30") },
    { clientId, scheduledAt: parisDateTime(day, "16:00"), status: "cancelled" },
  ]).run();
}

beforeAll(async () => {
  setupTestDb();
  on = await makeCoach("Thomas Coach", "thomas@example.fr");
  off = await makeCoach("Olive Coach", "olive@example.fr");
  idle = await makeCoach("Ines Coach", "ines@example.fr");
  broken = await makeCoach("Bruno Coach", "bruno@example.fr");
  await withTenantDb(on.tenant.id, (db) => (seedSessions(db, "2026-11-23"), savePrebriefEmail(db, true)));
  await withTenantDb(off.tenant.id, (db) => (seedSessions(db, "2026-11-23"), savePrebriefEmail(db, false)));
  await withTenantDb(idle.tenant.id, (db) => (seedSessions(db, "2026-11-24"), savePrebriefEmail(db, true)));
  await withTenantDb(broken.tenant.id, (db) => (seedSessions(db, "2026-11-23"), savePrebriefEmail(db, true)));
  markTenantHealth(controlDb(), broken.tenant.id, "unavailable", "fichier endommagé");
});

const mailsTo = (email: string) => listOutbox({ limit: 500 }).filter((m) => m.to === email);

describe("sendPrebriefs", () => {
  it("sends one email to the coach with the setting on, listing today's confirmed sessions with their pre-brief", async () => {
    const report = await sendPrebriefs({ now });
    expect(report.day).toBe("2026-11-23");
    expect(report.sent).toEqual([{ tenantId: on.tenant.id, to: "thomas@example.fr", sessions: 2 }]);
    expect(report.idle).toEqual(
      expect.arrayContaining([
        { tenantId: off.tenant.id, why: "off" },
        { tenantId: idle.tenant.id, why: "no-session" },
      ]),
    );
    expect(report.skipped).toEqual([{ tenantId: broken.tenant.id, reason: "fichier endommagé" }]);
    expect(report.failed).toEqual([]);
    const [mail] = mailsTo("thomas@example.fr");
    expect(mail.subject).toBe("Vos pré-briefs du lundi 23 novembre (2 séances)");
    expect(mail.text).toContain("Bonjour Thomas");
    expect(mail.text).toContain("14:00 · Marie Dupont · Séance #2 · Gestion du stress");
    expect(mail.text).toContain("23:30 · Marie Dupont · Séance #3");
    expect(mail.text).toContain("Résumé <important> de la séance");
    expect(mail.text).toContain("« Déclic culpabilité »");
    expect(mail.html).toContain("Résumé &lt;important&gt; de la séance");
    expect(mail.html).not.toContain("<important>");
    expect(mail.text).toContain("Vos notes de séance : Notes & remarques");
    expect(mail.text).toContain("Objectifs travaillés :\n- Oser dire non (Atteint)");
    expect(mail.html).toContain("Notes &amp; remarques");
    expect(mail.html).toContain("Oser dire non (Atteint)");
    expect(mailsTo("olive@example.fr")).toHaveLength(0);
    expect(mailsTo("ines@example.fr")).toHaveLength(0);
    expect(mailsTo("bruno@example.fr")).toHaveLength(0);
    expect(await withTenantDb(on.tenant.id, lastPrebriefDay)).toBe("2026-11-23");
  });

  it("sends nothing more when run again the same day, and again the next session day", async () => {
    const again = await sendPrebriefs({ now: parisDateTime("2026-11-23", "09:00") });
    expect(again.sent).toEqual([]);
    expect(again.idle).toContainEqual({ tenantId: on.tenant.id, why: "already-sent" });
    expect(mailsTo("thomas@example.fr")).toHaveLength(1);
    // The next day: Inès has sessions now; Thomas has none.
    const next = await sendPrebriefs({ now: parisDateTime("2026-11-24", "06:00") });
    expect(next.sent.map((s) => s.to)).toEqual(["ines@example.fr"]);
  });

  it("passes Resend one idempotency key per tenant and day, so a retry after a timed-out send is dropped", async () => {
    await withTenantDb(idle.tenant.id, (db) => savePrebriefEmail(db, true));
    const keys: (string | undefined)[] = [];
    const day = "2026-11-30";
    await withTenantDb(idle.tenant.id, (db) => db.insert(coachingSessions).values({ clientId: 1, scheduledAt: parisDateTime(day, "10:00") }).run());
    // Two runs whose sends "time out" (maybe sent at Resend): the retry carries the same key.
    for (let i = 0; i < 2; i++) {
      await sendPrebriefs({ now: parisDateTime(day, "06:00"), tenantId: idle.tenant.id, send: (_e, options) => (keys.push(options.idempotencyKey), Promise.reject(new Error("timeout"))) });
    }
    expect(keys).toEqual([`prebrief/${idle.tenant.id}/${day}`, `prebrief/${idle.tenant.id}/${day}`]);
  });

  it("--tenant does not email a suspended tenant", async () => {
    const suspended = await makeCoach("Sam Coach", "sam@example.fr");
    await withTenantDb(suspended.tenant.id, (db) => (seedSessions(db, "2026-11-23"), savePrebriefEmail(db, true)));
    controlDb().update(tenants).set({ status: "suspended" }).where(eq(tenants.id, suspended.tenant.id)).run();
    const report = await sendPrebriefs({ now, tenantId: suspended.tenant.id });
    expect(report.sent).toEqual([]);
    expect(mailsTo("sam@example.fr")).toHaveLength(0);
  });

  it("emails the tenant's owner, not another member listed first", async () => {
    const owner = await makeCoach("Rita Coach", "rita@example.fr");
    await withTenantDb(owner.tenant.id, (db) => (seedSessions(db, "2026-11-23"), savePrebriefEmail(db, true)));
    // A non-owner member (a future role) that joined before the owner: the schema allows only "owner"
    // today, so it is written past the types, as a later migration would allow it.
    const control = controlDb();
    const other = await makeCoach("Assistant", "assistant@example.fr");
    control.$client
      .prepare("INSERT INTO memberships (user_id, tenant_id, role, created_at) VALUES (?, ?, 'assistant', 0)")
      .run(other.user.id, owner.tenant.id);
    const report = await sendPrebriefs({ now, tenantId: owner.tenant.id });
    expect(report.sent).toEqual([{ tenantId: owner.tenant.id, to: "rita@example.fr", sessions: 2 }]);
    expect(mailsTo("assistant@example.fr")).toHaveLength(0);
  });

  it("lets the next run try again when sending fails", async () => {
    await withTenantDb(off.tenant.id, (db) => savePrebriefEmail(db, true));
    const failing = await sendPrebriefs({ now, tenantId: off.tenant.id, send: () => Promise.reject(new Error("Resend down")) });
    expect(failing.failed).toEqual([{ tenantId: off.tenant.id, error: "Resend down" }]);
    expect(await withTenantDb(off.tenant.id, lastPrebriefDay)).toBeNull();
    const retry = await sendPrebriefs({ now, tenantId: off.tenant.id });
    expect(retry.sent.map((s) => s.to)).toEqual(["olive@example.fr"]);
    expect(mailsTo("olive@example.fr")).toHaveLength(1);
  });
});
