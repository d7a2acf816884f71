import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { provisionCoach, signIn } from "./helpers";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). Read-only on the seeded coach:
// the assertions hold whatever other specs do to coach1's sessions.

test("the seeded coach sees the month, pending and year figures, six bars, the last transactions, and downloads the month's CSV", async ({ page }) => {
  await signIn(page, "coach1@example.com");
  await page.getByRole("link", { name: "Revenus" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/earnings$/);
  await expect(page.getByRole("heading", { name: "Mes revenus" })).toBeVisible();
  for (const id of ["earnings-month", "earnings-pending", "earnings-year"]) await expect(page.getByTestId(id)).toContainText("€");
  await expect(page.getByTestId("earnings-month")).toContainText(/\d+ séances? réalisées?/);

  const bars = page.getByTestId("earnings-bars");
  await expect(bars).toHaveAttribute("role", "img");
  await expect(bars).toHaveAttribute("aria-label", /Revenus des 6 derniers mois/);
  await expect(bars.locator("g[data-month]")).toHaveCount(6);
  await expect(bars.locator("rect").first()).toBeAttached();
  await expect(page.locator("table.sr-only tbody tr")).toHaveCount(6);
  await expect(page.getByTestId("earnings-transactions").locator("li").first()).toContainText(/Séance #\d+/);

  // The export form proposes the current month; the file is that month's sessions.
  const from = await page.getByLabel("Du", { exact: true }).inputValue();
  const to = await page.getByLabel("Au", { exact: true }).inputValue();
  expect(from).toMatch(/^\d{4}-\d{2}-01$/);
  expect(to.slice(0, 7)).toBe(from.slice(0, 7));
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporter CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`revenus-${from}_${to}.csv`);
  const text = fs.readFileSync((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split("\r\n");
  expect(lines[0]).toBe("date;heure;client;séance n°;thème;statut;montant;encaissé;payée le");
  const [dd, mm, yyyy] = lines[1].split(";")[0].split("/");
  expect(`${yyyy}-${mm}`).toBe(from.slice(0, 7));
  expect(lines[1]).toMatch(/^\d{2}\/\d{2}\/\d{4};\d{2}:\d{2};[^;]+;\d*;[^;]*;(Réalisée|Confirmée|Annulée|Absence|Remboursée);-?\d+(,\d+)?;-?\d+(,\d+)?;(\d{2}\/\d{2}\/\d{4})?$/);
  expect(Number(dd)).toBeGreaterThanOrEqual(1);
});

test("a reversed period is refused in French and sent back to the form, the dates kept", async ({ page }) => {
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/earnings");
  await page.getByLabel("Du", { exact: true }).fill("2026-11-30");
  await page.getByLabel("Au", { exact: true }).fill("2026-11-01");
  // The browser's own date constraints do not catch a reversed period: the server does.
  await page.getByRole("button", { name: "Exporter CSV" }).click();
  await expect(page.getByRole("heading", { name: "Période invalide" })).toBeVisible();
  await expect(page.getByText("La période est inversée")).toBeVisible();
  await page.getByRole("link", { name: "Revenir aux revenus pour corriger la période" }).click();
  await expect(page.getByRole("alert")).toContainText("La période est inversée");
  await expect(page.getByLabel("Du", { exact: true })).toHaveValue("2026-11-30");
  await expect(page.getByLabel("Au", { exact: true })).toHaveValue("2026-11-01");
});

test("a new coach without sessions sees the empty state and zero figures", async ({ page }, testInfo) => {
  await provisionCoach(page, `earnings-${testInfo.project.name}`);
  await page.goto("/dashboard/earnings");
  await expect(page.getByTestId("earnings-empty")).toContainText("Vos revenus apparaîtront ici dès votre première séance");
  await expect(page.getByTestId("earnings-month")).toContainText("0,00 €");
  await expect(page.getByTestId("earnings-bars").locator("g[data-month]")).toHaveCount(6);
  await expect(page.getByText("Aucune transaction pour l'instant.")).toBeVisible();
});
