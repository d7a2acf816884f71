// Who drains the queues: the server process (EMAIL_WORKER=on, a timer) or the scheduled job
// (scripts/send-email-queue.ts). Both read the control DB's email_work (which tenants have email
// due) instead of opening every file, take one batch per tenant in turn (a 10,000-recipient
// campaign does not hold up another coach's invoice), and share the rate limit through the
// control DB. A tenant file that fails is logged and retried later; the others carry on.
import { controlDb } from "~/lib/control-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { markEmailWork } from "./queue.server";
import { drainTenant, nextDueAt, type DrainOptions } from "./worker.server";

type Log = { info: (data: object, msg: string) => void; error: (data: object, msg: string) => void };
const consoleLog: Log = { info: () => {}, error: (data, msg) => console.error(msg, data) };

/** A tenant whose drain threw is tried again after this. */
const FAILED_RETRY_MS = 60_000;
/** A suspended or deleted tenant's queue waits (rows stay queued) and is looked at again after this. */
const INACTIVE_RETRY_MS = 3_600_000;

export type PassReport = { tenants: number; sent: number; failed: { tenantId: string; error: string }[]; more: boolean };

/**
 * One pass over the tenants with email due now: up to `batchesPerTenant` batches each, then each
 * tenant's email_work row moves to its next due time (or goes away when its queue is empty).
 * `more`: some tenant still has email due right now.
 */
export async function drainDueTenants({
  now = () => new Date(),
  batchesPerTenant = 1,
  log = consoleLog,
  beforeSettle,
  ...drain
}: Omit<DrainOptions, "maxBatches"> & {
  batchesPerTenant?: number;
  log?: Log;
  /** Test seam: called between reading a drained tenant's next due time and writing it to email_work (another process's enqueue there). */
  beforeSettle?: (tenantId: string) => void;
} = {}): Promise<PassReport> {
  const control = controlDb().$client;
  const due = cachedStatement(control, "SELECT w.tenant_id AS id, w.due_at AS seen, t.status FROM email_work w LEFT JOIN tenants t ON t.id = w.tenant_id WHERE w.due_at <= ? ORDER BY w.due_at").all(now().getTime()) as {
    id: string;
    seen: number;
    status: string | null;
  }[];
  const report: PassReport = { tenants: 0, sent: 0, failed: [], more: false };
  /**
   * Compare-and-set: the row moves to `at` (or goes away) only if its due_at is still the one this
   * pass read. If another process's enqueue marked it since (an earlier due_at), its mark stays:
   * only moved earlier to `at` when that is sooner. Never a blind delete of someone else's wake-up.
   */
  const setDue = (id: string, seen: number, at: Date | null) => {
    if (at) {
      if (cachedStatement(control, "UPDATE email_work SET due_at = ? WHERE tenant_id = ? AND due_at = ?").run(at.getTime(), id, seen).changes === 0) markEmailWork(id, at);
    } else cachedStatement(control, "DELETE FROM email_work WHERE tenant_id = ? AND due_at = ?").run(id, seen);
  };
  for (const { id, seen, status } of due) {
    if (drain.signal?.aborted) break;
    if (status !== "active") {
      setDue(id, seen, status ? new Date(now().getTime() + INACTIVE_RETRY_MS) : null);
      continue;
    }
    try {
      await withTenantDb(id, async (db) => {
        const r = await drainTenant(db, id, { ...drain, now, maxBatches: batchesPerTenant });
        report.tenants++;
        report.sent += r.sent;
        // Read and written with no await in between: an enqueue in this process cannot slip between.
        // Another process's can (the scheduled job next to the server): its mark is not dropped
        // (compare-and-set), and the file is read again once written, for an enqueue whose mark
        // left due_at unchanged (min of an earlier one) or was made before its rows were visible.
        const next = nextDueAt(db);
        beforeSettle?.(id);
        setDue(id, seen, next);
        const again = nextDueAt(db);
        if (again && (!next || again.getTime() < next.getTime())) markEmailWork(id, again);
        if (again && again.getTime() <= now().getTime()) report.more = true;
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ tenantId: id, error: message });
      log.error({ tenantId: id, err: message }, "email queue: tenant drain failed");
      setDue(id, seen, new Date(now().getTime() + FAILED_RETRY_MS));
    }
  }
  return report;
}

type Worker = { stop: () => Promise<void> };
const KEY = Symbol.for("coach-os.email-worker");
const globals = globalThis as typeof globalThis & { [KEY]?: Worker };

/**
 * The in-server worker: a pass every `intervalMs` (at once again while email is still due).
 * The timer is unref'd (it never keeps the process alive). A second start (a dev rebuild
 * re-running the entry module) stops the first.
 */
export function startEmailWorker({ intervalMs = 1000, log = consoleLog }: { intervalMs?: number; log?: Log } = {}) {
  void globals[KEY]?.stop();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const tick = () => {
    running = (async () => {
      let more = false;
      try {
        more = (await drainDueTenants({ signal: controller.signal, log })).more;
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, "email queue: pass failed");
      }
      running = null;
      if (!controller.signal.aborted) {
        timer = setTimeout(tick, more ? 0 : intervalMs);
        timer.unref();
      }
    })();
  };
  timer = setTimeout(tick, intervalMs);
  timer.unref();
  const worker: Worker = {
    /** Takes no new batch; resolves once the batch in flight (if any) is sent and recorded. */
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
      if (globals[KEY] === worker) delete globals[KEY];
    },
  };
  globals[KEY] = worker;
  log.info({ intervalMs }, "email queue worker started");
  return worker;
}

/** Shutdown: see Worker.stop (a no-op when no worker runs in this process). */
export async function stopEmailWorker() {
  await globals[KEY]?.stop();
}
