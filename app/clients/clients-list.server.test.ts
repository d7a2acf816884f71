// The list's figures through the real SQL: a tenant with crafted sessions around the 14- and
// 60-day boundaries, cancelled and no-show sessions that must not count, a past confirmed one.
import { beforeAll, describe, expect, it } from "vitest";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { clientFiltersQuery, CLIENTS_PAGE_SIZE, parseClientFilters } from "./client-filters";
import { clientFigures } from "./client-sessions.server";
import { listClients } from "./clients-list.server";
import { clientHealth } from "./health";

const DAY = 86_400_000;
const now = Date.parse("2026-05-20T10:00:00+02:00");
let db: TenantDb;
const ids: Record<string, number> = {};

function client(key: string, first: string, last: string, email: string | null = null) {
  const r = db.$client
    .prepare("INSERT INTO clients (first_name, last_name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
    .get(first, last, email, now, now) as { id: number };
  ids[key] = r.id;
}
function session(key: string, at: number, status = "completed") {
  db.$client
    .prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, created_at, updated_at) VALUES (?, ?, 60, 8000, ?, ?, ?)")
    .run(ids[key], at, status, now, now);
}
const list = (query = "") => listClients(db.$client, parseClientFilters(new URLSearchParams(query)), now);
const rowOf = (key: string, query = "") => list(query).rows.find((r) => r.id === ids[key]);

