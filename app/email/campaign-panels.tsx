// The blocks of a campaign's page: status badge, audience, send/schedule, progress and actions,
// metrics, recipients. Plain forms with intent buttons: everything works without JavaScript.
import { Form, Link } from "@remix-run/react";
import { formatDateTime, formatEuros, formatInt } from "~/lib/format";
import type { CampaignStatus } from "../../db/tenant.schema";
import type { CampaignMetrics, RecipientRow } from "./campaign-metrics.server";
import { CAMPAIGN_STATUS_LABELS, CONVERSION_WINDOW_DAYS } from "./campaign-status";

const BADGE: Record<CampaignStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  scheduled: "bg-sky-100 text-sky-800",
  sending: "bg-indigo-100 text-indigo-800",
  paused: "bg-amber-100 text-amber-800",
  sent: "bg-emerald-100 text-emerald-800",
  stopped: "bg-red-100 text-red-800",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${BADGE[status]}`} data-testid="campaign-status">
      {CAMPAIGN_STATUS_LABELS[status]}
    </span>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatInt(n)} ${n > 1 ? many : one}`;
const percent = (r: number | null) => (r === null ? "—" : `${(r * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`);

export type AudienceView =
  | { state: "none" }
  | { state: "deleted"; segmentName: string | null }
  | { state: "empty"; segmentName: string }
  | { state: "ok"; segmentName: string; count: number; excludedCount: number; excluded: { reason: string; count: number; label: string }[] };

