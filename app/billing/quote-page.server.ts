// What the quote pages read (the document as the client will read it) and how their forms are
// handled. The routes stay thin: guard, find the quote (404 otherwise), call these.
import { json } from "@remix-run/node";
import type { ZodError } from "zod";
import type { BuyerSnapshot, SellerSnapshot } from "../../db/tenant.schema";
import { findClient } from "~/clients/client.server";
import { displayName } from "~/crm/lead-page.server";
import { findLead } from "~/crm/lead.server";
import { dayKey } from "~/kpis/paris-days.server";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { readBillingProfile } from "./billing-profile.server";
import { paymentSchedule } from "./deposit";
import { findInvoice } from "./invoices.server";
import { computeTotals } from "./money";
import { nextScheduleParts } from "./quote-invoices.server";
import { LINE_FIELDS, MAX_ROWS, QuoteFormSchema, blankRow, quoteFormInput, type LineRow, type QuoteFormErrors, type QuoteFormValues } from "./quote-schemas";
import { quoteStatus } from "./quote-status";
import { quoteLinesOf, type Quote, type QuoteInput } from "./quotes.server";
import { buyerSnapshot, sellerSnapshot } from "./snapshots.server";

/** The quote as a document: frozen snapshots once sent, the live settings and client while a draft. */
export function quoteView(db: TenantDb, quote: Quote, today = dayKey(new Date())) {
  const lines = quoteLinesOf(db, quote.id);
  const totals = computeTotals(lines, quote.vatRegime);
  const seller: SellerSnapshot = quote.seller ?? sellerSnapshot(db, null);
  const buyer: BuyerSnapshot | null = quote.buyer ?? liveBuyer(db, quote);
  const { depositCents, balanceCents } = paymentSchedule(lines, quote.vatRegime, quote.depositPercent);
  const invoice = (id: number | null) => (id === null ? null : { id, number: findInvoice(db, id)?.number ?? null });
  return {
    id: quote.id,
    number: quote.number,
    title: quote.title,
    status: quoteStatus(quote, today),
    issueDate: quote.issueDate,
    validUntil: quote.validUntil,
    vatRegime: quote.vatRegime,
    notes: quote.notes,
    seller,
    buyer,
    clientId: quote.clientId,
    leadId: quote.leadId,
    lines: lines.map((l) => ({ id: l.id, kind: l.kind, description: l.description, quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBps: l.vatRateBps, totalHtCents: l.totalHtCents, sessionCount: l.sessionCount })),
    vat: totals.vat,
    totalHtCents: quote.totalHtCents,
    totalVatCents: quote.totalVatCents,
    totalTtcCents: quote.totalTtcCents,
    schedule: {
      depositPercent: quote.depositPercent,
      depositCents,
      depositDueDate: quote.depositDueDate,
      balanceCents,
      balanceDueDate: quote.balanceDueDate,
    },
    publicToken: quote.publicToken,
    sentAt: quote.sentAt?.getTime() ?? null,
    acceptance: quote.acceptedAt
      ? { name: quote.acceptedName, at: quote.acceptedAt.getTime(), ip: quote.acceptedIp, earlyStartAt: quote.earlyStartRequestedAt?.getTime() ?? null }
      : null,
    refusedAt: quote.refusedAt?.getTime() ?? null,
    depositInvoice: invoice(quote.depositInvoiceId),
    balanceInvoice: invoice(quote.balanceInvoiceId),
    nextParts: nextScheduleParts(quote),
  };
}
export type QuoteView = ReturnType<typeof quoteView>;

function liveBuyer(db: TenantDb, quote: Quote): BuyerSnapshot | null {
  if (quote.clientId !== null) {
    const client = findClient(db, quote.clientId);
    return client ? buyerSnapshot(client) : null;
  }
  if (quote.leadId !== null) {
    const lead = findLead(db, quote.leadId);
    return lead ? { kind: "person", name: displayName(lead), contact: null, email: lead.email, address: null, postalCode: null, city: null, country: "FR", siren: null, vatNumber: null } : null;
  }
  return null;
}

