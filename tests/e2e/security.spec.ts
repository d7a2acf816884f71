import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

const APP = "http://localhost:3100";

// A page on another site posting a form to Coach OS: the browser sends Origin and
// Sec-Fetch-Site: cross-site, and the server answers 403 before anything runs.
async function attack(page: import("@playwright/test").Page, action: string, fields: Record<string, string>) {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
    .join("");
  await page.route("http://evil.test/**", (route) =>
    route.fulfill({ contentType: "text/html", body: `<form method="post" action="${APP}${action}">${inputs}<button>Gagner un iPhone</button></form>` }),
  );
  await page.goto("http://evil.test/");
  const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${APP}${action}`), page.getByRole("button").click()]);
  return response;
}

test("a cross-site form post to /login or to an admin action gets 403", async ({ page, context }) => {
  const login = await attack(page, "/login", { email: "admin@example.com", password: "coach-os-demo" });
  expect(login.status()).toBe(403);
  await expect(page.getByText("ne vient pas de Coach OS")).toBeVisible();

  // Even with an admin signed in in the same browser.
  const admin = await context.newPage();
  await signIn(admin, "admin@example.com");
  await admin.locator("table a").first().click();
  await expect(admin).toHaveURL(/\/admin\/tenants\/t_/);
  const tenantPath = new URL(admin.url()).pathname;
  expect(tenantPath).toMatch(/^\/admin\/tenants\/t_/);
  const suspend = await attack(page, tenantPath, { intent: "suspend" });
  expect(suspend.status()).toBe(403);
  await admin.reload();
  await expect(admin.getByRole("button", { name: "Suspendre" })).toBeVisible(); // still active
});

test("pages pass their Content-Security-Policy, and JavaScript runs when enabled", async ({ page }, testInfo) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/invite/not-a-real-token");
  await signIn(page, "admin@example.com"); // /login
  for (const p of ["/admin", "/admin/audit", "/admin/tenants/new"]) await page.goto(p);
  // signOut waits for /login: with JavaScript the sign-out is a fetch, and /login must not see the admin still signed in.
  await signOut(page);
  await signIn(page, "coach1@example.com");
  for (const p of ["/dashboard", "/dashboard/kpis?range=30", "/dashboard/settings"]) {
    await page.goto(p);
    await expect(page.getByRole("navigation").first()).toBeVisible();
  }
  if (testInfo.project.name === "js") {
    // Hydrated: the inline scripts carrying the nonce ran.
    expect(await page.evaluate(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter)).toBe("object");
  }
  expect(violations).toEqual([]);
});
