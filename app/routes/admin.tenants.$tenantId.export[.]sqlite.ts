import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guards.server";
import { controlDb } from "~/lib/control-db.server";
import { clientIp } from "~/lib/request.server";
import { parisDate, readAndRemove, snapshotTenant } from "~/platform/tenant-export.server";
import { recordAudit } from "~/platform/audit.server";
import { findTenant } from "~/platform/tenants.server";

/** GDPR export for admin and support: a consistent snapshot, every download audit-logged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const db = controlDb();
  const tenant = findTenant(db, params.tenantId ?? "");
  if (!tenant || tenant.status === "deleted") throw new Response("Ce coach n'existe pas.", { status: 404 });

  const file = await snapshotTenant(tenant.id);
  const size = fs.statSync(file).size;
  recordAudit(db, { actor: user, action: "tenant.export", tenantId: tenant.id, ip: clientIp(request), details: { bytes: size } });
  return new Response(createReadableStreamFromReadable(readAndRemove(file)), {
    headers: {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Disposition": `attachment; filename="${tenant.slug}-${parisDate()}.sqlite"`,
      "Content-Length": String(size),
      "Cache-Control": "no-store",
    },
  });
}
