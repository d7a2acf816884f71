import { desc, eq } from "drizzle-orm";
import { auditLog, tenants } from "../../db/control.schema";
import type { ControlDbOrTx as ControlDb } from "~/lib/control-db.server";

export type AuditAction =
  | "tenant.provision"
  | "tenant.suspend"
  | "tenant.reactivate"
  | "tenant.delete"
  | "tenant.export"
  | "tenant.recheck"
  | "invite.accept";

export function recordAudit(
  db: ControlDb,
  entry: {
    actor: { id: string; email: string } | null;
    action: AuditAction;
    tenantId?: string | null;
    ip: string;
    details?: Record<string, unknown>;
  },
) {
  db.insert(auditLog)
    .values({
      actorUserId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      ip: entry.ip,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .run();
}

export function listAudit(db: ControlDb, { limit = 200 }: { limit?: number } = {}) {
  return db
    .select({ entry: auditLog, tenantName: tenants.name, tenantSlug: tenants.slug })
    .from(auditLog)
    .leftJoin(tenants, eq(tenants.id, auditLog.tenantId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit)
    .all();
}
