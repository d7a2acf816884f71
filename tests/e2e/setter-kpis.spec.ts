import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { provisionCoach } from "./helpers";

const kpi = (page: Page, id: string) => page.locator(`[data-kpi="${id}"] [data-kpi-value]`);

// Run twice by the config: JavaScript off ("no-js") and on ("js").
test("a coach plugs N8N in with a token and watches the KPIs fill in, live then from the nightly aggregation", async ({ page, request }, testInfo) => {
  await provisionCoach(page, `kpi-${testInfo.project.name}`);

  await page.goto("/dashboard/kpis?range=7");
  await expect(page.getByTestId("kpis-empty")).toBeVisible();
  await expect(kpi(page, "leadsTotal")).toHaveText("0");

  // Create a token: shown once, with the ready-made N8N example using it.
  await page.goto("/dashboard/settings");
  await page.getByLabel("Nom du jeton").fill("N8N production");
  await page.getByRole("button", { name: "Créer un jeton" }).click();
  const token = await page.getByTestId("new-token").inputValue();
  expect(token).toMatch(/^cos_[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByTestId("n8n-example")).toContainText(`Bearer ${token}`);
  await expect(page.locator('[data-token-name="N8N production"]')).toContainText("jamais");

  // N8N pushes yesterday's leads and messages (yesterday: only the nightly job counts them).
  const yesterday = (minutes: number) => new Date(Date.now() - 24 * 3600_000 + minutes * 60_000).toISOString();
  const headers = { Authorization: `Bearer ${token}` };
  const bad = await request.post("/api/v1/leads", { headers, data: { leads: [{ instagram_id: "ig_1", age: "old" }] } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).errors[0].path).toBe("leads.0.age");

  const leads = await request.post("/api/v1/leads", {
    headers,
    data: {
      leads: [
        { instagram_id: "ig_1", username: "julie.fit", gender: "female", age: 31, job_title: "Infirmière", source: "story", status: "qualified", created_at: yesterday(0) },
        { instagram_id: "ig_2", username: "marc_run", gender: "male", age: 45, job_title: "Artisan", source: "post", status: "won", deal_value: 900, created_at: yesterday(5) },
        { instagram_id: "ig_3", username: "lea.yoga", source: "story", created_at: yesterday(10) },
      ],
    },
  });
  expect(leads.status()).toBe(201);
  expect(await leads.json()).toEqual({ created: 3, updated: 0, unchanged: 0, stale: 0 });
  const batch = {
    messages: [
      { external_id: "m1", instagram_id: "ig_1", direction: "out", message_number: 1, text: "Salut Julie !", sent_at: yesterday(1) },
      { external_id: "m2", instagram_id: "ig_1", direction: "in", text: "Hello", sent_at: yesterday(20) },
      { external_id: "m3", instagram_id: "ig_2", direction: "out", message_number: 1, text: "Salut Marc !", sent_at: yesterday(6) },
      { external_id: "m4", instagram_id: "ig_3", direction: "out", message_number: 1, text: "Salut Léa !", sent_at: yesterday(11) },
    ],
  };
  expect((await request.post("/api/v1/messages", { headers, data: batch })).status()).toBe(201);
  const retry = await request.post("/api/v1/messages", { headers, data: batch }); // a retried webhook
  expect(await retry.json()).toEqual({ created: 0, updated: 0, unchanged: 4 });

  // Before the nightly job, the days it has not stored yet are computed live.
  await page.goto("/dashboard/kpis?range=7");
  await expect(page.getByText("Historique pas encore calculé")).toBeVisible();
  await expect(kpi(page, "leadsTotal")).toHaveText("3");

  execFileSync("npx", ["tsx", "scripts/aggregate-kpis.ts", "--days", "3"], {
    env: { ...process.env, CONTROL_DB_PATH: ".e2e/control.sqlite", TENANTS_DIR: ".e2e/tenants" },
    stdio: "ignore",
  });

  await page.goto("/dashboard/kpis");
  await page.getByLabel("Période").selectOption("7");
  if (testInfo.project.name === "no-js") await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page).toHaveURL(/range=7/);
  await expect(page.getByText(/Historique mis à jour le/)).toBeVisible();
  await expect(kpi(page, "leadsTotal")).toHaveText("3");
  await expect(kpi(page, "messagesSent")).toHaveText("3");
  await expect(kpi(page, "responseRate1")).toHaveText("33,3 %"); // 1 reply to 3 first messages
  await expect(kpi(page, "qualified")).toHaveText("2"); // qualified + won
  await expect(kpi(page, "leadsWon")).toHaveText("1");
  await expect(kpi(page, "revenueCents")).toContainText("900,00");
  await expect(kpi(page, "avgAge")).toHaveText("38 ans");
  await expect(page.locator('[data-kpi="topSources"]')).toContainText("story");
  // The trend charts are SVG images rendered by recharts on the server.
  const chart = page.locator('figure[aria-labelledby="trend-activity-title"] img');
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(720);
  const svg = await request.get((await chart.getAttribute("src"))!, { headers: { Cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } });
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  expect(await svg.text()).toContain("recharts-surface");

  // Revoking the token stops the setter at once.
  await page.goto("/dashboard/settings");
  await page.locator('[data-token-name="N8N production"]').getByRole("button", { name: "Révoquer" }).click();
  await expect(page.getByRole("status")).toContainText("Jeton révoqué");
  expect((await request.post("/api/v1/leads", { headers, data: { instagram_id: "ig_9" } })).status()).toBe(401);
});
