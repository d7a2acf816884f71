// GET /dashboard/invoices/:invoiceId/pdf: the PDF of an invoice or credit note of the signed-in
// coach. Issued: the stored copy (generated once, served identically, ETag = its SHA-256);
// draft: a "BROUILLON" preview, never stored nor cached. Another tenant's id is a 404 like a
// missing one (the tenant comes from the session).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { BillingError } from "~/billing/billing-error";
import { invoiceNotFound } from "~/billing/invoices.server";
import { invoicePdf } from "~/billing/pdf/documents.server";
import { pdfResponse } from "~/billing/pdf/pdf-response.server";
import { parseId } from "~/lib/parse-id";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, { user }) => {
    const id = parseId(params.invoiceId);
    if (id === null) throw invoiceNotFound();
    try {
      const doc = await invoicePdf(db, id, { coachEmail: user.email });
      // A draft's preview changes with every edit: not cached; an issued PDF never changes.
      const draft = doc.filename.includes("-brouillon-");
      return pdfResponse(request, { pdf: doc.pdf, filename: doc.filename, etag: doc.sha256, immutable: !draft });
    } catch (error) {
      if (error instanceof BillingError && error.code === "not_found") throw invoiceNotFound();
      throw error;
    }
  });
}
