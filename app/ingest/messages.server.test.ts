import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { leads, messages, messageSequences } from "../../db/tenant.schema";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { upsertLeads } from "./leads.server";
import { ingestMessages } from "./messages.server";
import type { MessageInput } from "./schemas";

let tenantId: string;
const inTenant = <T,>(fn: (db: TenantDb) => T) => withTenantDb(tenantId, fn);

const T0 = new Date("2024-05-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const NOW = at(24 * 60);

const message = (instagramId: string, externalId: string, direction: "in" | "out", minute: number, messageNumber: number | null = null): MessageInput => ({
  externalId,
  instagramId,
  direction,
  text: `${direction} at ${minute}`,
  sentAt: at(minute),
  messageNumber,
});

/** The lead, its messages and its sequence, without ids or ingestion times. */
function conversationRows(db: TenantDb, instagramId: string) {
  const l = db.select().from(leads).where(eq(leads.instagramId, instagramId)).get()!;
  const ms = db.select().from(messages).where(eq(messages.leadId, l.id)).orderBy(asc(messages.sentAt)).all();
  const s = db.select().from(messageSequences).where(eq(messageSequences.leadId, l.id)).get();
  const { id: _id, updatedAt: _u, instagramId: _ig, ...lead } = l;
  const { id: _sid, leadId: _sl, createdAt: _sc, ...sequence } = s!;
  return {
    lead,
    messages: ms.map((m) => ({ ext: m.externalId!.split(":")[1], dir: m.direction, n: m.messageNumber, replied: m.isReplied, repliedAt: m.repliedAt, sentAt: m.sentAt })),
    sequence,
  };
}

/** Rows that statements reading the messages table returned while `fn` ran. */
function messageRowsRead(db: TenantDb, fn: () => void) {
  const statementPrototype = Object.getPrototypeOf(db.$client.prepare("SELECT 1"));
  const all = vi.spyOn(statementPrototype, "all");
  try {
    fn();
    let rows = 0;
    all.mock.calls.forEach((_, i) => {
      const { source } = all.mock.contexts[i] as { source: string };
      const value: unknown = all.mock.results[i].value;
      if (/FROM messages/i.test(source) && Array.isArray(value)) rows += value.length;
    });
    return rows;
  } finally {
    all.mockRestore();
  }
}

beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Messages Coach", "messages@example.fr")).tenant.id;
});

