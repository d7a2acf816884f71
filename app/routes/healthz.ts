import fs from "node:fs";
import { json } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { unavailableTenants } from "~/platform/tenant-health.server";
import pkg from "../../package.json";

/**
 * 200 when the control DB answers and the tenants directory is writable; 503 otherwise.
 * Tenants whose file is unavailable make it "degraded" (still 200: the platform serves every
 * other coach, and a failing check would make the platform restart for one coach's file).
 */
export async function loader() {
  const checks = { controlDb: false, tenantsDirWritable: false };
  const errors: string[] = [];
  let unavailable: { id: string; reason: string | null }[] = [];
  try {
    controlDb().$client.prepare("SELECT count(*) FROM tenants").get();
    checks.controlDb = true;
    unavailable = unavailableTenants(controlDb());
  } catch (error) {
    errors.push(`control DB: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    fs.accessSync(getEnv().TENANTS_DIR, fs.constants.W_OK);
    checks.tenantsDirWritable = true;
  } catch {
    errors.push("tenants directory is not writable");
  }
  const ok = checks.controlDb && checks.tenantsDirWritable;
  const status = !ok ? "error" : unavailable.length > 0 ? "degraded" : "ok";
  return json(
    {
      status,
      version: pkg.version,
      checks,
      unavailableTenants: { count: unavailable.length, ids: unavailable.map((t) => t.id) },
      errors,
    },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
