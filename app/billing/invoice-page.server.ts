// /dashboard/invoices/:invoiceId: what the page reads (the document as it will read, its status,
// events, payments, credit notes) and what each of its forms does. The route stays thin.
import { json } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { PAYMENT_METHODS, clients, invoiceEvents, invoices } from "../../db/tenant.schema";
import { dayKey, dayStart } from "~/kpis/paris-days.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formatEuros } from "~/lib/format";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { loadInvoiceForm, saveInvoiceForm } from "./invoice-editor.server";
import { formValues, MAX_ROWS, realDay } from "./invoice-form";
import { amountDue, invoiceStatus } from "./invoice-status";
import { createCreditNote, creditedCents, deleteDraftInvoice, findInvoice, invoiceLinesOf, invoiceNotFound, issueInvoice, type Invoice } from "./invoices.server";
import { paymentsOf, recordPayment, recordRefund } from "./ledger.server";
import { computeTotals, parseEuros } from "./money";
import { invoicePdf } from "./pdf/documents.server";
import { sendInvoice } from "./send.server";
import { buyerSnapshot, sellerSnapshot } from "./snapshots.server";
import { eventDetail, newSubmissionToken, submissionOf, submittedEvent } from "./submission.server";
import { appUrlOf } from "~/lib/app-url.server";

/** The invoice (or credit note) of the URL in the session's tenant, or a thrown 404. */
export function requireInvoice(db: TenantDb, param: string | undefined): Invoice {
  const id = parseId(param);
  const invoice = id === null ? undefined : findInvoice(db, id);
  if (!invoice) throw invoiceNotFound();
  return invoice;
}

export type CoachInfo = { tenantId: string; email: string | null; name: string };

export function publicPayUrl(request: Request, token: string) {
  const base = appUrlOf(request);
  return `${base.replace(/\/$/, "")}/pay/${token}`;
}

export function loadInvoicePage(db: TenantDb, invoice: Invoice, request: Request, coach: CoachInfo, now = new Date()) {
  const today = dayKey(now);
  const lines = invoiceLinesOf(db, invoice.id);
  const credited = invoice.kind === "invoice" ? creditedCents(db, invoice.id) : 0;
  const client = invoice.clientId === null ? undefined : db.select().from(clients).where(eq(clients.id, invoice.clientId)).get();
  const draft = invoice.state === "draft";
  // A draft shows who it will name from today's settings and client; an issued one its frozen snapshots.
  const seller = invoice.seller ?? sellerSnapshot(db, coach.email);
  const buyer = invoice.buyer ?? (client ? buyerSnapshot(client) : null);
  const totals = computeTotals(lines, invoice.vatRegime);
  const creditNotes =
    invoice.kind === "invoice"
      ? db
          .select({ id: invoices.id, number: invoices.number, totalTtcCents: invoices.totalTtcCents, issueDate: invoices.issueDate })
          .from(invoices)
          .where(eq(invoices.creditedInvoiceId, invoice.id))
          .all()
      : [];
  const corrects = invoice.creditedInvoiceId ? findInvoice(db, invoice.creditedInvoiceId) : undefined;
  const status = invoiceStatus({ ...invoice, creditedCents: credited }, today);
  return {
    invoice: {
      id: invoice.id,
      kind: invoice.kind,
      state: invoice.state,
      number: invoice.number,
      title: invoice.title,
      issueDate: invoice.issueDate,
      serviceDate: invoice.serviceDate,
      serviceEndDate: invoice.serviceEndDate,
      dueDate: invoice.dueDate,
      notes: invoice.notes,
      vatRegime: invoice.vatRegime,
      totalHtCents: invoice.totalHtCents,
      totalVatCents: invoice.totalVatCents,
      totalTtcCents: invoice.totalTtcCents,
      paidCents: invoice.paidCents,
      clientId: invoice.clientId,
    },
    status,
    seller,
    buyer,
    lines: lines.map((l) => ({ id: l.id, description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, totalHtCents: l.totalHtCents })),
    vat: totals.vat,
    creditedCents: credited,
    amountDueCents: invoice.kind === "invoice" ? amountDue({ ...invoice, creditedCents: credited }) : 0,
    events: db
      .select()
      .from(invoiceEvents)
      .where(eq(invoiceEvents.invoiceId, invoice.id))
      .orderBy(desc(invoiceEvents.createdAt), desc(invoiceEvents.id))
      .all()
      .map((e) => ({ id: e.id, type: e.type, detail: eventDetail(e.detail), at: e.createdAt.getTime() })),
    payments: paymentsOf(db, invoice.id).map((p) => ({ id: p.id, amountCents: p.amountCents, method: p.method, paidAt: p.paidAt.getTime(), reference: p.reference })),
    creditNotes,
    corrects: corrects ? { id: corrects.id, number: corrects.number } : null,
    payUrl: invoice.kind === "invoice" && !draft && invoice.publicToken ? publicPayUrl(request, invoice.publicToken) : null,
    form: draft ? loadInvoiceForm(db, { clientId: invoice.clientId, draft: invoice }) : null,
    // The refund form's default: what was credited (money given back after a credit note), at most what was paid.
    refundDefaultCents: Math.min(invoice.paidCents, credited > 0 ? credited : invoice.paidCents),
    /** One-time token of this render's credit, payment and refund forms (submission.server.ts). */
    submission: newSubmissionToken(),
    today,
  };
}

