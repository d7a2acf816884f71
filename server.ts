// The HTTP server: Express around the Remix build (app/lib/http/express-app.server.ts holds the
// middleware). `npm start` in production, `npm run dev` (rebuilds reloaded), demo and e2e.
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import pino from "pino";
import { getEnv } from "~/env.server";
import { createHttpApp } from "~/lib/http/express-app.server";

installGlobals();
const env = getEnv();
const logger = pino({ base: { service: "coach-os" } });
const BUILD_PATH = path.resolve("build/index.js");
const mode = env.NODE_ENV === "development" ? "development" : "production";
// How long in-flight requests may run once SIGTERM arrives (Fly's kill_timeout is longer).
const SHUTDOWN_GRACE_MS = env.SHUTDOWN_GRACE_MS;

async function importBuild(): Promise<ServerBuild> {
  const stat = fs.statSync(BUILD_PATH);
  return import(`${url.pathToFileURL(BUILD_PATH).href}?t=${stat.mtimeMs}`);
}

let build = await importBuild();
let shuttingDown = false;

const app = createHttpApp({
  build: () => build,
  mode,
  logger,
  trustProxy: env.TRUST_PROXY,
  appUrl: env.APP_URL,
  https: env.NODE_ENV === "production" && env.SECURE_COOKIES !== "false",
  publicDir: path.resolve("public"),
  isShuttingDown: () => shuttingDown,
});

const port = Number(process.env.PORT ?? 3000); // read by Remix's tooling too, so not in env.server
const server = app.listen(port, () => {
  logger.info({ port, mode }, `Coach OS listening on http://localhost:${port}`);
  if (mode === "development") broadcastDevReady(build);
});

// A request must arrive whole within a minute (bodies are ≤ 1 MiB for the API, 20 MB for imports):
// a client trickling bytes cannot hold a connection for Node's default five minutes.
server.requestTimeout = 60_000;

if (mode === "development") {
  // `remix dev --manual` rewrites build/version.txt after each rebuild: load the new build.
  fs.watch(path.dirname(BUILD_PATH), async (_event, file) => {
    if (file !== "version.txt") return;
    build = await importBuild();
    broadcastDevReady(build);
  });
}

/**
 * Stop accepting, let in-flight requests finish, then running lead jobs (imports, bulk actions),
 * all within the grace period, then close the files.
 */
function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
  const force = setTimeout(() => {
    logger.warn("grace period over: closing the remaining connections");
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  // A keep-alive connection whose request was in flight goes idle once answered: close it then.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  idle.unref();
  server.close(async () => {
    clearTimeout(force);
    clearInterval(idle);
    const entry = build.entry.module as unknown as { shutdown?: (graceMs: number, log: typeof logger) => Promise<unknown> | void };
    try {
      await entry.shutdown?.(Math.max(0, deadline - Date.now()), logger);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
    }
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