beforeAll(() => {
  db = memoryTenant();
  client("new", "Sophie", "Durand", "sophie@example.fr");
  session("new", now + 1 * DAY, "confirmed"); // planned, nothing done yet: still "Nouveau"
  session("new", now - 3 * DAY, "cancelled");
  client("exactly14", "Quatorze", "Pile");
  session("exactly14", now - 14 * DAY);
  client("over14", "Jean", "Martin", "jean@example.fr");
  session("over14", now - 14 * DAY - 60_000);
  session("over14", now - 40 * DAY);
  session("over14", now - 2 * DAY, "no_show"); // does not count as done
  session("over14", now - 1 * DAY, "confirmed"); // a past confirmed one is not "planned"
  client("over14planned", "Prévu", "Plus-tard");
  session("over14planned", now - 20 * DAY);
  session("over14planned", now + 10 * DAY, "confirmed");
  client("exactly60", "Soixante", "Pile");
  session("exactly60", now - 60 * DAY);
  client("over60", "Hélène", "Loin");
  session("over60", now - 60 * DAY - 60_000);
  session("over60", now + 5 * DAY, "confirmed"); // Inactif wins over a planned session (seed's order)
  client("recent", "Marie", "Dupont", "marie@example.fr");
  for (const d of [3, 10, 17]) session("recent", now - d * DAY);
  session("recent", now - 1 * DAY, "refunded");
  db.$client.prepare("INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(ids.recent, "Ancien", "in_progress", 10, now - 9 * DAY, now);
  db.$client.prepare("INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(ids.recent, "Oser dire non", "in_progress", 40, now - DAY, now);
  db.$client.prepare("INSERT INTO goals (client_id, title, status, progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(ids.recent, "Fini", "done", 100, now, now);
});

describe("listClients", () => {
  it("aggregates done count, last done and next planned per client", () => {
    expect(rowOf("recent")).toMatchObject({ doneCount: 3, lastDoneAt: now - 3 * DAY, lastDoneLabel: "il y a 3 jours", nextPlannedAt: null, health: "active" });
    expect(rowOf("over14")).toMatchObject({ doneCount: 2, lastDoneAt: now - 14 * DAY - 60_000, nextPlannedAt: null, lastDoneLabel: "il y a 2 semaines" });
    expect(rowOf("new")).toMatchObject({ doneCount: 0, lastDoneAt: null, lastDoneLabel: null, nextPlannedAt: now + DAY, health: "new" });
  });

  it("applies the health rule at exactly 14 and 60 days", () => {
    expect(rowOf("exactly14")?.health).toBe("active");
    expect(rowOf("over14")?.health).toBe("review");
    expect(rowOf("over14")?.healthReason).toBe("dernière séance il y a 14 jours, aucune séance prévue");
    expect(rowOf("over14planned")?.health).toBe("active");
    expect(rowOf("exactly60")?.health).toBe("review");
    expect(rowOf("over60")?.health).toBe("inactive");
  });

  it("counts each health in the tabs and filters by one", () => {
    expect(list().counts).toEqual({ all: 7, active: 3, review: 2, new: 1, inactive: 1 });
    expect(list("health=review").rows.map((r) => r.id).sort()).toEqual([ids.over14, ids.exactly60].sort());
    expect(list("health=inactive").rows.map((r) => r.id)).toEqual([ids.over60]);
    expect(list("health=bogus").rows).toHaveLength(7);
  });

  it("searches names and emails, accents and case ignored; counts follow the search", () => {
    expect(list("q=helene").rows.map((r) => r.id)).toEqual([ids.over60]);
    expect(list("q=JEAN@EXAMPLE").rows.map((r) => r.id)).toEqual([ids.over14]);
    expect(list("q=marie dupont").rows.map((r) => r.id)).toEqual([ids.recent]);
    expect(list("q=pile").counts).toEqual({ all: 2, active: 1, review: 1, new: 0, inactive: 0 });
    expect(list("q=personne").rows).toEqual([]);
    expect(list("q=personne").total).toBe(7);
  });

  it("sorts by last session (recent first) or next session (soonest first), clients without one last", () => {
    expect(list().rows.map((r) => r.id)).toEqual([ids.recent, ids.exactly14, ids.over14, ids.over14planned, ids.exactly60, ids.over60, ids.new]);
    const next = list("sort=next").rows.map((r) => r.id);
    expect(next.slice(0, 3)).toEqual([ids.new, ids.over60, ids.over14planned]);
  });

  it("shows the latest goal in progress", () => {
    expect(rowOf("recent")?.goal).toEqual({ title: "Oser dire non", progress: 40 });
    expect(rowOf("over14")?.goal).toBeNull();
  });

  it("pages by 50 and clamps a page past the end", () => {
    const many = memoryTenant();
    const ins = many.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 120; i++) ins.run(`P${i}`, `N${String(i).padStart(3, "0")}`, now, now);
    const page = (q: string) => listClients(many.$client, parseClientFilters(new URLSearchParams(q)), now);
    expect(page("sort=name")).toMatchObject({ page: 1, pageCount: 3, matched: 120 });
    expect(page("sort=name").rows).toHaveLength(CLIENTS_PAGE_SIZE);
    expect(page("sort=name&page=3").rows.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `P${100 + i} N${100 + i}`));
    expect(page("sort=name&page=99").page).toBe(3);
  });

  it("gives every client the figures and badge of its client page (one query builder)", () => {
    const other = memoryTenant();
    const c = (n: string) => Number(other.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, 'X', 0, 0)").run(n).lastInsertRowid);
    const s = other.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, status, created_at, updated_at) VALUES (?, ?, ?, 0, 0)");
    const atNow = c("AtNow");
    s.run(atNow, now, "confirmed"); // starts this very moment: not "planned" any more, on both pages
    s.run(atNow, now + DAY, "confirmed");
    const same = c("SameTime");
    s.run(same, now - 5 * DAY, "completed");
    s.run(same, now - 5 * DAY, "completed"); // two at the same time: counted twice, one date
    s.run(same, now - DAY, "no_show");
    for (const [sqlite, filters] of [
      [db.$client, "sort=name"],
      [other.$client, "sort=name"],
    ] as const) {
      for (const row of listClients(sqlite, parseClientFilters(new URLSearchParams(filters)), now).rows) {
        const page = clientFigures(sqlite, row.id, now);
        expect({ id: row.id, doneCount: row.doneCount, lastDoneAt: row.lastDoneAt, nextPlannedAt: row.nextPlannedAt }).toEqual({ id: row.id, ...page });
        expect(row.health).toBe(clientHealth(page, now));
      }
    }
    expect(clientFigures(other.$client, atNow, now)).toEqual({ doneCount: 0, lastDoneAt: null, nextPlannedAt: now + DAY });
    expect(clientFigures(other.$client, same, now)).toEqual({ doneCount: 2, lastDoneAt: now - 5 * DAY, nextPlannedAt: null });
  });

  it("writes canonical queries for links", () => {
    const f = parseClientFilters(new URLSearchParams("q=jean&health=review&sort=last&page=2"));
    expect(clientFiltersQuery(f)).toBe("q=jean&health=review");
    expect(clientFiltersQuery(f, { health: undefined, sort: "next" })).toBe("q=jean&sort=next");
  });
});
