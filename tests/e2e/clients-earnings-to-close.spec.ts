import { expect, test } from "@playwright/test";
import { utcToParis } from "../../app/clients/paris-time";
import { signIn } from "./helpers";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). Each project creates its own
// client and books it a session yesterday evening (the seed's sessions start between 8 h and
// 19 h Paris; the two projects use different hours), so nothing another spec does touches it.
test("a forgotten session shows 'À clôturer' in the last transactions, leads to the session, and turns ✅ once completed", async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  const lastName = `Oubli-${tag}-${Date.now()}`;
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/clients/new");
  await page.getByLabel("Prénom *").fill("Lou");
  await page.getByLabel("Nom *", { exact: true }).fill(lastName);
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page).toHaveURL(/\/dashboard\/clients\/\d+$/);
  const clientId = page.url().split("/").pop();

  // Booked yesterday evening and never closed: its start has passed, it is no longer pending.
  await page.goto(`/dashboard/sessions/new?clientId=${clientId}`);
  await page.getByLabel("Date").fill(utcToParis(Date.now() - 86_400_000).date);
  await page.getByLabel("Heure (Paris)").fill(tag === "js" ? "23:15" : "22:00");
  await page.getByLabel("Durée (minutes)").fill("30");
  await page.getByLabel("Prix (€)").fill("60");
  await page.getByLabel("Thème").fill(`Oubli (${tag})`);
  await page.getByRole("button", { name: "Réserver la séance" }).click();
  await expect(page).toHaveURL(/\/dashboard\/sessions\/\d+$/);
  await expect(page.getByTestId("session-status")).toHaveText("Confirmée");
  const sessionPath = new URL(page.url()).pathname;

  await page.goto("/dashboard/earnings");
  const row = page.getByTestId("earnings-transactions").getByRole("listitem").filter({ hasText: `Lou ${lastName}` });
  await expect(row).toHaveCount(1);
  await expect(row).not.toContainText("En attente");
  const toClose = row.getByTestId("transaction-to-close");
  await expect(toClose).toHaveText(/À clôturer/);
  await expect(toClose).toHaveAttribute("href", sessionPath);

  // The link leads to the session, where the coach closes it.
  await toClose.click();
  await expect(page).toHaveURL(sessionPath);
  await page.getByRole("button", { name: "Démarrer la séance" }).click();
  await expect(page.getByTestId("session-status")).toHaveText("En cours");
  await page.getByLabel(/^Résumé/).fill(`Séance rattrapée (${tag}).`);
  await page.getByRole("button", { name: "Terminer la séance" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance terminée et enregistrée.");

  await page.goto("/dashboard/earnings");
  await expect(row).toContainText("Réalisée");
  await expect(row.getByTestId("transaction-to-close")).toHaveCount(0);
});
