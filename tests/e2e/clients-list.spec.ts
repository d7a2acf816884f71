import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// Both flows run twice by the config: JavaScript off ("no-js") and on ("js"). The first only
// reads (the seed has clients to review); the second creates its own client.

test("filter clients by « À revoir » and see only such badges", async ({ page }) => {
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/clients");
  await expect(page.getByRole("heading", { level: 1, name: /^Mes clients \([\d\u202f]+\)$/ })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Filtrer par santé" });
  await tabs.getByRole("link", { name: /^À revoir/ }).click();
  await expect(page).toHaveURL(/[?&]health=review/);
  await expect(tabs.getByRole("link", { name: /^À revoir/ })).toHaveAttribute("aria-current", "page");
  const badges = page.getByTestId("clients-list").getByTestId("health-badge");
  await expect(badges.first()).toBeVisible();
  const healths = await badges.evaluateAll((els) => els.map((e) => e.getAttribute("data-health")));
  expect(healths.length).toBeGreaterThan(0);
  expect(new Set(healths)).toEqual(new Set(["review"]));
  // The badge says why, for screen readers and on hover/focus.
  await expect(badges.first()).toHaveAttribute("title", /aucune séance prévue/);
  await expect(badges.first()).toContainText(/À revoir : dernière séance il y a \d+ jours, aucune séance prévue/);
  // Bookmarkable: the same URL reloads the same view.
  await page.reload();
  await expect(page.getByTestId("clients-list").getByTestId("health-badge").first()).toHaveAttribute("data-health", "review");
});

test("create a client, add a goal, set its progress, add and delete a note", async ({ page }, testInfo) => {
  const lastName = `Essai-${testInfo.project.name}-${Date.now()}`;
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/clients");
  await page.getByRole("link", { name: "Nouveau client" }).click();
  await expect(page).toHaveURL(/\/dashboard\/clients\/new$/);

  // A missing last name comes back with its message; the typed values stay.
  await page.getByLabel("Prénom *").fill("Camille");
  await page.getByLabel("Ville").fill("Lille");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page.getByText("Le nom est obligatoire.")).toBeVisible();
  await expect(page.getByLabel("Prénom *")).toHaveValue("Camille");
  await expect(page.getByLabel("Ville")).toHaveValue("Lille");
  await page.getByLabel("Nom *", { exact: true }).fill(lastName);
  await page.getByLabel("Téléphone").fill("06 11 22 33 44");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page).toHaveURL(/\/dashboard\/clients\/\d+$/);
  await expect(page.getByRole("status")).toHaveText(`Client Camille ${lastName} créé.`);
  await expect(page.getByRole("heading", { level: 1, name: `Camille ${lastName}` })).toBeVisible();
  await expect(page.getByTestId("health-badge")).toHaveAttribute("data-health", "new");
  await expect(page.getByLabel("Téléphone")).toHaveValue("+33611223344");

  await page.getByLabel("Nouvel objectif").fill("Courir 10 km");
  await page.getByRole("button", { name: "Ajouter l'objectif" }).click();
  await expect(page.getByRole("status")).toHaveText("Objectif « Courir 10 km » ajouté.");
  const goal = page.getByTestId("goal").filter({ hasText: "Courir 10 km" });
  await expect(goal.getByTestId("goal-progress")).toHaveText("0 %");
  await expect(page.getByLabel("Nouvel objectif")).toHaveValue("");

  await goal.getByLabel("Progression (%)").fill("60");
  await goal.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status")).toHaveText("Progression : 60 %.");
  await expect(page.getByTestId("goal").filter({ hasText: "Courir 10 km" }).getByTestId("goal-progress")).toHaveText("60 %");

  // A note, then its deletion behind a confirmation.
  await page.getByLabel("Nouvelle note").fill("Préfère les séances du matin");
  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await expect(page.getByRole("status")).toHaveText("Note ajoutée.");
  await expect(page.getByLabel("Nouvelle note")).toHaveValue("");
  const note = page.getByTestId("client-note").filter({ hasText: "Préfère les séances du matin" });
  await note.getByText("Supprimer…").click();
  await note.getByRole("button", { name: "Oui, supprimer" }).click();
  await expect(page.getByRole("status")).toHaveText("Note supprimée.");
  await expect(page.getByTestId("client-note")).toHaveCount(0);

  // The list finds the new client by name, with its goal.
  await page.goto(`/dashboard/clients?q=${encodeURIComponent(lastName)}`);
  const card = page.getByTestId("client-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Objectif : « Courir 10 km » — en cours, 60 %");
  await expect(card).toContainText("Pas de séance prévue");
});
