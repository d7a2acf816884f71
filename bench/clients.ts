// Issue 8's speed target, in its own process: `tsx bench/clients.ts [dataDir] [--fresh] [--shuffled]`.
// Focus, clients and earnings loaders at 1,000 clients and 20,000 sessions in one tenant:
// p95 ≤ 10 ms each (real loaders, signed-in requests, 200 calls after 20 warm-up).
// The dataset is built once into bench/.data/clients-1000: the seed provisions one coach (its
// usual demo data), then direct SQL tops it up to 1,000 clients and 20,000 sessions over the last
// two years and the next six weeks (realistic statuses), with goals and marked moments.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { BENCH_DIR, SESSION_SECRET, ms, time } from "./lib";

const args = process.argv.slice(2);
// --shuffled: sessions inserted in random time order (a history imported in bulk, unsorted): the
// worst case for the sums, whose prices are read from the table rows (see docs/benchmarks.md).
const shuffled = args.includes("--shuffled");
const dataDir = args.find((a) => !a.startsWith("--")) ?? path.join(BENCH_DIR, shuffled ? "clients-1000-shuffled" : "clients-1000");
const CLIENTS = 1000;
const SESSIONS = 20_000;
process.env.CONTROL_DB_PATH = path.join(dataDir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dataDir, "tenants");
process.env.SESSION_SECRET = SESSION_SECRET;

// Deterministic pseudo-random numbers: the same dataset on every machine.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THEMES = ["Gestion du stress", "Leadership", "Confiance en soi", "Organisation", "Prise de parole", "Reconversion", "Équilibre pro/perso"];
const FIRST = ["Marie", "Jean", "Sophie", "Lucas", "Camille", "Hugo", "Léa", "Louis", "Chloé", "Nathan", "Emma", "Thomas"];
const LAST = ["Dupont", "Martin", "Durand", "Bernard", "Petit", "Robert", "Richard", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre"];

function tenantFile() {
  const control = new Database(process.env.CONTROL_DB_PATH!, { readonly: true });
  const { file_name } = control.prepare("SELECT t.file_name FROM tenants t JOIN memberships m ON m.tenant_id = t.id LIMIT 1").get() as { file_name: string };
  control.close();
  return path.join(process.env.TENANTS_DIR!, file_name);
}

function topUp(file: string) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  const now = Date.now();
  db.transaction(() => {
    const have = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const addClient = db.prepare("INSERT INTO clients (first_name, last_name, email, city, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = have("clients"); i < CLIENTS; i++) {
      const created = now - int(60, 760) * DAY;
      addClient.run(pick(FIRST), pick(LAST), `client${i}@exemple.fr`, pick(["Paris", "Lyon", "Nantes", "Lille"]), created, created);
    }
    const clientIds = (db.prepare("SELECT id FROM clients").all() as { id: number }[]).map((r) => r.id);
    const addSession = db.prepare(`INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, theme, summary,
      started_at, completed_at, cancelled_at, refunded_at, paid_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const addMoment = db.prepare("INSERT INTO session_moments (session_id, body, created_at) VALUES (?, ?, ?)");
    // Drawn first, then inserted in time order: a real coach's ids grow with booking time.
    const drafts = Array.from({ length: SESSIONS - have("coaching_sessions") }, () => {
      // 95 % over the last two years, 5 % booked in the next six weeks; whole hours 8 h – 19 h.
      const future = rand() < 0.05;
      const dayOffset = future ? int(0, 42) : -int(1, 730);
      return { future, at: Math.floor((now + dayOffset * DAY) / DAY) * DAY + int(7, 18) * HOUR };
    });
    if (!shuffled) drafts.sort((x, y) => x.at - y.at);
    for (const { future, at } of drafts) {
      const duration = pick([45, 60, 60, 60, 90]);
      const end = at + duration * 60_000;
      const r = rand();
      const status = future ? "confirmed" : r < 0.82 ? "completed" : r < 0.9 ? "cancelled" : r < 0.95 ? "no_show" : "refunded";
      const happened = status === "completed" || status === "refunded";
      const info = addSession.run(
        pick(clientIds),
        at,
        duration,
        int(12, 30) * 500,
        status,
        pick(THEMES),
        happened ? "Séance riche, objectifs clarifiés." : null,
        happened ? at : null,
        happened ? end : null,
        status === "cancelled" ? at - DAY : null,
        status === "refunded" ? end + 2 * DAY : null,
        happened && rand() < 0.9 ? end + int(0, 72) * HOUR : null,
        at - int(2, 10) * DAY,
        Math.min(end, now),
      );
      if (happened && rand() < 0.6) for (let m = int(1, 3); m > 0; m--) addMoment.run(info.lastInsertRowid, pick(["Déclic culpabilité", "Prise de conscience", "Engagement pris"]), end);
    }
    const addGoal = db.prepare("INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (const id of clientIds.slice(-(CLIENTS - 100))) {
      addGoal.run(
        id,
        pick(["Oser dire non", "Déléguer davantage", "Mieux dormir", "Préparer l'entretien annuel"]),
        "in_progress",
        int(0, 90),
        now - 90 * DAY,
        now
      );
      if (rand() < 0.3) addGoal.run(id, "Objectif précédent", pick(["done", "abandoned"]), 100, now - 300 * DAY, now - 120 * DAY);
    }
  })();
  db.pragma("optimize");
  const counts = db
    .prepare(
      "SELECT (SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM coaching_sessions) AS sessions, (SELECT count(*) FROM session_moments) AS moments, (SELECT count(*) FROM goals) AS goals"
    )
    .get();
  db.close();
  return counts;
}

const ready = path.join(dataDir, ".ready");
if (args.includes("--fresh")) fs.rmSync(dataDir, { recursive: true, force: true });
if (!fs.existsSync(ready)) {
  fs.mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  execFileSync("npx", ["tsx", "scripts/seed.ts", "--reset", "--coaches", "1", "--leads", "1000"], { env: process.env, stdio: "ignore" });
  const counts = topUp(tenantFile());
  console.error(`  built ${dataDir}: ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  fs.writeFileSync(ready, new Date().toISOString());
}

const { eq } = await import("drizzle-orm");
const { users, memberships } = await import("../db/control.schema");
const { controlDb } = await import("~/lib/control-db.server");
const { createUserSession } = await import("~/auth/auth.server");

const { user } = controlDb().select({ user: users }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).get()!;
const cookie = (await createUserSession(user, "/")).headers.get("Set-Cookie")!.split(";")[0];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loader = (a: any) => Promise<unknown>;
const call = async (loader: Loader, url: string) => {
  const res = (await loader({ request: new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), params: {}, context: {} })) as Response;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return res;
};

// The loaders under the target (issue 8: p95 ≤ 10 ms each).
const LOADERS: [string, () => Promise<{ loader: Loader }>][] = [
  ["/dashboard/earnings", () => import("~/routes/dashboard.earnings")],
  ["/dashboard", () => import("~/routes/dashboard._index")],
  ["/dashboard/clients", () => import("~/routes/dashboard.clients._index")],
];

const out: Record<string, string> = {};
for (const [url, load] of LOADERS) {
  const { loader } = await load();
  const s = await time(() => call(loader, url), { iterations: 200, warmup: 20 });
  out[`${url} loader`] = `median ${ms(s.median)}, p95 ${ms(s.p95)}`;
}
console.log(JSON.stringify(out));