/** A real calendar day, not after today (Paris). */
const pastDay = (label: string) =>
  z
    .string()
    .trim()
    .refine(realDay, `Indiquez la date ${label} (une date valide).`);

const positiveEuros = z.string().transform((v, ctx) => {
  const cents = parseEuros(v);
  if (cents === null || cents <= 0) ctx.addIssue({ code: "custom", message: "Un montant positif en euros, ex. 80 ou 79,90." });
  return cents ?? 0;
});
const method = z.enum(PAYMENT_METHODS, { errorMap: () => ({ message: "Choisissez le moyen de paiement." }) });
const reference = z.string().trim().max(120, "120 caractères au plus.").optional().transform((v) => v || null);

export const RefundSchema = z.object({ amount: positiveEuros, refundedOn: pastDay("du remboursement"), method, reference });

export const PaymentSchema = z.object({ amount: positiveEuros, paidOn: pastDay("du paiement"), method, reference });

/** Every check in one pass, so that all the form's errors come back at once. */
export const CreditSchema = z
  .object({ mode: z.string().default(""), amount: z.string().default(""), reason: z.string().default("") })
  .transform((v, ctx) => {
    const reason = v.reason.trim();
    if (v.mode !== "full" && v.mode !== "partial") ctx.addIssue({ code: "custom", path: ["mode"], message: "Choisissez un avoir total ou partiel." });
    if (!reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Indiquez le motif de l'avoir." });
    if (reason.length > 300) ctx.addIssue({ code: "custom", path: ["reason"], message: "300 caractères au plus." });
    const cents = v.mode === "partial" ? parseEuros(v.amount) : null;
    if (v.mode === "partial" && (cents === null || cents <= 0)) ctx.addIssue({ code: "custom", path: ["amount"], message: "Le montant TTC de l'avoir, ex. 40 ou 39,90." });
    return { reason, amountCents: cents ?? undefined };
  });

type Intent = "save" | "add-line" | "issue" | "delete" | "pay" | "refund" | "credit" | "send";
const ALREADY = "Déjà enregistré.";
const fieldErrors = (error: z.ZodError) => {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
  return out;
};
const refused = (intent: Intent, message: string, values: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  json({ intent, errors: { form: message } as Record<string, string>, values, ...extra }, { status: 400 });

export async function invoiceAction(request: Request, db: TenantDb, invoice: Invoice, form: FormData, coach: CoachInfo, now = new Date()) {
  const intent = String(form.get("intent") ?? "") as Intent;
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const here = `/dashboard/invoices/${invoice.id}`;
  try {
    switch (intent) {
      case "save":
      case "add-line": {
        if (invoice.state !== "draft") return refused(intent, "Une facture émise ne se modifie plus : corrigez-la par un avoir.");
        // "Ajouter une ligne" without JavaScript: the form comes back as typed, with one more row.
        if (intent === "add-line") return json({ intent: "save", editor: addLine(form) });
        const saved = saveInvoiceForm(db, form, invoice.id, now);
        if (!saved.ok) return json({ intent, editor: saved }, { status: 400 });
        return redirectWithFlash(request, here, "Brouillon enregistré.");
      }
      case "delete":
        // The confirmation is a checkbox (also without JavaScript): nothing is deleted on a stray click.
        if (invoice.state === "draft" && form.get("confirm") !== "yes") return json({ intent, errors: { confirm: "Cochez la case pour confirmer la suppression." }, values }, { status: 400 });
        deleteDraftInvoice(db, invoice.id);
        return redirectWithFlash(request, "/dashboard/invoices", "Brouillon supprimé.");
      case "issue": {
        // A second click (without JavaScript) after the issue went through: the same answer, not an error.
        if (invoice.kind === "invoice" && invoice.state !== "draft") return redirectWithFlash(request, here, `Facture ${invoice.number} émise.`);
        const { number } = issueInvoice(db, invoice.id, { tenantId: coach.tenantId, coachEmail: coach.email, now });
        // The legal PDF is stored now, as issued (logo included), not at its first download.
        await invoicePdf(db, invoice.id);
        return redirectWithFlash(request, here, `Facture ${number} émise.`);
      }
      case "pay": {
        const parsed = PaymentSchema.safeParse(values);
        if (!parsed.success) return json({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
        if (parsed.data.paidOn > dayKey(now)) return json({ intent, errors: { paidOn: "La date du paiement ne peut pas être dans le futur." }, values }, { status: 400 });
        const { created } = recordPayment(
          db,
          { invoiceId: invoice.id, amountCents: parsed.data.amount, method: parsed.data.method, paidAt: new Date(dayStart(parsed.data.paidOn)), reference: parsed.data.reference, submission: submissionOf(values.submission) },
          now,
        );
        return redirectWithFlash(request, here, created ? `Paiement de ${formatEuros(parsed.data.amount)} enregistré.` : ALREADY);
      }
      case "refund": {
        // Money given back by hand (transfer, cheque…), e.g. after a credit note on a paid invoice.
        const parsed = RefundSchema.safeParse(values);
        if (!parsed.success) return json({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
        if (parsed.data.refundedOn > dayKey(now)) return json({ intent, errors: { refundedOn: "La date du remboursement ne peut pas être dans le futur." }, values }, { status: 400 });
        const submission = submissionOf(values.submission);
        if (parsed.data.amount > invoice.paidCents && !submittedEvent(db, invoice.id, ["refund"], submission)) {
          return json({ intent, errors: { amount: `On ne rembourse pas plus que ce qui a été payé (${formatEuros(invoice.paidCents)}).` }, values }, { status: 400 });
        }
        const { created } = recordRefund(
          db,
          { invoiceId: invoice.id, amountCents: parsed.data.amount, method: parsed.data.method, refundedAt: new Date(dayStart(parsed.data.refundedOn)), reference: parsed.data.reference, submission },
          now,
        );
        return redirectWithFlash(request, here, created ? `Remboursement de ${formatEuros(parsed.data.amount)} enregistré.` : ALREADY);
      }
      case "credit": {
        const parsed = CreditSchema.safeParse(values);
        if (!parsed.success) return json({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
        const credit = createCreditNote(db, { invoiceId: invoice.id, amountCents: parsed.data.amountCents, reason: parsed.data.reason, coachEmail: coach.email, now, submission: submissionOf(values.submission) });
        if (credit.replay) return redirectWithFlash(request, `/dashboard/invoices/${credit.id}`, ALREADY);
        await invoicePdf(db, credit.id);
        const short = credit.shortCents > 0 ? ` Pour que le reste de la facture puisse encore être annulé au centime près (TVA comprise), l'avoir est de ${formatEuros((parsed.data.amountCents ?? 0) - credit.shortCents)} (${formatEuros(credit.shortCents)} de moins).` : "";
        return redirectWithFlash(request, `/dashboard/invoices/${credit.id}`, `Avoir ${credit.number} émis.${short}`);
      }
      case "send": {
        if (invoice.state === "draft") return refused(intent, "Émettez la facture avant de l'envoyer.");
        await sendInvoice(db, invoice.id, { tenantId: coach.tenantId, appUrl: appUrlOf(request), coachName: coach.name, now });
        return redirectWithFlash(request, here, "Facture envoyée par email.");
      }
      default:
        return refused(intent, "Action inconnue.");
    }
  } catch (error) {
    if (error instanceof BillingError && error.code !== "not_found") {
      return refused(intent, error.message, values, { incomplete: error.code === "incomplete" });
    }
    if (error instanceof BillingError) throw invoiceNotFound();
    throw error;
  }
}

/** The form as typed, with one more blank row (the "Ajouter une ligne" intent, also on the new page). */
export function addLine(form: FormData) {
  const values = formValues(form);
  return { ok: false as const, values, errors: {}, rows: Math.min(values.lines.length + 1, MAX_ROWS) };
}
