// /pay/:token/pdf — the invoice's PDF for the client who holds the public link (the stored, issued PDF).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withPublicInvoice } from "~/billing/pay-page.server";
import { invoicePdf } from "~/billing/pdf/documents.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return withPublicInvoice(params.token, async (db, invoice) => {
    const { pdf, filename } = await invoicePdf(db, invoice.id);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
        "X-Robots-Tag": "noindex, nofollow",
        "Cache-Control": "private, no-store",
      },
    });
  });
}
