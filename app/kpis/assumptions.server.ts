import { eq } from "drizzle-orm";
import { settings } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";
import { AssumptionsSchema, DEFAULT_ASSUMPTIONS, type Assumptions } from "./assumptions";

const KEY = "kpi.assumptions";

export function readAssumptions(db: TenantDb): Assumptions {
  const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row) return DEFAULT_ASSUMPTIONS;
  const parsed = AssumptionsSchema.partial().safeParse(JSON.parse(row.value));
  return { ...DEFAULT_ASSUMPTIONS, ...(parsed.success ? parsed.data : {}) };
}

export function saveAssumptions(db: TenantDb, value: Assumptions) {
  const json = JSON.stringify(value);
  db.insert(settings).values({ key: KEY, value: json }).onConflictDoUpdate({ target: settings.key, set: { value: json } }).run();
}