describe("ingestMessages", () => {
  // o1 10:00, o2 10:05, i1 10:07, o3 11:00, i2 11:30, i3 11:31 — sent shuffled in one batch.
  const conv = (ig: string) => [
    message(ig, `${ig}:o3`, "out", 60),
    message(ig, `${ig}:i1`, "in", 7),
    message(ig, `${ig}:o1`, "out", 0),
    message(ig, `${ig}:i3`, "in", 91),
    message(ig, `${ig}:o2`, "out", 5),
    message(ig, `${ig}:i2`, "in", 90),
  ];

  it("derives numbers, replies, counters and the sequence of a conversation worked out by hand", async () => {
    await inTenant((db) => {
      expect(ingestMessages(db, conv("ig_conv"), NOW)).toEqual({ created: 6, updated: 0, unchanged: 0 });
      const rows = conversationRows(db, "ig_conv");
      // o1 is followed by o2 unanswered; i1 answers o2; i2 answers o3; i3 answers nothing new.
      expect(rows.messages).toEqual([
        { ext: "o1", dir: "out", n: 1, replied: false, repliedAt: null, sentAt: at(0) },
        { ext: "o2", dir: "out", n: 2, replied: true, repliedAt: at(7), sentAt: at(5) },
        { ext: "i1", dir: "in", n: null, replied: false, repliedAt: null, sentAt: at(7) },
        { ext: "o3", dir: "out", n: 3, replied: true, repliedAt: at(90), sentAt: at(60) },
        { ext: "i2", dir: "in", n: null, replied: false, repliedAt: null, sentAt: at(90) },
        { ext: "i3", dir: "in", n: null, replied: false, repliedAt: null, sentAt: at(91) },
      ]);
      // A stub lead: created at its first message, engaged because it answered.
      expect(rows.lead).toMatchObject({ status: "engaged", createdAt: at(0), messagesSent: 3, messagesReceived: 3, lastContactAt: at(91), username: null });
      expect(rows.sequence).toEqual({
        msg1SentAt: at(0), msg1Replied: false, msg1RepliedAt: null,
        msg2SentAt: at(5), msg2Replied: true, msg2RepliedAt: at(7),
        msg3SentAt: at(60), msg3Replied: true, msg3RepliedAt: at(90),
        msg4SentAt: null, msg4Replied: false, msg4RepliedAt: null,
        callProposedAt: null, callBookedAt: null,
      });
    });
  });

  it("is idempotent: the same batch again changes nothing", async () => {
    await inTenant((db) => {
      ingestMessages(db, conv("ig_twice"), NOW);
      const before = { rows: conversationRows(db, "ig_twice"), updatedAt: db.select().from(leads).where(eq(leads.instagramId, "ig_twice")).get()!.updatedAt };
      expect(ingestMessages(db, conv("ig_twice"), at(2 * 24 * 60))).toEqual({ created: 0, updated: 0, unchanged: 6 });
      expect(conversationRows(db, "ig_twice")).toEqual(before.rows);
      expect(db.select().from(leads).where(eq(leads.instagramId, "ig_twice")).get()!.updatedAt).toEqual(before.updatedAt);
    });
  });

  it("gives the same rows whether messages come in order, reversed or retried one by one", async () => {
    await inTenant((db) => {
      const ordered = (ig: string) => [...conv(ig)].sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime());
      for (const m of ordered("ig_fwd")) ingestMessages(db, [m], NOW);
      const reversed = ordered("ig_rev").reverse();
      for (const m of [...reversed, reversed[2], reversed[0]]) ingestMessages(db, [m], NOW);
      ingestMessages(db, conv("ig_batch"), NOW);
      const fwd = conversationRows(db, "ig_fwd");
      expect(conversationRows(db, "ig_rev")).toEqual(fwd);
      expect(conversationRows(db, "ig_batch")).toEqual(fwd);
      expect(fwd.messages.map((m) => m.n)).toEqual([1, 2, null, 3, null, null]);
    });
  });

  it("extends the derived data of a batch that follows the stored messages, without re-reading them", async () => {
    await inTenant((db) => {
      // 299 messages: out, out, in, out, out, in, … ending with an unanswered out (#298).
      const history = Array.from({ length: 299 }, (_, i) => message("ig_long", `ig_long:${String(i).padStart(3, "0")}`, i % 3 === 2 ? "in" : "out", i));
      ingestMessages(db, history, NOW);
      const next = [message("ig_long", "ig_long:n1", "in", 300), message("ig_long", "ig_long:n2", "out", 301)];
      expect(messageRowsRead(db, () => ingestMessages(db, next, NOW))).toBeLessThan(10);
      const rows = conversationRows(db, "ig_long");
      expect(rows.lead).toMatchObject({ messagesSent: 201, messagesReceived: 100, lastContactAt: at(301) });
      expect(rows.messages.slice(-3)).toEqual([
        { ext: "298", dir: "out", n: 200, replied: true, repliedAt: at(300), sentAt: at(298) }, // answered by the new message
        { ext: "n1", dir: "in", n: null, replied: false, repliedAt: null, sentAt: at(300) },
        { ext: "n2", dir: "out", n: 201, replied: false, repliedAt: null, sentAt: at(301) },
      ]);
    });
  });

  it("keeps the numbers the sender gave, whatever the arrival order", async () => {
    await inTenant((db) => {
      // Setter's sequence steps 2 and 4 only (1 and 3 were sent elsewhere), plus an unnumbered message.
      const numbered = (ig: string) => [message(ig, `${ig}:a`, "out", 0, 2), message(ig, `${ig}:b`, "out", 10, 4), message(ig, `${ig}:c`, "out", 20)];
      for (const m of numbered("ig_num_fwd")) ingestMessages(db, [m], NOW);
      for (const m of numbered("ig_num_rev").reverse()) ingestMessages(db, [m], NOW);
      const fwd = conversationRows(db, "ig_num_fwd");
      expect(fwd.messages.map((m) => m.n)).toEqual([2, 4, 3]);
      expect(conversationRows(db, "ig_num_rev")).toEqual(fwd);
      expect([fwd.sequence.msg1SentAt, fwd.sequence.msg2SentAt, fwd.sequence.msg3SentAt, fwd.sequence.msg4SentAt]).toEqual([null, at(0), at(20), at(10)]);
    });
  });

  it("holds messages that arrive before their lead on a stub the lead payload then completes", async () => {
    await inTenant((db) => {
      ingestMessages(db, [message("ig_early", "ig_early:o1", "out", 60)], NOW);
      expect(db.select().from(leads).where(eq(leads.instagramId, "ig_early")).get()).toMatchObject({
        status: "new", createdAt: at(60), firstName: null, messagesSent: 1,
      });
      const counts = upsertLeads(db, [{ instagramId: "ig_early", firstName: "Inès", status: "qualified", createdAt: at(-30) }], NOW);
      expect(counts).toEqual({ created: 0, updated: 1, unchanged: 0, stale: 0 });
      expect(db.select().from(leads).where(eq(leads.instagramId, "ig_early")).get()).toMatchObject({
        status: "qualified", createdAt: at(-30), firstName: "Inès", messagesSent: 1,
      });
    });
  });

  it("treats messages as immutable: a known external_id is left as it was", async () => {
    await inTenant((db) => {
      ingestMessages(db, [message("ig_imm", "ig_imm:1", "out", 0)], NOW);
      const changed = { ...message("ig_imm", "ig_imm:1", "in", 5), text: "edited" };
      expect(ingestMessages(db, [changed], NOW)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(db.select().from(messages).where(eq(messages.externalId, "ig_imm:1")).get()).toMatchObject({ direction: "out", text: "out at 0", sentAt: at(0) });
    });
  });

  it("writes nothing when one message of the batch is refused by the database", async () => {
    await inTenant((db) => {
      const refused = { ...message("ig_rb", "ig_rb:2", "in", 5), text: null } as unknown as MessageInput; // text is NOT NULL
      expect(() => ingestMessages(db, [message("ig_rb", "ig_rb:1", "out", 0), message("ig_conv", "ig_conv:o4", "out", 200), refused], NOW)).toThrow(/NOT NULL/);
      expect(db.select().from(leads).where(eq(leads.instagramId, "ig_rb")).get()).toBeUndefined();
      expect(db.select().from(messages).where(eq(messages.externalId, "ig_conv:o4")).get()).toBeUndefined();
      expect(conversationRows(db, "ig_conv").lead.messagesSent).toBe(3);
    });
  });
});
