// GET /dashboard/earnings/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&delimiter=comma]: every session
// of the period (inclusive Paris days) of the signed-in coach's tenant. A bad or reversed period is
// a 400 page saying what to fix, with a link back to the form (which shows the same message).
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { earningsCsvStream, earningsFileName, parseEarningsPeriod } from "~/clients/earnings-export.server";
import { getEnv } from "~/env.server";
import { escapeHtml } from "~/lib/html";
import { openSqlite } from "~/lib/sqlite.server";
import { tenantFilePath } from "~/lib/tenant-id.server";

function badPeriod(url: URL, errors: string[]) {
  const back = `/dashboard/earnings?${new URLSearchParams({ from: url.searchParams.get("from") ?? "", to: url.searchParams.get("to") ?? "" })}`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Période invalide · Coach OS</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1>Période invalide</h1><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul>
<p><a href="${escapeHtml(back)}">Revenir aux revenus pour corriger la période</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The guard first: a signed-out visitor is sent to sign in whatever the period says.
  const tenantId = await withCoachDb(request, (_db, ctx) => ctx.tenant.id);
  const parsed = parseEarningsPeriod(url.searchParams);
  if (!parsed.ok) return badPeriod(url, parsed.errors);
  const headers = {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${earningsFileName(parsed.period)}"`,
    "Cache-Control": "no-store",
  };
  if (request.method === "HEAD") return new Response(null, { headers });
  // A connection of the export's own: its statement stays open while the client downloads.
  const sqlite = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, tenantId), { readonly: true, fileMustExist: true });
  const stream = earningsCsvStream(sqlite, parsed.period, { onEnd: () => sqlite.close() });
  return new Response(createReadableStreamFromReadable(stream), { headers });
}
