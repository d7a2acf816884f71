import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { upsertLeads } from "~/ingest/leads.server";
import { ingestMessages } from "~/ingest/messages.server";
import { GAP_MESSAGE } from "~/clients/paris-time";
import { createActivity, parisDateTime, setActivityState } from "./activities.server";
import { ActivitySchema } from "./lead-schemas";
import { addNote, deleteNote } from "./notes.server";
import { conversation, replyLabel, timeline } from "./timeline.server";
import { memoryTenant } from "./test-tenant.test-helpers";
import { setStatus } from "./lead.server";

const T0 = new Date("2026-11-10T10:00:00Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

describe("conversation", () => {
  it("lists messages in order with the reply time of each numbered message", () => {
    const db = memoryTenant();
    ingestMessages(db, [
      { externalId: "b", instagramId: "ig", direction: "in", text: "Oui", sentAt: at(130), messageNumber: null },
      { externalId: "a", instagramId: "ig", direction: "out", text: "Msg 1", sentAt: at(0), messageNumber: 1 },
      { externalId: "c", instagramId: "ig", direction: "out", text: "Msg 2", sentAt: at(200), messageNumber: 2 },
    ], at(300));
    const msgs = conversation(db, 1);
    expect(msgs.map((m) => [m.text, m.messageNumber, m.replyMinutes])).toEqual([
      ["Msg 1", 1, 130],
      ["Oui", null, null],
      ["Msg 2", 2, null],
    ]);
    expect(replyLabel(130)).toBe("répondu en 2 h 10");
    expect(replyLabel(5)).toBe("répondu en 5 min");
    expect(replyLabel(60)).toBe("répondu en 1 h");
    expect(replyLabel(60 * 27)).toBe("répondu en 1 j 3 h");
  });
});

describe("timeline", () => {
  it("puts notes, activities and status changes on one list, newest first; foreign ids change nothing", () => {
    const db = memoryTenant();
    upsertLeads(db, [{ instagramId: "ig_a" }, { instagramId: "ig_b" }], T0);
    const note = addNote(db, 1, "Première note", at(10));
    const activity = createActivity(db, 1, { type: "video_call", priority: "low", state: "planned", dueDate: "2026-11-12", dueTime: "09:30", details: "Visio" }, at(20));
    setStatus(db, 1, "qualified", at(30));
    const items = timeline(db, 1);
    expect(items.map((i) => i.kind)).toEqual(["activity", "status", "note", "status"]);
    expect(items[0]).toMatchObject({ kind: "activity", dueAt: Date.parse("2026-11-12T08:30:00Z"), state: "planned" });
    expect(setActivityState(db, 2, activity, "done", at(40))).toBe(false); // not lead 2's activity
    expect(deleteNote(db, 2, note)).toBe(false);
    expect(setActivityState(db, 1, activity, "done", at(40))).toBe(true);
    expect(timeline(db, 1)[0]).toMatchObject({ state: "done", doneAt: at(40).getTime() });
    expect(deleteNote(db, 1, note)).toBe(true);
    expect(timeline(db, 1).map((i) => i.kind)).toEqual(["activity", "status", "status"]);
  });

  it("reads due times in Paris time, summer and winter", () => {
    expect(parisDateTime("2026-07-01", "18:00").toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(parisDateTime("2026-12-01", "18:00").toISOString()).toBe("2026-12-01T17:00:00.000Z");
  });

  it("refuses the hour skipped in March with the sessions' field error, instead of shifting it", () => {
    const parse = (v: Record<string, string>) => {
      const f = new FormData();
      for (const [k, x] of Object.entries({ type: "call", priority: "medium", ...v })) f.set(k, x);
      const s = parseWithZod(f, { schema: ActivitySchema });
      return s.status === "success" ? null : s.error;
    };
    expect(parse({ dueDate: "2026-03-29", dueTime: "02:30" })?.dueTime).toEqual([GAP_MESSAGE]);
    expect(parse({ dueDate: "2026-02-31" })?.dueDate).toEqual(["Cette date n'existe pas."]);
    expect(parse({ dueDate: "2026-03-29", dueTime: "03:00" })).toBeNull();
    expect(() => parisDateTime("2026-03-29", "02:30")).toThrow(/gap/);
    expect(parisDateTime("2026-03-29", "03:00").toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(parisDateTime("2026-10-25", "02:30").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
});
