// /dashboard/clients rendered from its real loader's data: counts in French ("1 000", with the
// fr-FR thousands separator), in the title, the tabs, the matched line, the pages and the cards.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { formatInt } from "~/lib/format";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as list from "~/routes/dashboard.clients._index";

let a: SignedInCoach;
const DAY = 86_400_000;

beforeAll(async () => {
  setupTestDb();
  ({ a } = await makeTwoCoaches());
  const now = Date.now();
  await withTenantDb(a.tenant.id, (db) => {
    const c = db.$client.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id");
    const s = db.$client.prepare("INSERT INTO coaching_sessions (client_id, scheduled_at, status, created_at, updated_at) VALUES (?, ?, 'completed', ?, ?)");
    db.$client.transaction(() => {
      // 1,234 clients, all active; the first one has 1,500 sessions done.
      for (let i = 0; i < 1234; i++) {
        const { id } = c.get(`Client${i}`, `Nom${String(i).padStart(4, "0")}`, now, now) as { id: number };
        for (let k = 0; k < (i === 0 ? 1500 : 1); k++) s.run(id, now - 2 * DAY - k * 60_000 - i, now, now);
      }
    })();
  });
});

async function render(qs = "") {
  const data = JSON.parse(await (await settle(list.loader(args(request(`/dashboard/clients${qs}`, { cookie: a.cookie }))))).text());
  const routes = [{ id: "clients", path: "/dashboard/clients", element: createElement(list.default), loader: () => data }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(`http://localhost/dashboard/clients${qs}`));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  return { data, html: renderToStaticMarkup(createElement(StaticRouterProvider, { router, context, hydrate: false })) };
}

describe("/dashboard/clients in French numbers", () => {
  it("writes the counts with the fr-FR thousands separator", async () => {
    const { data, html } = await render("?sort=name");
    expect(data.total).toBe(1234);
    const n = formatInt(1234);
    expect(n).not.toBe("1234");
    expect(html).toContain(`Mes clients (${n})`); // title
    expect(html).toContain(`(${n})</span>`); // the "Tous" and "Actif" tabs
    expect(html).toContain(`${n} clients`); // matched line
    expect(html).toContain(`${formatInt(1500)} séances réalisées`); // the first card (sorted by name)
    expect(html).not.toMatch(/\b1234\b|\b1500\b/);
  });
});
