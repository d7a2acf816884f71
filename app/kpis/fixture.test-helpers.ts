// A small hand-built tenant whose KPI values were worked out by hand (see kpis.server.test.ts).
// Lead counters match the messages below, as the ingestion keeps them.
// Times are written in Paris local time (+01:00 in November) so the day of each row is obvious.
import { leads, messageSequences, messages } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { dayKey } from "./paris-days.server";

export const at = (local: string) => new Date(`${local}+01:00`);
export const NOW = at("2026-11-21T12:00:00"); // a Saturday

type Msg = { lead: number; dir: "in" | "out"; at: string; n?: number; replied?: boolean };

export function buildFixture(db: TenantDb) {
  const lead = (id: number, v: Partial<typeof leads.$inferInsert> & { createdAt: Date }) =>
    db.insert(leads).values({ id, instagramId: `ig_${id}`, username: `lead${id}`, createdDay: dayKey(v.createdAt), ...v }).run();

  // 19 Nov (Thursday)
  lead(1, { createdAt: at("2026-11-19T10:00:00"), status: "won", gender: "female", age: 30, jobTitle: "Infirmière", source: "story", dealValueCents: 150_000, timeToActionMinutes: 120, messagesSent: 2, messagesReceived: 2 });
  lead(6, { createdAt: at("2026-11-19T11:00:00"), status: "call_booked", gender: "female", age: 35, jobTitle: "Infirmière", source: "post", timeToActionMinutes: 60, messagesSent: 1, messagesReceived: 1 });
  // 20 Nov: L2 arrives at 00:30 in Paris, which is still 19 Nov in UTC.
  lead(2, { createdAt: at("2026-11-20T00:30:00"), status: "lost", lostReason: "Prix trop élevé", gender: "male", age: 40, jobTitle: "Infirmière", source: "post", messagesSent: 2, messagesReceived: 1 });
  lead(3, { createdAt: at("2026-11-20T15:00:00"), status: "follow_up", jobTitle: "Coach sportif", source: "story", lastContactAt: at("2026-11-20T16:00:00"), messagesSent: 2, messagesReceived: 1 });
  lead(4, { createdAt: at("2026-11-20T16:00:00"), status: "qualified", gender: "other", age: 25, source: "story" });
  // Today
  lead(5, { createdAt: at("2026-11-21T09:00:00"), status: "new", gender: "male", source: "keyword", messagesSent: 1 });
  // Long ago (outside the 7-day range), still waiting for a follow-up
  lead(7, { createdAt: at("2026-10-01T10:00:00"), status: "follow_up", gender: "female", age: 50, jobTitle: "Infirmière", source: "story", lastContactAt: at("2026-11-10T10:00:00") });

  const msgs: Msg[] = [
    { lead: 1, dir: "out", at: "2026-11-19T10:05:00", n: 1, replied: true },
    { lead: 1, dir: "in", at: "2026-11-19T10:20:00" },
    { lead: 1, dir: "out", at: "2026-11-19T10:30:00", n: 2, replied: true },
    { lead: 1, dir: "in", at: "2026-11-19T11:00:00" },
    { lead: 6, dir: "out", at: "2026-11-19T11:05:00", n: 1, replied: true },
    { lead: 6, dir: "in", at: "2026-11-19T11:15:00" },
    { lead: 2, dir: "out", at: "2026-11-20T01:00:00", n: 1, replied: false },
    { lead: 2, dir: "out", at: "2026-11-20T09:00:00", n: 2, replied: true },
    { lead: 2, dir: "in", at: "2026-11-20T09:30:00" },
    { lead: 3, dir: "out", at: "2026-11-20T15:10:00", n: 1, replied: true },
    { lead: 3, dir: "in", at: "2026-11-20T15:40:00" },
    { lead: 3, dir: "out", at: "2026-11-20T16:00:00", n: 2, replied: false },
    { lead: 5, dir: "out", at: "2026-11-21T09:05:00", n: 1, replied: false },
  ];
  msgs.forEach((m, i) =>
    db
      .insert(messages)
      .values({ externalId: `m${i}`, leadId: m.lead, direction: m.dir, sentAt: at(m.at), sentDay: dayKey(at(m.at)), messageNumber: m.n ?? null, isReplied: m.replied ?? false })
      .run(),
  );
  // L6 booked its call on Thursday 19 Nov at 18:30 in Paris.
  db.insert(messageSequences).values({ leadId: 6, callProposedAt: at("2026-11-19T18:00:00"), callBookedAt: at("2026-11-19T18:30:00") }).run();
}
