import fs from "node:fs";
import { json } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import pkg from "../../package.json";

/** 200 when the control DB answers and the tenants directory is writable; 503 otherwise. */
export async function loader() {
  const checks = { controlDb: false, tenantsDirWritable: false };
  const errors: string[] = [];
  try {
    controlDb().$client.prepare("SELECT count(*) FROM tenants").get();
    checks.controlDb = true;
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
  return json(
    { status: ok ? "ok" : "error", version: pkg.version, checks, errors },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
