// GET /dashboard/leads/export.csv?<the list's filters> (or ?ids=1,2,3 for a selection; ?delimiter=comma)
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { leadQuery, parseLeadFilters, parseLeadIds, SegmentNotFound } from "~/crm/lead-filters.server";
import { exportFileName, leadsCsvStream } from "~/crm/export-csv.server";
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
  const sqlite = openSqlite(tenantFilePath(getEnv().TENANTS_DIR, tenantId), { readonly: true, fileMustExist: true });
  const stream = leadsCsvStream(sqlite, q, { delimiter, onEnd: () => sqlite.close() });
  return new Response(createReadableStreamFromReadable(stream), { headers });
}
