// Bundles the worker threads' code into build/: the import worker (app/crm/import/worker.server.ts
// → build/import-worker.mjs) and the bulk worker (app/crm/bulk-worker.server.ts →
// build/bulk-worker.mjs), run by `npm run build` after `remix build`: a worker then starts without
// compiling TypeScript (tsx's register() cost 0.4 s of the server's main thread per job).
// Packages stay external (resolved from node_modules at run time; better-sqlite3 is native).
import { build } from "esbuild";

for (const [entry, out] of [
  ["app/crm/import/worker.server.ts", "build/import-worker.mjs"],
  ["app/crm/bulk-worker.server.ts", "build/bulk-worker.mjs"],
]) {
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
}
