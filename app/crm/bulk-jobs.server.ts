// Bulk actions on many leads run in a worker thread (./bulk-worker.server.ts): at 100k leads a
// tag, status, blacklist or delete on "all N results" takes seconds, during which the server's
// event loop would serve no one. Small selections stay inline (the worker costs ~0.3 s to start).
//
// One job per tenant at a time, kept in memory by this process: the list shows "Action en cours…"
// while it runs and "Action terminée : …" once, after. A job cut short by a restart leaves
// nothing half-written (each action is one statement or one transaction in the worker).
import { Worker } from "node:worker_threads";
import { getEnv } from "~/env.server";
import { formatInt } from "~/lib/format";
import { tenantFilePath } from "~/lib/tenant-id.server";
import { tenantHasJob } from "./import/jobs.server";
import type { LeadStatus } from "../../db/tenant.schema";
import type { LeadQuery } from "./lead-filters.server";
import { STATUS_LABELS } from "./lead-status";
import { workerScript } from "~/lib/worker-script.server";

export type BulkOp = "tag_add" | "tag_remove" | "status" | "blacklist" | "delete";
export type BulkParams = { op: BulkOp; tag?: string; status?: LeadStatus };

/** Selections above this many leads go to the worker. Tests lower it to exercise the worker. */
export const bulkLimits = { inlineMax: 1000 };

/** The worker's script: the bundle in production, the sources elsewhere (app/lib/worker-script.server.ts). */
export function bulkWorkerScript(env = getEnv().NODE_ENV) {
  return workerScript("bulk-worker", env);
}

type Job = BulkParams & {
  selected: number;
  state: "running" | "done" | "error";
  message: string | null;
  finished: Promise<void>;
};
const jobs = new Map<string, Job>();

const plural = (n: number) => `${formatInt(n)} lead${n > 1 ? "s" : ""}`;

/** What an action did, in the coach's words (the flash of an inline action, the banner of a job). */
export function bulkDoneMessage(p: BulkParams, count: number) {
  switch (p.op) {
    case "tag_add":
      return `Tag « ${p.tag} » ajouté à ${plural(count)}.`;
    case "tag_remove":
      return `Tag « ${p.tag} » retiré de ${plural(count)}.`;
    case "status":
      return `Statut changé pour ${plural(count)}.`;
    case "blacklist":
      return `${plural(count)} blacklisté(s) : ils ne recevront plus rien.`;
    case "delete":
      return `${plural(count)} supprimé(s).`;
  }
}

function runningMessage(p: BulkParams, selected: number) {
  const what = {
    tag_add: `ajout du tag « ${p.tag} »`,
    tag_remove: `retrait du tag « ${p.tag} »`,
    status: `passage au statut « ${p.status ? STATUS_LABELS[p.status] : ""} »`,
    blacklist: "blacklist",
    delete: "suppression",
  }[p.op];
  return `Action en cours… ${what} sur ${plural(selected)}. La liste se met à jour à la fin ; vous pouvez continuer à travailler.`;
}

export function bulkJobRunning(tenantId: string) {
  return jobs.get(tenantId)?.state === "running";
}

export const LEAD_JOB_BUSY = "Une action est déjà en cours sur vos leads (import ou action groupée) : réessayez quand elle sera terminée.";

/**
 * An import, an undo or a bulk job of this tenant is under way. One at a time across all three:
 * each holds the file's write lock for seconds, and the other's connection waits only 5 s for it
 * ("database is locked").
 */
export function leadJobRunning(tenantId: string) {
  return bulkJobRunning(tenantId) || tenantHasJob(tenantId);
}

/** The bulk jobs still running, as [tenant, finished] (shutdown waits for them). */
export function runningBulkJobs() {
  return [...jobs].filter(([, job]) => job.state === "running").map(([tenantId, job]) => ({ tenantId, op: job.op, finished: job.finished }));
}

/**
 * What the list shows about this tenant's job: while it runs, the running banner (every time);
 * once over, the outcome (once: it is then forgotten). Null when there is none.
 */
export function takeBulkJobBanner(tenantId: string): { running: boolean; failed: boolean; message: string } | null {
  const job = jobs.get(tenantId);
  if (!job) return null;
  if (job.state === "running") return { running: true, failed: false, message: runningMessage(job, job.selected) };
  jobs.delete(tenantId);
  return { running: false, failed: job.state === "error", message: job.message! };
}

/** Resolves once the tenant's job is over (tests, shutdown). */
export function bulkJobFinished(tenantId: string) {
  return jobs.get(tenantId)?.finished ?? Promise.resolve();
}

/**
 * Starts the job; false when one of this tenant's (or an import, or an undo) is already running. The tenant file comes from
 * the session's tenant id, and the selection is the list's SQL (bound parameters) already built
 * from this tenant's filters: the worker runs exactly what the inline path would.
 */
export function startBulkJob(tenantId: string, params: BulkParams, query: LeadQuery, selected: number, actorUserId: string, now = new Date()) {
  if (leadJobRunning(tenantId)) return false;
  const file = tenantFilePath(getEnv().TENANTS_DIR, tenantId);
  const job: Job = {
    ...params,
    selected,
    state: "running",
    message: null,
    finished: Promise.resolve(),
  };
  jobs.set(tenantId, job);
  job.finished = new Promise<void>((resolve) => {
    const fail = (message: string) => {
      job.state = "error";
      job.message = `L'action groupée n'a pas abouti, rien n'a été modifié : ${message}`;
    };
    let worker: Worker;
    try {
      worker = new Worker(bulkWorkerScript(), {
        workerData: {
          file,
          op: params.op,
          tag: params.tag,
          status: params.status,
          query: {
            where: query.where,
            orderBy: query.orderBy,
            params: query.params,
          },
          actorUserId,
          now: now.getTime(),
        },
        resourceLimits: {
          maxOldGenerationSizeMb: 128,
          maxYoungGenerationSizeMb: 8,
        },
      });
    } catch (error) {
      console.error(`[tenant ${tenantId}] bulk ${params.op}: the worker did not start`, error);
      fail("le traitement n'a pas pu démarrer. Réessayez dans un instant.");
      resolve();
      return;
    }
    worker.on("message", (m: { type: string; count?: number; message?: string }) => {
      if (m.type === "done") {
        job.state = "done";
        job.message = `Action terminée : ${bulkDoneMessage(params, m.count!)}`;
      } else if (m.type === "error") fail(m.message!);
    });
    worker.once("error", (error) => fail(error.message));
    worker.once("exit", () => {
      if (job.state === "running") fail("arrêt inattendu.");
      resolve();
    });
  });
  return true;
}
