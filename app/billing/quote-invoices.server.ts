// An accepted quote becomes its invoices, one click each, on the quote's payment schedule:
//   - no deposit: one invoice ("full") with the quote's lines, due on the balance due date;
//   - a deposit of d %: the deposit invoice (one line per VAT rate, "Acompte de d % sur le devis
//     D-…", base = the rate's base × d %, rounded half away from zero), due on the deposit due
//     date; then the balance invoice: the quote's lines and, per rate, minus what the deposit
//     invoice charged ("Acompte versé — facture n° …"), due on the balance due date.
// Each invoice is created and issued in one transaction with the quote's link to it, so a
// failure (settings incomplete) leaves neither a stray draft nor a half-linked quote, and two
// clicks racing make one invoice (the second finds the link and is refused).
import { eq } from "drizzle-orm";
import { quotes } from "../../db/tenant.schema";
import { dayKey } from "~/kpis/paris-days.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { depositLines } from "./deposit";
import { createDraftInvoice, creditedCents, findInvoice, invoiceLinesOf, issueInvoice, type DraftLine, type IssueContext } from "./invoices.server";
import { findQuote, QUOTE_NOT_FOUND, quoteLinesOf, type Quote } from "./quotes.server";

export type SchedulePart = "deposit" | "balance" | "full";

/** Which invoice buttons an accepted quote offers next (none once its schedule is invoiced). */
export function nextScheduleParts(q: Pick<Quote, "status" | "depositPercent" | "depositInvoiceId" | "balanceInvoiceId">): SchedulePart[] {
  if (q.status !== "accepted" || q.balanceInvoiceId !== null) return [];
  if (q.depositPercent === 0) return ["full"];
  return q.depositInvoiceId === null ? ["deposit"] : ["balance"];
}

/** A due date of the schedule already past is due on the day the invoice is issued. */
const notBefore = (day: string | null, today: string) => (day && day < today ? today : day);

export function invoiceFromQuote(db: TenantDb, quoteId: number, part: SchedulePart, ctx: IssueContext): { invoiceId: number; number: string } {
  const now = ctx.now ?? new Date();
  const today = dayKey(now);
  return db.$client
    .transaction(() => {
      const quote = findQuote(db, quoteId);
      if (!quote) throw new BillingError(QUOTE_NOT_FOUND, "not_found");
      if (quote.status !== "accepted") throw new BillingError("Seul un devis accepté se facture.", "conflict");
      if (quote.clientId === null) throw new BillingError("Le client de ce devis n'existe plus.", "not_found");
      if (!nextScheduleParts(quote).includes(part)) throw new BillingError(refusal(quote, part), "conflict");
      const quoteLines = quoteLinesOf(db, quote.id);
      const copied: DraftLine[] = quoteLines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, sessionCount: l.sessionCount }));
      let lines: DraftLine[];
      let title: string;
      let dueDate: string | null;
      if (part === "deposit") {
        const d = quote.depositPercent;
        lines = depositLines(quoteLines, quote.vatRegime, d).map((l) => ({ kind: "free", description: `Acompte de ${d} % sur le devis ${quote.number}`, ...l }));
        title = `Facture d'acompte — devis ${quote.number}`;
        dueDate = notBefore(quote.depositDueDate, today);
      } else if (part === "balance") {
        const deposit = findInvoice(db, quote.depositInvoiceId!);
        // A deposit invoice cancelled by a credit note was not owed: the balance is everything.
        const charged = deposit && deposit.state === "issued" ? invoiceLinesOf(db, deposit.id) : [];
        // Partly credited: what was really charged per rate is no longer the deposit's lines.
        if (deposit && deposit.state === "issued" && creditedCents(db, deposit.id) > 0) {
          throw new BillingError(`La facture d'acompte ${deposit.number} a été corrigée en partie par un avoir : créez la facture de solde à la main (Nouvelle facture).`, "conflict");
        }
        lines = [
          ...copied,
          ...charged.map((l) => ({ kind: "free" as const, description: `Acompte versé — facture n° ${deposit!.number}`, quantity: 100, unitPriceCents: -l.totalHtCents, vatRateBps: l.vatRateBps })),
        ];
        title = `Facture de solde — devis ${quote.number}`;
        dueDate = notBefore(quote.balanceDueDate, today);
      } else {
        lines = copied;
        title = quote.title ? `${quote.title} — devis ${quote.number}` : `Devis ${quote.number}`;
        dueDate = notBefore(quote.balanceDueDate, today);
      }
      const invoiceId = createDraftInvoice(db, { clientId: quote.clientId, title, dueDate, quoteId: quote.id, schedulePart: part, lines }, now);
      const { number } = issueInvoice(db, invoiceId, { ...ctx, now });
      // "full" is the invoice that closes the quote, as the balance does.
      db.update(quotes)
        .set(part === "deposit" ? { depositInvoiceId: invoiceId, updatedAt: now } : { balanceInvoiceId: invoiceId, updatedAt: now })
        .where(eq(quotes.id, quote.id))
        .run();
      return { invoiceId, number };
    })
    .immediate();
}

function refusal(quote: Quote, part: SchedulePart) {
  if (quote.balanceInvoiceId !== null) return "Ce devis est déjà entièrement facturé.";
  if (part === "deposit") return quote.depositPercent === 0 ? "Ce devis ne prévoit pas d'acompte." : "La facture d'acompte de ce devis existe déjà.";
  if (part === "balance") return quote.depositPercent === 0 ? "Ce devis ne prévoit pas d'acompte : créez la facture." : "Créez d'abord la facture d'acompte.";
  return "Ce devis prévoit un acompte : créez d'abord la facture d'acompte.";
}
