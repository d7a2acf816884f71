// Shared helpers for the benchmarks: timing statistics, a server child process, data dirs.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Runs `fn` `iterations` times after `warmup` runs; returns per-call milliseconds. */
export async function time(fn: () => unknown, { iterations = 200, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

export const BENCH_DIR = path.resolve("bench/.data");

/** Points this process at a bench data directory (before any app module reads the env). */
export function useDataDir(name: string) {
  const dir = path.join(BENCH_DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  process.env.CONTROL_DB_PATH = path.join(dir, "control.sqlite");
  process.env.TENANTS_DIR = path.join(dir, "tenants");
  return dir;
}

export const SESSION_SECRET = "bench-session-secret-0123456789abcdef";

/** Starts the built app (server.ts, as in production) on `port` with the given data dir and extra env. */
export async function startServer(dataDir: string, port: number, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn("node", ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      CONTROL_DB_PATH: path.join(dataDir, "control.sqlite"),
      TENANTS_DIR: path.join(dataDir, "tenants"),
      SESSION_SECRET,
      SECURE_COOKIES: "false",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { stop: () => new Promise<void>((r) => (child.once("exit", () => r()), child.kill("SIGTERM"))) };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`server on :${port} did not start`);
}