/** Who a new quote is for, from ?clientId= or ?leadId= — only among this coach's rows. */
export function recipientOf(db: TenantDb, url: URL): { clientId: number; leadId: null; name: string } | { clientId: null; leadId: number; name: string } | null {
  const clientId = parseId(url.searchParams.get("clientId"));
  const client = clientId === null ? undefined : findClient(db, clientId);
  if (client) return { clientId: client.id, leadId: null, name: buyerSnapshot(client).name };
  const leadId = parseId(url.searchParams.get("leadId"));
  const lead = leadId === null ? undefined : findLead(db, leadId);
  if (lead) return { clientId: null, leadId: lead.id, name: displayName(lead) };
  return null;
}

export function emptyFormValues(db: TenantDb): QuoteFormValues {
  const rate = readBillingProfile(db).defaultVatRateBps;
  return { title: "", validUntil: "", depositPercent: "0", depositDueDate: "", balanceDueDate: "", notes: "", lines: Array.from({ length: 3 }, () => blankRow(rate)) };
}

/** A draft's current content in the form, plus one blank row. */
export function formValuesOf(db: TenantDb, quote: Quote): QuoteFormValues {
  const rate = readBillingProfile(db).defaultVatRateBps;
  const rows: LineRow[] = quoteLinesOf(db, quote.id).map((l) => ({
    kind: l.kind,
    description: l.description,
    quantity: (l.quantity / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2, useGrouping: false }),
    price: (l.unitPriceCents / 100).toLocaleString("fr-FR", { minimumFractionDigits: 2, useGrouping: false }),
    sessionCount: l.sessionCount ? String(l.sessionCount) : "",
    vatRate: String(l.vatRateBps),
  }));
  return {
    title: quote.title ?? "",
    validUntil: quote.validUntil,
    depositPercent: String(quote.depositPercent),
    depositDueDate: quote.depositDueDate ?? "",
    balanceDueDate: quote.balanceDueDate ?? "",
    notes: quote.notes ?? "",
    lines: [...rows, blankRow(rate)],
  };
}

const str = (fd: FormData, name: string) => String(fd.get(name) ?? "");

/** The form's values as typed (rows named `lines[i].field`, their count in `rows`). */
export function readQuoteForm(fd: FormData): QuoteFormValues {
  const rows = Math.min(MAX_ROWS + 1, Math.max(0, Number(fd.get("rows")) || 0));
  return {
    clientId: str(fd, "clientId"),
    title: str(fd, "title"),
    validUntil: str(fd, "validUntil"),
    depositPercent: str(fd, "depositPercent"),
    depositDueDate: str(fd, "depositDueDate"),
    balanceDueDate: str(fd, "balanceDueDate"),
    notes: str(fd, "notes"),
    lines: Array.from({ length: rows }, (_, i) => Object.fromEntries(LINE_FIELDS.map((f) => [f, str(fd, `lines[${i}].${f}`)])) as LineRow),
  };
}

const errorsOf = (error: ZodError): QuoteFormErrors => Object.fromEntries(error.issues.map((i) => [i.path.join(".") || "form", i.message]).reverse());

type Recipient = Pick<QuoteInput, "clientId" | "leadId">;

/**
 * The new/edit action: "Ajouter une ligne" re-renders with one more row (status 200), invalid
 * input comes back with its errors and everything typed (400), valid input goes to `save`.
 */
export async function handleQuoteForm(db: TenantDb, fd: FormData, recipient: Recipient | null, save: (input: QuoteInput) => Response | Promise<Response>) {
  const values = readQuoteForm(fd);
  const rate = readBillingProfile(db).defaultVatRateBps;
  if (fd.get("intent") === "add-line") {
    const lines = values.lines.length < MAX_ROWS ? [...values.lines, blankRow(rate)] : values.lines;
    return json({ values: { ...values, lines }, errors: {} as QuoteFormErrors });
  }
  const parsed = QuoteFormSchema.safeParse(values);
  const errors: QuoteFormErrors = parsed.success ? {} : errorsOf(parsed.error);
  if (!recipient) errors.clientId = "Choisissez le client.";
  if (!parsed.success || !recipient) return json({ values, errors }, { status: 400 });
  try {
    return await save({ ...recipient, ...quoteFormInput(parsed.data, rate) });
  } catch (error) {
    if (error instanceof BillingError) return json({ values, errors: { form: error.message } as QuoteFormErrors }, { status: 400 });
    throw error;
  }
}
