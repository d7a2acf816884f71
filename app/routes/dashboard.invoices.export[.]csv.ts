// GET /dashboard/invoices/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&delimiter=comma]: the issued
// invoices and credit notes of the period (by issue date) of the signed-in coach's tenant, for
// the accountant. A bad or reversed period is a 400 page saying what to fix.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { accountingCsvStream, accountingFileName } from "~/billing/accounting-export.server";
import { parseEarningsPeriod } from "~/clients/earnings-export.server";
import { escapeHtml } from "~/lib/html";

function badPeriod(url: URL, errors: string[]) {
  const back = `/dashboard/invoices?${new URLSearchParams({ from: url.searchParams.get("from") ?? "", to: url.searchParams.get("to") ?? "" })}`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Période invalide · Coach OS</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1>Période invalide</h1><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul>
<p><a href="${escapeHtml(back)}">Revenir aux factures pour corriger la période</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return withCoachDb(request, (db) => {
    const parsed = parseEarningsPeriod(url.searchParams);
    if (!parsed.ok) return badPeriod(url, parsed.errors);
    const headers = {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${accountingFileName(parsed.period)}"`,
      "Cache-Control": "no-store",
    };
    if (request.method === "HEAD") return new Response(null, { headers });
    // A few hundred rows a year: read now (inside the request's handle), streamed out by csv-stringify.
    return new Response(createReadableStreamFromReadable(accountingCsvStream(db, parsed.period)), { headers });
  });
}
