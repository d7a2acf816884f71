// The e-invoicing reform: from 1 September 2027 a French SME issues its B2B invoices (to a
// French business) as structured e-invoices through an approved platform ("plateforme agréée",
// PA), which also handles the e-reporting of B2C sales. Coach OS is not a platform; it prepares
// what one needs (the Factur-X PDF: PDF/A-3 + EN 16931 CII XML) and hands it over through this
// small interface. Until a platform is chosen the "none" connector transmits nothing and says so
// on the invoice's history.
//
// To plug an approved platform in:
//   1. write `app/billing/einvoicing/<name>.server.ts` exporting a `PlatformConnector`: its
//      `submitInvoice` posts the Factur-X (most PAs take the PDF, some the XML alone, via their
//      REST API) and returns the PA's id and first status; `statusOf` asks the PA for the
//      lifecycle status (déposée, rejetée, refusée, encaissée… the reform's statuses map onto
//      `PlatformStatus` below; keep the PA's own wording in `detail`);
//   2. add its name to EINVOICING_PLATFORM in app/env.server.ts (with its API key variables,
//      read there and nowhere else) and to the switch of `platformConnector`;
//   3. a test that points the connector at a local HTTP stand-in, as the Stripe tests do.
// The coach's own platform account (one per SIREN) would be stored in billing_profile by a
// migration when the first connector is written.
import { and, eq } from "drizzle-orm";
import { invoiceEvents } from "../../../db/tenant.schema";
import { getEnv } from "~/env.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { findInvoice, logInvoiceEvent } from "../invoices.server";
import { invoiceFacturxXml, invoicePdf } from "../pdf/documents.server";

export type PlatformStatus = "not_connected" | "submitted" | "delivered" | "rejected" | "refused" | "paid";

export type PlatformSubmission = {
  number: string;
  /** The stored Factur-X PDF (the XML embedded). */
  pdf: Buffer;
  /** The same CII XML on its own, for platforms that take the XML. */
  xml: string;
  /** The buyer's SIREN: how a PA routes the invoice through the national directory. */
  buyerSiren: string | null;
};

export type PlatformConnector = {
  readonly name: string;
  submitInvoice(submission: PlatformSubmission): Promise<{ platformId: string | null; status: PlatformStatus }>;
  statusOf(platformId: string): Promise<{ status: PlatformStatus; detail?: string }>;
};

export const NOT_CONNECTED_DETAIL = "Plateforme de facturation électronique non connectée : rien n'a été transmis.";

/** No platform: nothing leaves Coach OS; `submitToPlatform` records that on the invoice. */
export const noPlatform: PlatformConnector = {
  name: "none",
  async submitInvoice() {
    return { platformId: null, status: "not_connected" };
  },
  async statusOf() {
    return { status: "not_connected" };
  },
};

export function platformConnector(env: Pick<ReturnType<typeof getEnv>, "EINVOICING_PLATFORM"> = getEnv()): PlatformConnector {
  switch (env.EINVOICING_PLATFORM) {
    case "none":
      return noPlatform;
  }
}

/**
 * Hands an issued B2B invoice or credit note to the platform (meant to be called when it is sent).
 * B2C documents are not e-invoices (they fall under e-reporting, done by the PA from its own
 * data): null. With no platform the history says "not connected" once per invoice.
 */
export async function submitToPlatform(db: TenantDb, invoiceId: number, connector: PlatformConnector = platformConnector(), now = new Date()) {
  const invoice = findInvoice(db, invoiceId);
  if (!invoice || invoice.state === "draft" || !invoice.number || invoice.buyer?.kind !== "business") return null;
  const xml = invoiceFacturxXml(db, invoiceId);
  if (!xml) return null;
  const { pdf } = await invoicePdf(db, invoiceId);
  const result = await connector.submitInvoice({ number: invoice.number, pdf, xml, buyerSiren: invoice.buyer.siren });
  if (result.status === "not_connected") {
    const already = db
      .select({ id: invoiceEvents.id })
      .from(invoiceEvents)
      .where(and(eq(invoiceEvents.invoiceId, invoiceId), eq(invoiceEvents.type, "platform")))
      .get();
    if (!already) logInvoiceEvent(db, invoiceId, "platform", NOT_CONNECTED_DETAIL, now);
  } else {
    logInvoiceEvent(db, invoiceId, "platform", `Transmise à la plateforme ${connector.name} (${result.platformId ?? "sans identifiant"}) : ${result.status}`, now);
  }
  return result;
}