export function AudienceSummary({ audience }: { audience: AudienceView }) {
  if (audience.state === "none") return <p className="text-sm text-slate-600">Choisissez un segment pour voir à qui la campagne partira.</p>;
  if (audience.state === "deleted") return <p className="text-sm text-red-800" data-testid="campaign-audience">Le segment choisi a été supprimé : choisissez-en un autre.</p>;
  if (audience.state === "empty") return <p className="text-sm text-amber-800" data-testid="campaign-audience">Le segment « {audience.segmentName} » ne contient aucun lead pour l'instant.</p>;
  return (
    <div className="text-sm" data-testid="campaign-audience">
      <p>
        Segment « {audience.segmentName} » : <strong>{plural(audience.count, "destinataire")}</strong>
        {audience.excludedCount > 0 ? `, ${plural(audience.excludedCount, "exclu")}` : ", aucun exclu"}.
      </p>
      {audience.excluded.length ? (
        <ul className="mt-1 list-inside list-disc text-slate-700" data-testid="campaign-exclusions">
          {audience.excluded.map((e) => (
            <li key={e.reason}>
              {formatInt(e.count)} {e.label}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-1 text-xs text-slate-500">Sont exclus : les contacts sans email, sur liste noire, désinscrits, dont l'adresse est en échec ou qui ont signalé un spam. Une même adresse ne reçoit qu'un email.</p>
    </div>
  );
}

export function SendPanel({ count, error, scheduledAt, minLocal }: { count: number; error?: string; scheduledAt?: string; minLocal: string }) {
  return (
    <Form method="post" className="card space-y-3" aria-labelledby="send-title">
      <h2 id="send-title" className="text-lg font-semibold">Envoyer</h2>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" value={String(count)} required className="mt-1" />
        <span>Je confirme l'envoi de cette campagne à {plural(count, "contact")} (exclusions ci-dessus).</span>
      </label>
      {error ? <p className="text-sm text-red-700" role="alert" data-testid="send-error">{error}</p> : null}
      <div className="flex flex-wrap items-end gap-3">
        <button className="btn" name="intent" value="send" disabled={count === 0}>
          Envoyer maintenant
        </button>
        <span className="text-sm text-slate-500">ou</span>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Date et heure (Paris)</span>
          <input type="datetime-local" name="scheduledAt" defaultValue={scheduledAt} min={minLocal} className="input mt-1" />
        </label>
        <button className="btn-secondary" name="intent" value="schedule" disabled={count === 0}>
          Programmer
        </button>
      </div>
    </Form>
  );
}

function Intent({ intent, label, className = "btn-secondary" }: { intent: string; label: string; className?: string }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </Form>
  );
}

type Progress = { status: CampaignStatus; sent: number; recipients: number; scheduledAt: number | null; startedAt: number | null; finishedAt: number | null; pauseReason: string | null; pauseDetail: string | null };

export function ProgressPanel({ p }: { p: Progress }) {
  const pct = p.recipients ? Math.round((p.sent / p.recipients) * 100) : 0;
  return (
    <section className="card space-y-3" aria-labelledby="progress-title">
      <h2 id="progress-title" className="text-lg font-semibold">Envoi</h2>
      <p className="text-sm" data-testid="campaign-progress">
        {formatInt(p.sent)} envoyé{p.sent > 1 ? "s" : ""} sur {formatInt(p.recipients)} ({pct} %)
      </p>
      <div className="h-2 w-full rounded bg-slate-100" aria-hidden>
        <div className="h-2 rounded bg-indigo-600" style={{ width: `${pct}%` }} />
      </div>
      <ul className="text-sm text-slate-700">
        {p.scheduledAt ? <li>Programmée pour le {formatDateTime(p.scheduledAt)} (heure de Paris)</li> : null}
        {p.startedAt ? <li>Démarrée le {formatDateTime(p.startedAt)}</li> : null}
        {p.finishedAt ? <li>{p.status === "stopped" ? "Arrêtée" : "Terminée"} le {formatDateTime(p.finishedAt)}</li> : null}
      </ul>
      {p.status === "paused" ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="pause-reason">
          {p.pauseReason === "manual" || !p.pauseReason ? "Mise en pause par vous." : `Mise en pause automatiquement : ${p.pauseDetail ?? p.pauseReason}`}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {p.status === "sending" || p.status === "scheduled" ? <Intent intent="pause" label="Mettre en pause" /> : null}
        {p.status === "paused" ? <Intent intent="resume" label="Reprendre" className="btn" /> : null}
        {p.status === "sending" || p.status === "scheduled" || p.status === "paused" ? <Intent intent="stop" label="Arrêter définitivement" className="btn-danger" /> : null}
        <Intent intent="duplicate" label="Dupliquer" />
      </div>
    </section>
  );
}

function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 p-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={testId}>
        {value}
      </dd>
      {detail ? <dd className="text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}

export function MetricsPanel({ m }: { m: CampaignMetrics }) {
  return (
    <section className="card space-y-3" aria-labelledby="metrics-title">
      <h2 id="metrics-title" className="text-lg font-semibold">Statistiques</h2>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label="Envoyés" value={formatInt(m.sent)} detail={`sur ${formatInt(m.recipients)}`} testId="metric-sent" />
        <Figure label="Délivrés" value={formatInt(m.delivered)} testId="metric-delivered" />
        <Figure label="Bounces" value={formatInt(m.bounces)} detail={percent(m.bounceRate)} testId="metric-bounces" />
        <Figure label="Plaintes (spam)" value={formatInt(m.complaints)} detail={percent(m.complaintRate)} testId="metric-complaints" />
        <Figure label="Cliqueurs" value={formatInt(m.clicks)} detail={`${percent(m.clickRate)} des délivrés`} testId="metric-clicks" />
        {m.opens !== null ? <Figure label="Ouvertures (total)" value={formatInt(m.opens)} detail={`${percent(m.openRate)} des délivrés`} testId="metric-opens" /> : null}
        <Figure label="Désinscriptions" value={formatInt(m.unsubscribes)} testId="metric-unsubscribes" />
        <Figure label="Échecs d'envoi" value={formatInt(m.failed)} testId="metric-failed" />
        <Figure label="Devenus clients" value={formatInt(m.becameClients)} detail={`dans les ${CONVERSION_WINDOW_DAYS} jours`} testId="metric-clients" />
        <Figure label="Chiffre encaissé" value={formatEuros(m.revenueCents)} detail={`payé par eux en ${CONVERSION_WINDOW_DAYS} jours`} testId="metric-revenue" />
      </dl>
    </section>
  );
}

const SEND_STATUS: Record<string, string> = { queued: "En attente", sending: "En cours", sent: "Envoyé", failed: "Échec", cancelled: "Annulé" };
const yes = (at: number | null) => (at ? "oui" : "—");

export function RecipientsTable({ rows, page, pageCount, total, hrefFor }: { rows: RecipientRow[]; page: number; pageCount: number; total: number; hrefFor: (p: number) => string }) {
  return (
    <section className="card space-y-3" aria-labelledby="recipients-title">
      <h2 id="recipients-title" className="text-lg font-semibold">
        Destinataires ({formatInt(total)})
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="campaign-recipients">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3">Contact</th>
              <th className="py-1 pr-3">Statut</th>
              <th className="py-1 pr-3">Délivré</th>
              <th className="py-1 pr-3">Bounce</th>
              <th className="py-1 pr-3">Clic</th>
              <th className="py-1 pr-3">Désinscrit</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <td className="py-1 pr-3">
                  {r.leadId ? <Link to={`/dashboard/leads/${r.leadId}`} className="text-indigo-700 underline">{r.name ?? r.email}</Link> : (r.name ?? r.email)}
                  <span className="block break-all text-xs text-slate-500">{r.email}</span>
                </td>
                <td className="py-1 pr-3" title={r.error ?? undefined}>
                  {SEND_STATUS[r.status] ?? r.status}
                  {r.error ? <span className="block text-xs text-red-700">{r.error}</span> : null}
                </td>
                <td className="py-1 pr-3">{yes(r.deliveredAt)}</td>
                <td className="py-1 pr-3">{yes(r.bouncedAt)}</td>
                <td className="py-1 pr-3">{yes(r.clickedAt)}</td>
                <td className="py-1 pr-3">{yes(r.unsubscribedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav className="flex gap-3 text-sm" aria-label="Pages des destinataires">
          {page > 1 ? <Link to={hrefFor(page - 1)} className="text-indigo-700 underline">← Précédents</Link> : null}
          <span>
            Page {formatInt(page)} sur {formatInt(pageCount)}
          </span>
          {page < pageCount ? <Link to={hrefFor(page + 1)} className="text-indigo-700 underline">Suivants →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}

