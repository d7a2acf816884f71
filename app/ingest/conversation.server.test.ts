import { describe, expect, it } from "vitest";
import { deriveConversation, type StoredMessage } from "./conversation.server";

const MIN = 60_000;
let nextId = 1;
function msg(externalId: string, direction: "in" | "out", minute: number, extra: Partial<StoredMessage> = {}): StoredMessage {
  const base = { id: nextId++, externalId, direction, messageNumber: null, sentAt: minute * MIN, isReplied: false, repliedAt: null, ...extra };
  return { ...base, senderNumber: extra.senderNumber !== undefined ? extra.senderNumber : base.messageNumber };
}

describe("deriveConversation", () => {
  // o1 (0) o2 (10) i1 (15) i2 (20) o3 (30) o4 (40) i3 (50), given to the function shuffled.
  const o1 = msg("o1", "out", 0);
  const o2 = msg("o2", "out", 10);
  const i1 = msg("i1", "in", 15);
  const i2 = msg("i2", "in", 20);
  const o3 = msg("o3", "out", 30);
  const o4 = msg("o4", "out", 40);
  const i3 = msg("i3", "in", 50);

  it("numbers outgoing messages by rank and marks the ones answered before the next outgoing", () => {
    const c = deriveConversation([i3, o2, o4, i1, o1, o3, i2]);
    // o1 is followed by o2 before any answer; i1 answers o2 (i2 answers nothing new);
    // o3 is followed by o4; i3 answers o4.
    expect(c.messages).toEqual([
      { id: o1.id, messageNumber: 1, isReplied: false, repliedAt: null },
      { id: o2.id, messageNumber: 2, isReplied: true, repliedAt: 15 * MIN },
      { id: i1.id, messageNumber: null, isReplied: false, repliedAt: null },
      { id: i2.id, messageNumber: null, isReplied: false, repliedAt: null },
      { id: o3.id, messageNumber: 3, isReplied: false, repliedAt: null },
      { id: o4.id, messageNumber: 4, isReplied: true, repliedAt: 50 * MIN },
      { id: i3.id, messageNumber: null, isReplied: false, repliedAt: null },
    ]);
    expect([c.sent, c.received, c.firstAt, c.lastAt, c.answered]).toEqual([4, 3, 0, 50 * MIN, true]);
    expect(c.slots).toEqual([
      { sentAt: 0, replied: false, repliedAt: null },
      { sentAt: 10 * MIN, replied: true, repliedAt: 15 * MIN },
      { sentAt: 30 * MIN, replied: false, repliedAt: null },
      { sentAt: 40 * MIN, replied: true, repliedAt: 50 * MIN },
    ]);
  });

  it("keeps the numbers the sender gave; a slot takes the earliest message with its number", () => {
    const a = msg("a", "out", 0, { messageNumber: 2 });
    const b = msg("b", "out", 5); // rank 2, like a's explicit number
    const reply = msg("r", "in", 7);
    const c = deriveConversation([a, b, reply]);
    expect(c.messages.map((m) => m.messageNumber)).toEqual([2, 2, null]);
    expect(c.slots[0]).toEqual({ sentAt: null, replied: false, repliedAt: null });
    expect(c.slots[1]).toEqual({ sentAt: 0, replied: false, repliedAt: null }); // a, not b (answered)
  });

  it("re-ranks derived numbers when an earlier message arrives late, and keeps the sender's numbers", () => {
    // Stored before: x at 10 (derived 1, no sender number), y at 20 (sent as 4).
    const x = msg("x", "out", 10, { messageNumber: 1, senderNumber: null });
    const y = msg("y", "out", 20, { messageNumber: 4 });
    const late = msg("w", "out", 0);
    const c = deriveConversation([x, y, late]);
    expect(c.messages.map((m) => [m.id, m.messageNumber])).toEqual([
      [late.id, 1],
      [x.id, 2],
      [y.id, 4],
    ]);
  });

  it("breaks sent_at ties by external_id, whatever the arrival order", () => {
    const outFirst = deriveConversation([msg("b-in", "in", 5), msg("a-out", "out", 5)]);
    const inFirst = deriveConversation([msg("a-out", "out", 5), msg("b-in", "in", 5)]);
    expect(outFirst.messages.find((m) => m.messageNumber === 1)).toMatchObject({ isReplied: true, repliedAt: 5 * MIN });
    expect(inFirst.messages.find((m) => m.messageNumber === 1)).toMatchObject({ isReplied: true, repliedAt: 5 * MIN });
  });

  it("gives empty figures for a lead without messages", () => {
    const c = deriveConversation([]);
    expect([c.sent, c.received, c.firstAt, c.lastAt, c.answered]).toEqual([0, 0, null, null, false]);
  });
});
