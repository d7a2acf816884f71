// GET /q/:token/pdf: the quote's PDF for the client, through the same checks as its page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withPublicQuote } from "~/billing/public-quote.server";
import { quotePdf } from "~/billing/pdf/documents.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return withPublicQuote(params.token, async (db, quote) => {
    const { pdf, filename } = await quotePdf(db, quote.id);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex, nofollow",
      },
    });
  });
}
