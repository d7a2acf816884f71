// GET /dashboard/leads/export.csv?<the list's filters> (or ?ids=1,2,3 for a selection; ?delimiter=comma)
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { leadFiltersQuery, leadQuery, parseLeadFilters, parseLeadIds, SegmentNotFound } from "~/crm/lead-filters.server";
import { exportFileName, leadsCsvStream, takeExportSlot } from "~/crm/export-csv.server";
import { getEnv } from "~/env.server";
import { openSqlite } from "~/lib/sqlite.server";
import { tenantFilePath } from "~/lib/tenant-id.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseLeadFilters(url.searchParams);
  const ids = parseLeadIds(url.searchParams.get("ids"));
  const delimiter = url.searchParams.get("delimiter") === "comma" ? "," : ";";
  const { q, tenantId } = await withCoachDb(request, (db, ctx) => {
    try {
      return { q: leadQuery(db.$client, filters, { ids }), tenantId: ctx.tenant.id };
    } catch (e) {
      if (e instanceof SegmentNotFound) throw new Response("Ce segment n'existe pas.", { status: 404 });
      throw e;
    }
  });
  const headers = {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${exportFileName()}"`,
    "Cache-Control": "no-store",
  };
  // HEAD: no body will be read, so no connection is opened for it.
  if (request.method === "HEAD") return new Response(null, { headers });
  // A connection of the export's own: its statement stays open while the client downloads
  // (the shared handle would be busy meanwhile), and it reads one consistent WAL snapshot.
  // One such connection per coach, MAX_CONCURRENT_EXPORTS per process; the slot is freed when the
  // download ends, is cancelled or stalls (nothing read for a minute).
  const release = takeExportSlot(tenantId);
  if (!release) return exportBusy(leadFiltersQuery(filters));
  let sqlite;
  try {
    sqlite = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, tenantId), { readonly: true, fileMustExist: true });
    const db = sqlite;
    const stream = leadsCsvStream(db, q, { delimiter, onEnd: () => (db.close(), release()) });
    return new Response(createReadableStreamFromReadable(stream), { headers });
  } catch (e) {
    sqlite?.close();
    release();
    throw e;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of its own (the link was a plain download): what happened and the way back to the list. */
function exportBusy(query: string) {
  const back = escapeHtml(`/dashboard/leads${query ? `?${query}` : ""}`);
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Export en cours · Coach OS</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.25rem">Un export est déjà en cours, réessayez dans un instant.</h1>
<p>Les exports CSV se font un à la fois par compte (et quelques-uns au plus en même temps) pour ne pas ralentir l'application. Relancez le téléchargement d'ici quelques secondes.</p>
<p><a href="${back}">Revenir aux leads</a></p>
</body></html>`;
  return new Response(html, { status: 429, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "10", "Cache-Control": "no-store" } });
}
