import type { Kpis } from "./kpis";
import { formatEuros } from "~/lib/format";
import { fmt, KpiCard, ProgressBar, RankedTable, RateBadge, Section } from "./kpi-ui";

const WEEKDAYS = ["", "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"];
const PRIORITY = {
  high: { label: "Haute", className: "bg-red-100 text-red-800" },
  medium: { label: "Moyenne", className: "bg-amber-100 text-amber-800" },
  low: { label: "Basse", className: "bg-slate-100 text-slate-700" },
} as const;
const euros = (cents: number | null) => (cents === null ? "—" : formatEuros(cents));

function duration(minutes: number | null) {
  if (minutes === null) return "—";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${fmt(Math.round(minutes / 6) / 10)} h`;
  return `${fmt(Math.round(minutes / 144) / 10)} j`;
}

/** The 35 KPIs of the setter spec, in its six sections. */
export function KpiSections({ k, rangeLabel }: { k: Kpis; rangeLabel: string }) {
  const rates = [k.responseRate1, k.responseRate2, k.responseRate3, k.responseRate4];
  return (
    <div className="space-y-8">
      <Section id="activity" title="1. Activité & volume">
        <KpiCard id="messagesSent" label="Messages envoyés" value={fmt(k.messagesSent)} hint={rangeLabel} />
        <KpiCard id="leadsTotal" label="Nombre de leads" value={fmt(k.leadsTotal)} hint={rangeLabel} />
        <KpiCard id="leadsToday" label="Leads aujourd'hui" value={fmt(k.leadsToday)} />
        <KpiCard id="avgMessagesPerLead" label="Messages moyens par lead" value={fmt(k.avgMessagesPerLead)} hint="envoyés et reçus" />
        <RankedTable id="topSources" title="Top 3 sources de leads" rows={k.topSources} empty="Aucune source renseignée." />
        <KpiCard id="avgDiscussionMinutes" label="Temps de discussion moyen" value={duration(k.avgDiscussionMinutes)} hint="du premier au dernier message" />
      </Section>

      <Section id="response" title="2. Taux de réponse">
        {rates.map((r, i) => (
          <KpiCard key={i} id={`responseRate${i + 1}`} label={`Réponse au message ${i + 1}`} value={fmt(r.value, " %")} hint={`${r.replied} réponses / ${r.sent} envois`}>
            <ProgressBar value={r.value} label={`Taux de réponse au message ${i + 1}`} />
            <RateBadge badge={r.badge} />
          </KpiCard>
        ))}
      </Section>

      <Section id="conversion" title="3. Qualification & conversion">
        <KpiCard id="qualified" label="Prospects qualifiés" value={fmt(k.qualified.count)} hint={`${fmt(k.qualified.rate, " %")} des leads`} />
        <KpiCard id="leadMagnetsEstimate" label="Lead magnets envoyés" value={fmt(k.leadMagnetsEstimate)} estimate hint="part des qualifiés (réglages)" />
        <KpiCard id="emailsCapturedEstimate" label="Emails capturés" value={fmt(k.emailsCapturedEstimate)} estimate hint="part des qualifiés (réglages)" />
        <KpiCard id="callsProposed" label="Calls proposés" value={fmt(k.callsProposed.count)} hint={`${fmt(k.callsProposed.rate, " %")} des leads`} />
        <KpiCard id="callsBooked" label="Calls réservés" value={fmt(k.callsBooked.count)} hint={`${fmt(k.callsBooked.rate, " %")} des leads`} />
        <KpiCard id="callConversionRate" label="Conversion des calls" value={fmt(k.callConversionRate, " %")} hint="leads gagnés / calls réservés" />
        <KpiCard id="noShowEstimate" label="No-show" value={fmt(k.noShowEstimate.count)} estimate hint={`${fmt(k.noShowEstimate.rate, " %")} des calls réservés (réglages)`} />
      </Section>

      <Section id="demography" title="4. Démographie">
        <KpiCard id="malePct" label="Hommes" value={fmt(k.malePct, " %")} hint="des leads au genre connu" />
        <KpiCard id="femalePct" label="Femmes" value={fmt(k.femalePct, " %")} hint="des leads au genre connu" />
        <KpiCard id="otherPct" label="Autre" value={fmt(k.otherPct, " %")} hint="des leads au genre connu" />
        <KpiCard id="avgAge" label="Âge moyen" value={k.avgAge === null ? "—" : `${fmt(k.avgAge)} ans`} hint="des leads à l'âge connu" />
        <RankedTable id="topProfessions" title="Top 5 professions" rows={k.topProfessions} empty="Aucune profession renseignée." />
      </Section>

      <Section id="pipeline" title="5. Pipeline & relances">
        <KpiCard id="leadsNew" label="Leads nouveaux" value={fmt(k.leadsNew)} />
        <KpiCard id="leadsWon" label="Leads gagnés" value={fmt(k.leadsWon)} />
        <KpiCard id="leadsLost" label="Leads perdus" value={fmt(k.leadsLost.count)} hint={`${fmt(k.leadsLost.rate, " %")} des leads`} />
        <KpiCard id="leadsFollowUp" label="Leads à relancer" value={fmt(k.leadsFollowUp.count)} hint={`${fmt(k.leadsFollowUp.rate, " %")} des leads`} />
        <div className="card sm:col-span-2" data-kpi="followUps">
          <h3 className="text-sm text-slate-600">À relancer en priorité</h3>
          {k.followUps.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">Aucun lead à relancer.</p>
          ) : (
            <table className="mt-2 w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 font-medium">Lead</th>
                  <th className="py-1 text-right font-medium">Sans contact</th>
                  <th className="py-1 pl-2 font-medium">Priorité</th>
                </tr>
              </thead>
              <tbody>
                {k.followUps.map((f) => (
                  <tr key={f.id} className="border-t border-slate-100">
                    <td className="py-1.5 pr-2">{f.name}</td>
                    <td className="py-1.5 text-right tabular-nums">{f.daysWithoutContact} j</td>
                    <td className="py-1.5 pl-2">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${PRIORITY[f.priority].className}`}>{PRIORITY[f.priority].label}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <RankedTable id="topLostReasons" title="Raisons de perte (top 5)" rows={k.topLostReasons} empty="Aucune raison de perte renseignée." />
      </Section>

      <Section id="performance" title="6. Performance & ROI">
        <KpiCard id="roiPct" label="ROI" value={fmt(k.roiPct, " %")} estimate hint={`revenus vs coût estimé du setter (${euros(k.costCents)})`} />
        <KpiCard id="revenueCents" label="Revenus générés" value={euros(k.revenueCents)} hint="valeur des deals gagnés" />
        <KpiCard id="acquisitionCostCents" label="Coût d'acquisition" value={euros(k.acquisitionCostCents)} estimate hint="coût du setter / client gagné" />
        <KpiCard id="aiEfficiencyEstimate" label="Efficacité IA" value={fmt(k.aiEfficiencyEstimate, " %")} estimate />
        <KpiCard id="timeSavedHoursEstimate" label="Temps gagné vs humain" value={`${fmt(k.timeSavedHoursEstimate)} h`} estimate hint={rangeLabel} />
        <KpiCard
          id="bestMoment"
          label="Meilleur moment de conversion"
          value={k.bestMoment ? `${WEEKDAYS[k.bestMoment.weekday]}, ${k.bestMoment.hour} h` : "—"}
          hint={k.bestMoment ? "jour et heure où le plus de calls sont réservés" : "aucun call réservé"}
        />
        <KpiCard id="dealsClosed" label="Deals fermés" value={fmt(k.dealsClosed.count)} hint={k.dealsClosed.avgDealCents === null ? undefined : `panier moyen ${euros(k.dealsClosed.avgDealCents)}`} />
      </Section>
    </div>
  );
}
