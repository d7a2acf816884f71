// One Instagram DM conversation between the setter and a lead, shaped by the lead's final
// status: a lead only reaches "call_booked" through replies and a call proposal, so the
// messages, the KPI counters and the message_sequences row all tell the same story.
import type { LeadStatus } from "../../db/tenant.schema";
import { DAY, MINUTE } from "./clock.server";
import { chance, int, pick, weighted } from "./random.server";
import {
  CALL_ACCEPTS,
  CALL_CONFIRMATIONS,
  CALL_HESITATIONS,
  CALL_PROPOSALS,
  FOLLOW_UPS,
  OBJECTIONS,
  OPENERS,
  QUESTIONS,
  RELANCES,
  REPLIES,
  UNDERSTANDINGS,
  WELCOMES,
} from "./vocabulary.server";

export type Line = {
  direction: "in" | "out";
  /** Absolute time in ms, strictly increasing, after the lead's creation and before now. */
  at: number;
  text: string;
  mark?: "proposal" | "booking" | "welcome";
};

type Context = { status: LeadStatus; source: string; firstName: string; topic: string; lostReason: string | null };

/** Builds the exchange on a relative clock (minutes), then fits it between createdAt and now. */
export function buildConversation(ctx: Context, createdAt: number, now: number): Line[] {
  const lines = draft(ctx);
  if (lines.length === 0) return lines;
  // Recent leads cannot have weeks of relances: squeeze the timeline into the time available.
  const available = now - MINUTE - createdAt;
  const span = lines[lines.length - 1].at * MINUTE;
  const scale = span > available ? available / span : 1;
  let previous = createdAt;
  for (const line of lines) {
    line.at = Math.max(createdAt + Math.floor(line.at * MINUTE * scale), previous + 1);
    previous = line.at;
  }
  return lines;
}

function draft(ctx: Context): Line[] {
  const lines: Line[] = [];
  let t = 0;
  const fill = (text: string) => text.replaceAll("{p}", ctx.firstName).replaceAll("{t}", ctx.topic);
  const out = (text: string, gap: number, mark?: Line["mark"]) => {
    t += gap;
    lines.push({ direction: "out", at: t, text: fill(text), mark });
  };
  const inbound = (text: string, mark?: Line["mark"]) => {
    t += chance(0.6) ? int(3, 60) : int(60, 600);
    lines.push({ direction: "in", at: t, text: fill(text), mark });
    if (chance(0.4)) {
      t += int(1, 5);
      lines.push({ direction: "in", at: t, text: pick(FOLLOW_UPS) });
    }
  };
  const quick = () => int(2, 45);
  const relanceGap = () => int(1, 3) * 24 * 60 + int(0, 600);

  const { status } = ctx;
  if (status === "new") {
    if (chance(0.7)) out(pick(OPENERS[ctx.source]), int(2, 90));
    return lines;
  }

  // Relances until the lead's first reply (some follow-up leads never answered at all).
  out(pick(OPENERS[ctx.source]), int(2, 90));
  const silent = status === "follow_up" && chance(0.4);
  const firstReplyTurn = silent ? int(2, 4) : weighted([[1, 75], [2, 15], [3, 10]] as const);
  for (let turn = 1; turn < firstReplyTurn; turn++) out(pick(RELANCES), relanceGap());
  if (silent) return lines;
  inbound(pick(REPLIES));

  // Qualification questions; warmer statuses answer more often.
  const questions = { engaged: [1, 2], qualified: [2, 3], call_proposed: [2, 3], call_booked: [2, 4], won: [2, 4], lost: [1, 3], follow_up: [1, 2] }[status];
  // Answers thin out as the questions go on, so the msg1 → msg4 reply rates decrease as in real DMs.
  const replyRate = status === "engaged" || status === "lost" ? 0.6 : status === "follow_up" ? 0.45 : 0.7;
  const count = int(questions[0], questions[1]);
  for (let q = 0; q < count; q++) {
    out(pick(QUESTIONS), quick());
    const mustAnswer = status === "qualified" && q === count - 1;
    if (mustAnswer || chance(replyRate - 0.15 * q)) inbound(pick(REPLIES));
  }

  switch (status) {
    case "call_proposed":
      out(pick(CALL_PROPOSALS), quick(), "proposal");
      if (chance(0.5)) inbound(pick(CALL_HESITATIONS));
      break;
    case "call_booked":
    case "won":
      out(pick(CALL_PROPOSALS), quick(), "proposal");
      inbound(pick(CALL_ACCEPTS), "booking");
      out(pick(CALL_CONFIRMATIONS), quick());
      if (status === "won") {
        // The discovery call happens a few days later; the welcome message marks the sale.
        out(pick(WELCOMES), int(1, 4) * (DAY / MINUTE) + int(0, 300), "welcome");
        if (chance(0.7)) inbound("Merci ! Trop hâte 🔥");
      }
      break;
    case "lost":
      if (chance(0.4)) out(pick(CALL_PROPOSALS), quick(), "proposal");
      inbound(pick(OBJECTIONS[ctx.lostReason ?? "Autre"]));
      out(pick(UNDERSTANDINGS), quick());
      break;
    case "follow_up":
      for (let r = int(1, 2); r > 0; r--) out(pick(RELANCES), int(2, 5) * 24 * 60 + int(0, 600));
      break;
    default:
      break;
  }
  return lines;
}
