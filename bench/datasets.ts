// Bench datasets, seeded once into bench/.data/<name> and reused (delete the folder or pass --fresh).
import fs from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./lib";

export type Dataset = { name: string; coaches: number; leads: number };

export const DATASETS = {
  single10k: { name: "single-10k", coaches: 1, leads: 10_000 },
  single100k: { name: "single-100k", coaches: 1, leads: 100_000 },
  many: { name: "many-1000x1k", coaches: 1000, leads: 1000 },
} satisfies Record<string, Dataset>;

/**
 * Seeds a dataset in a child process (each dataset has its own control DB, and the app
 * caches its environment per process), then runs the all-time KPI aggregation.
 */
export async function ensureDataset(ds: Dataset, { fresh = false } = {}) {
  const dir = path.join(BENCH_DIR, ds.name);
  const done = path.join(dir, ".ready");
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  if (fs.existsSync(done)) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, CONTROL_DB_PATH: path.join(dir, "control.sqlite"), TENANTS_DIR: path.join(dir, "tenants") };
  const { execFileSync } = await import("node:child_process");
  const started = performance.now();
  process.stdout.write(`  seeding ${ds.name} (${ds.coaches} coach(es) × ${ds.leads} leads)… `);
  execFileSync("npx", ["tsx", "scripts/seed.ts", "--reset", "--coaches", String(ds.coaches), "--leads", String(ds.leads)], { env, stdio: "ignore" });
  execFileSync("npx", ["tsx", "scripts/aggregate-kpis.ts", "--all"], { env, stdio: "ignore" });
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  fs.writeFileSync(done, new Date().toISOString());
  return dir;
}
