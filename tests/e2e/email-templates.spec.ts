import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). The coach creates a template,
// adds a title, a text and a button with the editor's buttons, saves, and previews it at both
// widths with its text version.

const frameText = (page: Page, testId: string) => page.frameLocator(`[data-testid="${testId}"]`).locator("body");

test("build a template with three blocks and preview it", async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/email/templates");
  await expect(page.getByRole("heading", { name: "Nouveau modèle" })).toBeVisible();
  await page.getByLabel("Nom du modèle").fill(`Newsletter ${tag}`);
  await page.getByLabel("Type").selectOption("custom");
  await page.getByRole("button", { name: "Nouveau modèle" }).click();
  await expect(page).toHaveURL(/\/dashboard\/email\/templates\/\d+$/);
  await expect(page.getByRole("status").first()).toContainText("Modèle créé");

  // The starter has a text block and a signature: remove them, then add three blocks.
  await page.getByRole("button", { name: "Supprimer le bloc 2" }).click();
  await expect(page.getByRole("button", { name: "Supprimer le bloc 2" })).toHaveCount(0);
  await page.getByRole("button", { name: "Supprimer le bloc 1" }).click();
  await expect(page.getByText("Aucun bloc : ajoutez-en un ci-dessous.")).toBeVisible();

  await page.getByLabel("Type de bloc").selectOption("title");
  await page.getByRole("button", { name: "Ajouter un bloc" }).click();
  await page.getByLabel("Titre (bloc 1)").fill(`Des nouvelles pour {{firstName}} (${tag})`);
  await page.getByLabel("Type de bloc").selectOption("text");
  await page.getByRole("button", { name: "Ajouter un bloc" }).click();
  // What was typed in block 1 is kept across the round trip.
  await expect(page.getByLabel("Titre (bloc 1)")).toHaveValue(`Des nouvelles pour {{firstName}} (${tag})`);
  await page.getByLabel("Texte (bloc 2)").fill("Voici mon programme de printemps.\nÀ très vite !");
  await page.getByLabel("Type de bloc").selectOption("button");
  await page.getByRole("button", { name: "Ajouter un bloc" }).click();
  await expect(page.getByLabel("Texte (bloc 2)")).toHaveValue("Voici mon programme de printemps.\nÀ très vite !");
  await page.getByLabel("Texte du bouton (bloc 3)").fill("Réserver ma séance");
  // A bad address comes back next to its field, nothing lost.
  await page.getByLabel("Lien du bouton (https://…) (bloc 3)").fill("exemple.fr");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Une adresse qui commence par https:// (ou http://).")).toBeVisible();
  await expect(page.getByLabel("Texte du bouton (bloc 3)")).toHaveValue("Réserver ma séance");
  await page.getByLabel("Lien du bouton (https://…) (bloc 3)").fill("https://exemple.fr/reserver");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("status").first()).toContainText(/Modèle enregistré \(version \d+\)/);
  await expect(page.getByTestId("block-row")).toHaveCount(3);
  if (tag === "js") {
    // The live preview follows the typing, unsaved.
    await expect(frameText(page, "live-preview")).toContainText("Réserver ma séance");
    await page.getByLabel("Texte du bouton (bloc 3)").fill("Je réserve !");
    await expect(frameText(page, "live-preview")).toContainText("Je réserve !");
    await page.getByLabel("Texte du bouton (bloc 3)").fill("Réserver ma séance");
    await expect(frameText(page, "live-preview")).toContainText("Réserver ma séance");
    // Drag and drop (keyboard): the title goes below the text, kept once saved.
    await page.getByRole("button", { name: "Déplacer le bloc 1" }).focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(300);
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(300);
    await page.keyboard.press("Space");
    await expect(page.getByText("Ordre modifié : enregistrez pour le garder.")).toBeVisible();
    await expect(page.getByTestId("block-row").first()).toHaveAttribute("data-block-type", "text");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await expect(page.getByRole("status").first()).toContainText(/Modèle enregistré \(version \d+\)/);
    await expect(page.getByTestId("block-row").first()).toHaveAttribute("data-block-type", "text");
    await expect(page.getByLabel("Titre (bloc 2)")).toHaveValue(`Des nouvelles pour {{firstName}} (${tag})`);
  } else {
    await expect(page.getByTestId("live-preview")).toHaveCount(0);
  }

  await page.getByRole("link", { name: "Aperçu", exact: true }).click();
  await expect(page).toHaveURL(/\/preview$/);
  for (const frame of ["preview-desktop", "preview-phone"]) {
    const body = frameText(page, frame);
    await expect(body).toContainText(`(${tag})`);
    await expect(body).toContainText("Des nouvelles pour");
    await expect(body).not.toContainText("{{firstName}}");
    await expect(body).toContainText("Voici mon programme de printemps.");
    await expect(body).toContainText("Réserver ma séance");
    await expect(body).toContainText("Se désinscrire");
  }
  await expect(page.getByTestId("preview-desktop")).toHaveAttribute("width", "600");
  await expect(page.getByTestId("preview-phone")).toHaveAttribute("width", "375");
  const text = page.getByTestId("preview-text");
  await expect(text).toContainText(`(${tag})`);
  await expect(text).toContainText("Voici mon programme de printemps.");
  await expect(text).toContainText("Réserver ma séance https://exemple.fr/reserver");
});
