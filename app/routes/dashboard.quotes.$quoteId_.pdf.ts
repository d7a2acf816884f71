// GET /dashboard/quotes/:quoteId/pdf: the PDF of a quote of the signed-in coach (its frozen
// content once sent; a "BROUILLON" preview while a draft). Rendered on demand, not stored.
// Another tenant's id is a 404 like a missing one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createHash } from "node:crypto";
import { withCoachDb } from "~/auth/guards.server";
import { BillingError } from "~/billing/billing-error";
import { QUOTE_NOT_FOUND, quotePdf } from "~/billing/pdf/documents.server";
import { pdfResponse } from "~/billing/pdf/pdf-response.server";
import { parseId } from "~/lib/parse-id";

const quoteNotFound = () => new Response(QUOTE_NOT_FOUND, { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, { user }) => {
    const id = parseId(params.quoteId);
    if (id === null) throw quoteNotFound();
    try {
      const { pdf, filename } = await quotePdf(db, id, { coachEmail: user.email });
      return pdfResponse(request, { pdf, filename, etag: createHash("sha256").update(pdf).digest("hex"), immutable: false });
    } catch (error) {
      if (error instanceof BillingError && error.code === "not_found") throw quoteNotFound();
      throw error;
    }
  });
}
