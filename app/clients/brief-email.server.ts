// The morning email of a session day: one message listing the day's sessions, each with its
// pre-brief (French HTML + plain text, built from the same Brief as the page).
import type { Email } from "~/email/email.server";
import { formatDate } from "~/lib/format";
import { escapeHtml } from "~/lib/html";
import type { Brief } from "./brief.server";
import { goalStateText } from "./brief-text";

const time = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
const longDay = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Paris" });

const number = (n: number | null) => (n == null ? "Séance" : `Séance #${n}`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `baseUrl` makes each session's heading a link to its pre-brief page. */
export function preBriefEmail({ coachName, dayStartMs, briefs, baseUrl }: { coachName: string; dayStartMs: number; briefs: Brief[]; baseUrl?: string }): Omit<Email, "to"> {
  const day = longDay.format(dayStartMs + 12 * 3_600_000);
  const count = plural(briefs.length, "séance", "séances");
  const subject = `Vos pré-briefs du ${day} (${count})`;
  const firstName = coachName.split(" ")[0];

  const text = [
    `Bonjour ${firstName},`,
    "",
    `Vous avez ${count} aujourd'hui, ${day}. Voici de quoi les préparer.`,
    ...briefs.flatMap((b) => ["", "────────", ...briefText(b, baseUrl)]),
    "",
    "Vous recevez ce message parce que vous avez activé les pré-briefs par email dans vos réglages Coach OS.",
  ].join("\n");

  const html = `<div style="font-family:system-ui,sans-serif;color:#1e293b;max-width:640px">
<p>Bonjour ${escapeHtml(firstName)},</p>
<p>Vous avez <strong>${count}</strong> aujourd'hui, ${escapeHtml(day)}. Voici de quoi les préparer.</p>
${briefs.map((b) => briefHtml(b, baseUrl)).join("\n")}
<p style="color:#64748b;font-size:12px">Vous recevez ce message parce que vous avez activé les pré-briefs par email dans vos réglages Coach OS.</p>
</div>`;
  return { subject, html, text };
}

function briefText(b: Brief, baseUrl?: string) {
  const lines = [`${time.format(b.session.scheduledAt)} · ${b.client.name} · ${number(b.session.number)}${b.session.theme ? ` · ${b.session.theme}` : ""}`];
  if (baseUrl) lines.push(`${baseUrl}/dashboard/sessions/${b.session.id}/brief`);
  if (b.previous) {
    lines.push("", `Dernière séance (${number(b.previous.number)} du ${formatDate(b.previous.scheduledAt)}) :`, b.previous.summary || "Pas de résumé enregistré.");
    if (b.previous.notes) lines.push(`Vos notes de séance : ${b.previous.notes}`);
    if (b.previous.goals.length) lines.push("Objectifs travaillés :", ...b.previous.goals.map((g) => `- ${g.title} (${goalStateText(g)})`));
    if (b.previous.moments.length) lines.push("Moments marqués :", ...b.previous.moments.map((m) => `- « ${m} »`));
    lines.push(`Convenu : ${b.previous.agreed || "rien de noté"}`);
  } else lines.push("", "Première séance : pas encore d'historique.");
  if (b.goals.length) lines.push("", "Objectifs en cours :", ...b.goals.map((g) => `- ${g.title} (${g.progress} %)`));
  if (b.notes.length) lines.push("", "Notes récentes :", ...b.notes.map((n) => `- ${formatDate(n.createdAt)} : ${n.body}`));
  if (b.messages.length) lines.push("", "Derniers messages du setter :", ...b.messages.map((m) => `- ${m.direction === "out" ? "Setter" : b.client.name} : ${m.text}`));
  return lines;
}

function briefHtml(b: Brief, baseUrl?: string) {
  const e = escapeHtml;
  const title = `${time.format(b.session.scheduledAt)} · ${e(b.client.name)} · ${number(b.session.number)}${b.session.theme ? ` · ${e(b.session.theme)}` : ""}`;
  const heading = baseUrl ? `<a href="${e(`${baseUrl}/dashboard/sessions/${b.session.id}/brief`)}" style="color:#4338ca">${title}</a>` : title;
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
  const parts = [`<h2 style="font-size:16px;margin:24px 0 4px;border-top:1px solid #e2e8f0;padding-top:12px">${heading}</h2>`];
  if (b.previous) {
    parts.push(`<p><strong>Dernière séance</strong> (${number(b.previous.number)} du ${formatDate(b.previous.scheduledAt)}) : ${e(b.previous.summary || "pas de résumé enregistré.")}</p>`);
    if (b.previous.notes) parts.push(`<p><strong>Vos notes de séance</strong> : ${e(b.previous.notes)}</p>`);
    if (b.previous.goals.length) parts.push(`<p><strong>Objectifs travaillés</strong></p>${list(b.previous.goals.map((g) => `${e(g.title)} (${e(goalStateText(g))})`))}`);
    if (b.previous.moments.length) parts.push(`<p><strong>Moments marqués</strong></p>${list(b.previous.moments.map((m) => `« ${e(m)} »`))}`);
    parts.push(`<p><strong>Convenu</strong> : ${e(b.previous.agreed || "rien de noté")}</p>`);
  } else parts.push("<p>Première séance : pas encore d'historique.</p>");
  if (b.goals.length) parts.push(`<p><strong>Objectifs en cours</strong></p>${list(b.goals.map((g) => `${e(g.title)} (${g.progress} %)`))}`);
  if (b.notes.length) parts.push(`<p><strong>Notes récentes</strong></p>${list(b.notes.map((n) => `${formatDate(n.createdAt)} : ${e(n.body)}`))}`);
  if (b.messages.length) parts.push(`<p><strong>Derniers messages du setter</strong></p>${list(b.messages.map((m) => `${m.direction === "out" ? "Setter" : e(b.client.name)} : ${e(m.text)}`))}`);
  return parts.join("\n");
}
