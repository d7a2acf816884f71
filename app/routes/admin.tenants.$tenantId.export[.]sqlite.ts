import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guards.server";
import { controlDb } from "~/lib/control-db.server";
import { clientIp } from "~/lib/request.server";
import { TenantUnavailableError } from "~/lib/tenant-db.server";
import { recordAudit } from "~/platform/audit.server";
import { discardSnapshot, ExportBusyError, ExportNoSpaceError, parisDate, readAndRemove, snapshotTenant } from "~/platform/tenant-export.server";
import { findTenant } from "~/platform/tenants.server";

/** GDPR export for admin and support: a consistent snapshot, every download audit-logged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const db = controlDb();
  const tenant = findTenant(db, params.tenantId ?? "");
  if (!tenant || tenant.status === "deleted") throw new Response("Ce coach n'existe pas.", { status: 404 });
  const filename = `${tenant.slug}-${parisDate()}.sqlite`;
  const headers = {
    "Content-Type": "application/vnd.sqlite3",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "no-store",
  };
  // A HEAD (link checkers, download managers) downloads nothing: no snapshot, no audit row.
  if (request.method === "HEAD") return new Response(null, { headers });

  let file: string;
  try {
    file = await snapshotTenant(tenant.id);
  } catch (error) {
    if (error instanceof ExportBusyError) throw new Response(error.message, { status: 429, headers: { "Retry-After": "30" } });
    if (error instanceof ExportNoSpaceError) throw new Response(error.message, { status: 507 });
    if (error instanceof TenantUnavailableError) {
      throw new Response(`Export impossible : le fichier de ce coach est indisponible (${error.reason}). Voir la fiche du coach.`, { status: 503 });
    }
    throw error;
  }
  try {
    const size = fs.statSync(file).size;
    recordAudit(db, { actor: user, action: "tenant.export", tenantId: tenant.id, ip: clientIp(request), details: { bytes: size } });
    return new Response(createReadableStreamFromReadable(readAndRemove(file)), {
      headers: { ...headers, "Content-Length": String(size) },
    });
  } catch (error) {
    discardSnapshot(file);
    throw error;
  }
}
