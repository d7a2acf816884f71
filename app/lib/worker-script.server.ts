// Which file a worker thread runs. `npm run build` bundles each worker into build/<name>.mjs
// (scripts/build-import-worker.mjs): in production that bundle starts without compiling
// TypeScript, unless it is missing or older than the app's build (`remix build` run alone);
// then, like dev and tests, the sources in scripts/<name>.mjs run through tsx.
import fs from "node:fs";
import path from "node:path";

export function workerScript(name: "import-worker" | "bulk-worker", env: string | undefined) {
  const sources = path.resolve(`scripts/${name}.mjs`);
  if (env !== "production") return sources;
  try {
    const bundle = fs.statSync(path.resolve(`build/${name}.mjs`)).mtimeMs;
    const app = fs.statSync(path.resolve("build/index.js"), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (bundle >= app) return path.resolve(`build/${name}.mjs`);
  } catch {
    // no bundle: the sources
  }
  return sources;
}
