import os from "node:os";
import { Worker } from "node:worker_threads";
import { eq } from "drizzle-orm";
import { tenants } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import { TenantUnavailableError, withTenantDb } from "~/lib/tenant-db.server";
import { refreshAllScores } from "~/crm/score.server";
import { markTenantHealth, measureTenant, recordTenantFigures, unavailableTenants } from "~/platform/tenant-health.server";
import { isTenantId } from "~/lib/tenant-id.server";
import { aggregateTenant, firstDataDay, nightlyWindow } from "./aggregate.server";
import { dayKey, daysBetween } from "./paris-days.server";

export type AggregationOptions = {
  days: number | "all";
  tenantId?: string;
  now?: Date;
  workers?: number;
  /** Below this many tenants per worker, starting threads costs more than it saves. */
  minTenantsPerWorker?: number;
};
export type AggregationReport = {
  tenants: number;
  days: number;
  seconds: number;
  /** Unexpected errors: the job exits non-zero. */
  failed: { tenantId: string; error: string }[];
  /** Files that cannot be used (missing, damaged): skipped, flagged for support, the run goes on. */
  skipped: { tenantId: string; reason: string }[];
  /** Fresh figures of each aggregated tenant, for the admin list. */
  figures: { tenantId: string; leadCount: number; sizeBytes: number | null }[];
};

const emptyReport = (): AggregationReport => ({ tenants: 0, days: 0, seconds: 0, failed: [], skipped: [], figures: [] });

/**
 * The nightly job: every active tenant (or one), each in its own try so that one corrupt
 * or locked file is reported while the others still run. Tenants are independent, so a
 * large run is shared between worker threads (one per core by default).
 */
export async function runAggregation(options: AggregationOptions): Promise<AggregationReport> {
  const { days, tenantId, now = new Date(), workers = os.availableParallelism(), minTenantsPerWorker = 50 } = options;
  const started = performance.now();
  if (tenantId !== undefined && !isTenantId(tenantId)) throw new Error(`Not a tenant id: ${tenantId}`);
  let ids = controlDb()
    .select({ id: tenants.id })
    .from(tenants)
    .where(tenantId ? eq(tenants.id, tenantId) : eq(tenants.status, "active"))
    .all()
    .map((t) => t.id);
  if (tenantId && ids.length === 0) throw new Error(`Unknown tenant: ${tenantId}`);
  // Files support already knows to be unusable are skipped (and reported again), not opened.
  const flagged = new Map(unavailableTenants(controlDb()).map((t) => [t.id, t.reason ?? "signalé indisponible"]));
  const skippedUpFront = ids.filter((id) => flagged.has(id)).map((id) => ({ tenantId: id, reason: flagged.get(id)! }));
  ids = ids.filter((id) => !flagged.has(id));

  const threads = Math.max(1, Math.min(workers, Math.floor(ids.length / minTenantsPerWorker)));
  const reports =
    threads > 1
      ? await Promise.all(shares(ids, threads).map((share) => inWorker(share, days, now)))
      : [await aggregateTenants(ids, { days, now })];
  const report = emptyReport();
  report.skipped.push(...skippedUpFront);
  for (const r of reports) {
    report.tenants += r.tenants;
    report.days += r.days;
    report.failed.push(...r.failed);
    report.skipped.push(...r.skipped);
    report.figures.push(...r.figures);
  }
  recordOutcomes(report, now);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** Aggregates the given tenants one after the other, in this thread. */
export async function aggregateTenants(ids: string[], { days, now }: { days: number | "all"; now: Date }): Promise<AggregationReport> {
  const report = emptyReport();
  for (const id of ids) {
    try {
      report.days += await withTenantDb(id, (db) => {
        const window = days === "all" ? allTimeWindow(firstDataDay(db), now) : nightlyWindow(db, days, now);
        const written = window.length ? aggregateTenant(db, window, now) : 0;
        refreshAllScores(db.$client, now); // recency decays without writes
        const { leadCount, sizeBytes } = measureTenant(id, db);
        report.figures.push({ tenantId: id, leadCount, sizeBytes });
        return written;
      });
      report.tenants++;
    } catch (error) {
      if (error instanceof TenantUnavailableError) report.skipped.push({ tenantId: id, reason: error.reason });
      else report.failed.push({ tenantId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

/** The control DB learns each tenant's health and figures (one transaction, in the main thread). */
function recordOutcomes(report: AggregationReport, now: Date) {
  const db = controlDb();
  db.transaction(() => {
    for (const s of report.skipped) markTenantHealth(db, s.tenantId, "unavailable", s.reason, now);
    // Figures only: a file that aggregates fine may still be damaged elsewhere, so clearing an
    // "unavailable" flag is left to the full check (npm run migrate, "Vérifier le fichier").
    for (const f of report.figures) recordTenantFigures(db, f.tenantId, { leadCount: f.leadCount, sizeBytes: f.sizeBytes }, now);
  });
}

function shares(ids: string[], n: number) {
  const out: string[][] = Array.from({ length: n }, () => []);
  ids.forEach((id, i) => out[i % n].push(id));
  return out;
}

function inWorker(ids: string[], days: number | "all", now: Date) {
  return new Promise<AggregationReport>((resolve, reject) => {
    const worker = new Worker(new URL("../../scripts/aggregate-worker.mjs", import.meta.url), {
      workerData: { ids, days, now: now.toISOString() },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`aggregation worker exited with ${code}`)));
  });
}

function allTimeWindow(first: string | null, now: Date) {
  return first ? daysBetween(first, dayKey(now)) : [];
}
