// Who sells and who buys, as frozen on a document when it is issued (invoice) or sent (quote):
// later changes to the settings or the client never alter an issued document.
import type { BuyerSnapshot, SellerSnapshot } from "../../db/tenant.schema";
import type { Client } from "~/clients/client.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readBillingProfile, type BillingProfile } from "./billing-profile.server";

/** What an issued document needs from the settings, in French, for the error message. */
export function missingSellerFields(p: BillingProfile): string[] {
  const missing: string[] = [];
  if (!p.legalName) missing.push("raison sociale (nom + EI)");
  if (!p.address || !p.postalCode || !p.city) missing.push("adresse");
  if (!p.siren && !p.siret) missing.push("SIREN ou SIRET");
  if (p.vatRegime === "standard" && !p.vatNumber) missing.push("numéro de TVA intracommunautaire");
  return missing;
}

export function sellerSnapshot(db: TenantDb, coachEmail: string | null): SellerSnapshot {
  return sellerSnapshotOf(readBillingProfile(db), coachEmail);
}

/** The snapshot of a given profile row (the demo seed builds its rows in memory). */
export function sellerSnapshotOf(p: BillingProfile, coachEmail: string | null): SellerSnapshot {
  return {
    tradeName: p.tradeName,
    legalName: p.legalName ?? "",
    address: p.address ?? "",
    postalCode: p.postalCode ?? "",
    city: p.city ?? "",
    country: p.country,
    siren: p.siren ?? (p.siret ? p.siret.slice(0, 9) : null),
    siret: p.siret,
    vatNumber: p.vatNumber,
    vatRegime: p.vatRegime,
    email: coachEmail,
    iban: p.iban,
    bic: p.bic,
    penaltyRateBps: p.penaltyRateBps,
    legalMentions: p.legalMentions,
    termsOfSale: p.termsOfSale,
  };
}

export function clientDisplayName(c: Pick<Client, "firstName" | "lastName">) {
  return `${c.firstName} ${c.lastName}`.trim();
}

export function buyerSnapshot(c: Client): BuyerSnapshot {
  const business = c.kind === "business";
  return {
    kind: c.kind,
    name: business && c.company ? c.company : clientDisplayName(c),
    contact: business ? clientDisplayName(c) || null : null,
    email: c.email,
    address: c.address,
    postalCode: c.postalCode,
    city: c.city,
    country: c.country,
    siren: business ? c.siren : null,
    vatNumber: business ? c.vatNumber : null,
  };
}

/**
 * What an invoice needs from the client: the name and address of every buyer are mandatory
 * mentions (art. 242 nonies A, annexe II du CGI), and a French business buyer's SIREN too (the
 * e-invoicing reform's new mention, and Factur-X's buyer identifier; a foreign one: its VAT number).
 */
export function missingBuyerFields(c: Client): string[] {
  const missing: string[] = [];
  if (c.kind === "business" && !c.company) missing.push("raison sociale du client");
  if (!c.address || !c.postalCode || !c.city) missing.push("adresse du client");
  // A French business is identified by its SIREN; a foreign one by its VAT number.
  if (c.kind === "business" && c.country === "FR" && !c.siren) missing.push("SIREN du client");
  if (c.kind === "business" && c.country !== "FR" && !c.vatNumber) missing.push("numéro de TVA du client");
  return missing;
}
