// Bundles the import worker (app/crm/import/worker.server.ts) into build/import-worker.mjs, run
// by `npm run build` after `remix build`: the worker then starts without compiling TypeScript
// (tsx's register() cost 0.4 s of the server's main thread per import). Packages stay external
// (resolved from node_modules at run time; better-sqlite3 is native).
import { build } from "esbuild";

await build({
  entryPoints: ["app/crm/import/worker.server.ts"],
  outfile: "build/import-worker.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
