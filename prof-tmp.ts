import fs from "node:fs";
process.env.CONTROL_DB_PATH = "/tmp/proftmp/control.sqlite"; process.env.TENANTS_DIR = "/tmp/proftmp/tenants";
fs.rmSync("/tmp/proftmp", { recursive: true, force: true });
const { createTenantFile } = await import("~/lib/tenant-db.server");
const { writeTenantData } = await import("~/lib/seed/write-tenant-data.server");
const { fakeTenantData } = await import("~/lib/seed/fake-tenant-data.server");
const { seedCoach } = await import("~/lib/seed/random.server");
const { newTenantId } = await import("~/lib/tenant-id.server");
let c = 0, g = 0, w = 0;
for (let i = 1; i <= 200; i++) {
  const id = newTenantId();
  let t = performance.now(); createTenantFile(id); c += performance.now() - t;
  t = performance.now(); seedCoach(i); const d = fakeTenantData({ leads: 20, now: new Date(), specialty: "yoga" }); g += performance.now() - t;
  t = performance.now(); await writeTenantData(id, d); w += performance.now() - t;
}
console.log({ tx: (globalThis as any).tx / 200, create: c / 200, gen: g / 200, write: w / 200 });
