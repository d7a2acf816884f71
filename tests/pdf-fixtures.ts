// Billing fixtures for the PDF tests and the PDF benchmark: a coach's billing profile, B2C and
// B2B clients, issued invoices, a credit note and quotes, written through the billing model.
import type { TenantDb } from "~/lib/tenant-db.server";
import { updateBillingProfile } from "~/billing/billing-profile.server";
import { createCreditNote, createDraftInvoice, issueInvoice, type DraftLine } from "~/billing/invoices.server";
import { computeTotals } from "~/billing/money";

export const SELLER = {
  tradeName: "Sérénité Coaching",
  legalName: "Marie Dupont EI",
  address: "12 rue des Lilas",
  postalCode: "75011",
  city: "Paris",
  siren: "732829320",
  siret: "73282932000074",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPPXXX",
  penaltyRateBps: 1215,
  legalMentions: "Dispensé d'immatriculation au registre du commerce et des sociétés (RCS) et au répertoire des métiers (RM).",
  termsOfSale: "Toute séance annulée moins de 48 h à l'avance est due.",
};
export const COACH_EMAIL = "marie@serenite.example";

export function billingProfile(db: TenantDb, regime: "franchise" | "standard") {
  updateBillingProfile(db, { ...SELLER, vatRegime: regime, vatNumber: regime === "standard" ? "FR44732829320" : null, defaultVatRateBps: 2000, paymentTermsDays: 30 });
}

export function personClient(db: TenantDb) {
  return (
    db.$client
      .prepare(
        `INSERT INTO clients (first_name, last_name, email, kind, address, postal_code, city, country, created_at, updated_at)
         VALUES ('Camille', 'Lefèvre', 'camille@example.fr', 'person', '3 place du Marché', '69002', 'Lyon', 'FR', 0, 0) RETURNING id`,
      )
      .get() as { id: number }
  ).id;
}

/** A business whose name needs escaping in XML. */
export function businessClient(db: TenantDb, company = "Dupont & Fils <SARL>") {
  return (
    db.$client
      .prepare(
        `INSERT INTO clients (first_name, last_name, email, company, kind, address, postal_code, city, country, siren, vat_number, created_at, updated_at)
         VALUES ('Paul', 'Dupont', 'paul@dupont-fils.example', ?, 'business', '8 avenue Foch', '33000', 'Bordeaux', 'FR', '552100554', 'FR16552100554', 0, 0) RETURNING id`,
      )
      .get(company) as { id: number }
  ).id;
}

export const LINES: DraftLine[] = [
  { description: "Séance de coaching individuel (1 h)", quantity: 300, unitPriceCents: 8000, vatRateBps: 2000 },
  { description: "Bilan écrit « Objectifs 2026 »", quantity: 150, unitPriceCents: 4550, vatRateBps: 2000 },
  { description: "Support de cours (livre)", quantity: 100, unitPriceCents: 1999, vatRateBps: 550 },
];

export const ISSUED_AT = new Date("2026-03-14T09:30:00Z");

export function issuedInvoice(db: TenantDb, tenantId: string, clientId: number, opts: { lines?: DraftLine[]; now?: Date; serviceDate?: string; serviceEndDate?: string } = {}) {
  const id = createDraftInvoice(db, { clientId, lines: opts.lines ?? LINES, serviceDate: opts.serviceDate ?? "2026-03-10", serviceEndDate: opts.serviceEndDate ?? null, notes: null });
  const { number } = issueInvoice(db, id, { tenantId, coachEmail: COACH_EMAIL, now: opts.now ?? ISSUED_AT });
  return { id, number };
}

export function creditNote(db: TenantDb, invoiceId: number, now = new Date("2026-03-20T10:00:00Z")) {
  return createCreditNote(db, { invoiceId, reason: "Séance annulée par le coach", coachEmail: COACH_EMAIL, now });
}

/** A quote row written directly (the quotes model is another module): sent, optionally accepted. */
export function sentQuote(db: TenantDb, clientId: number, opts: { status?: "draft" | "sent" | "accepted"; depositPercent?: number; number?: string } = {}) {
  const status = opts.status ?? "sent";
  const lines = LINES.slice(0, 2);
  const totals = computeTotals(lines, "franchise");
  const seller = { ...SELLER, country: "FR", vatNumber: null, vatRegime: "franchise", email: COACH_EMAIL };
  const client = db.$client.prepare("SELECT * FROM clients WHERE id = ?").get(clientId) as Record<string, string | null>;
  const buyer = { kind: client.kind, name: client.company ?? `${client.first_name} ${client.last_name}`, contact: null, email: client.email, address: client.address, postalCode: client.postal_code, city: client.city, country: "FR", siren: client.siren, vatNumber: client.vat_number };
  const frozen = status !== "draft";
  const number = frozen ? (opts.number ?? "D-2026-0001") : null;
  const id = (
    db.$client
      .prepare(
        `INSERT INTO quotes (client_id, number, series, sequence, status, title, issue_date, valid_until, vat_regime, deposit_percent, deposit_due_date, balance_due_date,
           total_ht_cents, total_vat_cents, total_ttc_cents, seller, buyer, sent_at, accepted_at, accepted_name, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', 'Accompagnement « Cap 2026 »', ?, '2026-04-15', 'franchise', ?, '2026-03-20', '2026-05-01', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id`,
      )
      .get(
        clientId,
        number,
        frozen ? "D-2026" : null,
        frozen ? Number(number!.slice(-4)) : null,
        frozen ? "2026-03-14" : null,
        opts.depositPercent ?? 30,
        totals.totalHtCents,
        totals.totalVatCents,
        totals.totalTtcCents,
        frozen ? JSON.stringify(seller) : null,
        frozen ? JSON.stringify(buyer) : null,
        frozen ? ISSUED_AT.getTime() : null,
        status === "accepted" ? Date.parse("2026-03-16T14:05:00Z") : null,
        status === "accepted" ? "Camille Lefèvre" : null,
      ) as { id: number }
  ).id;
  lines.forEach((l, i) =>
    db.$client
      .prepare("INSERT INTO quote_lines (quote_id, position, kind, description, quantity, unit_price_cents, vat_rate_bps, total_ht_cents) VALUES (?, ?, 'free', ?, ?, ?, 0, ?)")
      .run(id, i, l.description, l.quantity, l.unitPriceCents, totals.lineTotalsHt[i]),
  );
  if (status !== "draft") db.$client.prepare("UPDATE quotes SET status = ? WHERE id = ?").run(status, id);
  return id;
}
