// The bulk worker from the TypeScript sources (dev, tests, a build without the bundle): tsx
// compiles app/crm/bulk-worker.server.ts and what it imports when the thread starts.
// The built app runs build/bulk-worker.mjs instead (scripts/build-import-worker.mjs).
import { register } from "tsx/esm/api";

register();
await import("../app/crm/bulk-worker.server.ts");
