// The lead jobs running in worker threads (imports, undos, bulk actions), seen together: a
// deploy (SIGTERM) lets them finish within the grace period before the files are closed, instead
// of killing them halfway (each is one transaction: killed, it is lost whole and must be redone).
import { runningBulkJobs } from "./bulk-jobs.server";
import { runningImportJobs } from "./import/imports.server";

/**
 * Waits for every running lead job, at most `graceMs`. Returns what was still running when the
 * grace ended (empty when all finished), for the log.
 */
export async function waitForLeadJobs(graceMs: number) {
  const running = [
    ...runningImportJobs().map((j) => ({ job: `${j.mode === "undo" ? "undo" : "import"} ${j.importId}`, tenantId: j.tenantId, finished: j.finished })),
    ...runningBulkJobs().map((j) => ({ job: `bulk ${j.op}`, tenantId: j.tenantId, finished: j.finished })),
  ];
  if (running.length === 0) return [];
  const pending = new Set(running);
  for (const r of running) void r.finished.then(() => pending.delete(r));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(running.map((r) => r.finished)), new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, graceMs))))]);
  clearTimeout(timer);
  return [...pending].map(({ job, tenantId }) => ({ job, tenantId }));
}

/** How many lead jobs run now (the shutdown log says whether it waits). */
export const leadJobCount = () => runningImportJobs().length + runningBulkJobs().length;
