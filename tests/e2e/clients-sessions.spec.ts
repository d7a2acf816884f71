import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { utcToParis } from "../../app/clients/paris-time";
import { tenantFile } from "./tenant-file";
import { signIn } from "./helpers";

// One flow, run twice by the config: JavaScript off ("no-js") and on ("js"). Each project books
// its own session, in the past, at an hour the seed never uses (seed sessions start between 8 h
// and 19 h Paris), on a day of its own: nothing another spec does can overlap it.
function seededClient() {
  const db = new Database(tenantFile(), { readonly: true });
  try {
    return db.prepare("SELECT id, first_name || ' ' || last_name AS name FROM clients ORDER BY id LIMIT 1").get() as { id: number; name: string };
  } finally {
    db.close();
  }
}

test("book a past session, start it, mark two moments, complete it, and find it in the client's history and in earnings", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const client = seededClient();
  const { date } = utcToParis(Date.now() - (js ? 3 : 4) * 86_400_000);
  const time = js ? "21:00" : "06:00";
  const tag = testInfo.project.name;

  await signIn(page, "coach1@example.com");
  await page.goto(`/dashboard/sessions/new?clientId=${client.id}`);
  await expect(page.getByRole("heading", { name: "Nouvelle séance" })).toBeVisible();
  await expect(page.getByLabel("Client")).toHaveValue(String(client.id));

  // A negative price comes back with its message, and the typed values stay.
  await page.getByLabel("Date").fill(date);
  await page.getByLabel("Heure (Paris)").fill(time);
  await page.getByLabel("Durée (minutes)").fill("60");
  await page.getByLabel("Prix (€)").fill("-5");
  await page.getByLabel("Thème").fill(`Séance e2e (${tag})`);
  await page.getByRole("button", { name: "Réserver la séance" }).click();
  await expect(page.getByText("Le prix ne peut pas être négatif.")).toBeVisible();
  await expect(page.getByLabel("Thème")).toHaveValue(`Séance e2e (${tag})`);
  await page.getByLabel("Prix (€)").fill("75");
  await page.getByRole("button", { name: "Réserver la séance" }).click();

  await expect(page).toHaveURL(/\/dashboard\/sessions\/\d+$/);
  await expect(page.getByRole("status")).toHaveText("Séance réservée.");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Séance #`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(client.name);
  await expect(page.getByRole("link", { name: `← ${client.name}` })).toHaveAttribute("href", `/dashboard/clients/${client.id}`);
  await expect(page.getByTestId("session-status")).toHaveText("Confirmée");

  await page.getByRole("button", { name: "Démarrer la séance" }).click();
  await expect(page.getByTestId("session-status")).toHaveText("En cours");

  // Notes typed before a moment is added stay (without JavaScript the page reloads: they are saved with it).
  await page.getByLabel("Notes de séance").fill(`Fatigue au travail (${tag})`);
  const moments = [`Déclic culpabilité (${tag})`, `Premier « non » dit au travail (${tag})`];
  for (const [i, body] of moments.entries()) {
    await page.getByLabel("Nouveau moment").fill(body);
    await page.getByRole("button", { name: "Marquer ce moment" }).click();
    await expect(page.getByTestId("moments").getByRole("listitem")).toHaveCount(i + 1);
    await expect(page.getByTestId("moments")).toContainText(body);
    if (js) {
      // Added through a fetcher: the input is emptied and keeps the focus for the next one.
      await expect(page.getByLabel("Nouveau moment")).toBeFocused();
      await expect(page.getByLabel("Nouveau moment")).toHaveValue("");
    }
  }

  await expect(page.getByLabel("Notes de séance")).toHaveValue(`Fatigue au travail (${tag})`);
  await page.getByLabel(/^Résumé/).fill(`A trouvé comment dire non (${tag}).`);
  await page.getByLabel(/Ce qui a été convenu/).fill("Dire non une fois cette semaine.");
  await page.getByRole("button", { name: "Terminer la séance" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance terminée et enregistrée.");

  // Its page, read afresh: completed, with its summary and its two moments in order.
  await page.reload();
  await expect(page.getByTestId("session-status")).toHaveText("Réalisée");
  await expect(page.getByTestId("session-summary")).toHaveText(`A trouvé comment dire non (${tag}).`);
  await expect(page.getByTestId("moments").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("moments").getByRole("listitem").first()).toContainText(moments[0]);
  await expect(page.getByTestId("moments").getByRole("listitem").nth(1)).toContainText(moments[1]);
  await expect(page.getByLabel("Notes de séance")).toHaveValue(`Fatigue au travail (${tag})`);

  // The client's page lists it in the history, completed; the earnings export of that day holds it.
  await page.getByRole("link", { name: `← ${client.name}` }).click();
  await expect(page).toHaveURL(`/dashboard/clients/${client.id}`);
  const row = page.getByTestId("client-session").filter({ hasText: `Séance e2e (${tag})` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Réalisée");
  await expect(row).toContainText("75,00");

  await page.goto("/dashboard/earnings");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const csv = await page.request.get(`/dashboard/earnings/export.csv?from=${date}&to=${date}`);
  expect(csv.status()).toBe(200);
  const line = (await csv.text()).split("\r\n").find((l) => l.includes(`Séance e2e (${tag})`));
  expect(line).toContain(client.name);
  expect(line).toContain("Réalisée");
  expect(line).toContain(";75;");
});

test("a session weeks ahead cannot be started yet; cancelling and refunding each ask for a confirmation", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const client = seededClient();
  // Far ahead (outside the 48 h of Focus and this month's earnings), at 22 h: no seed session there.
  const { date } = utcToParis(Date.now() + (js ? 70 : 71) * 86_400_000);
  const tag = testInfo.project.name;

  await signIn(page, "coach1@example.com");
  await page.goto(`/dashboard/sessions/new?clientId=${client.id}`);
  await page.getByLabel("Date").fill(date);
  await page.getByLabel("Heure (Paris)").fill("22:00");
  await page.getByLabel("Durée (minutes)").fill("30");
  await expect(page.getByLabel("Prix (€)")).toHaveAttribute("inputmode", "decimal");
  await page.getByLabel("Prix (€)").fill("60");
  await page.getByLabel("Thème").fill(`Séance à annuler (${tag})`);
  await page.getByRole("button", { name: "Réserver la séance" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance réservée.");

  // Too early to start: no button, a sentence saying from when.
  await expect(page.getByRole("button", { name: "Démarrer la séance" })).toHaveCount(0);
  await expect(page.getByTestId("start-later")).toContainText("30 minutes avant");

  // Cancelling: the first tap only opens the confirmation, which says what happens.
  const cancel = page.getByTestId("confirm-cancel");
  await expect(cancel.getByRole("button", { name: "Oui, annuler la séance" })).toBeHidden();
  await cancel.getByText("Annuler la séance…").click();
  await expect(cancel).toContainText("La séance sera annulée ; le créneau sera libéré.");
  await expect(page.getByTestId("session-status")).toHaveText("Confirmée");
  await cancel.getByRole("button", { name: "Oui, annuler la séance" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance annulée.");
  await expect(page.getByTestId("session-status")).toHaveText("Annulée");

  // Never paid: nothing to refund. Once paid, the refund asks for its confirmation too.
  await expect(page.getByTestId("confirm-refund")).toHaveCount(0);
  await expect(page.getByText("Non payée : rien à rembourser.")).toBeVisible();
  await page.getByRole("button", { name: "Marquer payée" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance marquée payée.");
  const refund = page.getByTestId("confirm-refund");
  await refund.getByText("Rembourser…").click();
  await refund.getByRole("button", { name: "Oui, rembourser" }).click();
  await expect(page.getByRole("status")).toHaveText("Séance remboursée.");
  await expect(page.getByTestId("session-status")).toHaveText("Remboursée");
});
