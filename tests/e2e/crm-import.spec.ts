import iconv from "iconv-lite";
import { expect, test } from "@playwright/test";
import { provisionCoach } from "./helpers";

// French Excel's bytes (Windows-1252, `;`): one row repeats an email (duplicate), one has a bad email.
const CSV = iconv.encode(
  [
    "Prénom;Nom;E-mail;Téléphone;Société",
    "Éloïse;Lefèvre;eloise@exemple.fr;06 12 34 56 78;Cœur & Corps",
    "François;Dœuf;francois@exemple.fr;;Société Générale",
    "Éloïse;Lefèvre bis;ELOISE@exemple.fr;;",
    "Hélène;Mérot;pas-un-email;;",
  ].join("\r\n") + "\r\n",
  "win1252",
);

// Run twice by the config: JavaScript off ("no-js": the status page refreshes itself) and on ("js").
test("a coach imports a CSV with a duplicate and a bad row, reads the report and downloads the rejected rows", async ({ page }, testInfo) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await provisionCoach(page, `import-${testInfo.project.name}`);

  await page.goto("/dashboard/leads/import");
  await page.waitForLoadState("networkidle"); // with JavaScript: hydrated before the file is picked
  await expect(page.getByTestId("import-limits")).toContainText("20 Mo");
  await expect(page.getByTestId("import-limits")).toContainText("100 000 lignes");
  await expect(page.getByText("Aucun import pour l'instant")).toBeVisible();
  await page.getByLabel("Fichier", { exact: true }).setInputFiles({ name: "contacts-excel.csv", mimeType: "text/csv", buffer: CSV });
  await page.getByRole("button", { name: "Envoyer et associer les colonnes" }).click();
  await expect(page).toHaveURL(/\/dashboard\/leads\/import\/\d+$/);

  // Mapping: encoding and delimiter detected, accents intact, columns mapped from the French headers.
  await expect(page.getByTestId("encoding")).toHaveValue("cp1252");
  await expect(page.getByTestId("delimiter")).toHaveValue("semicolon");
  await expect(page.getByText("Cœur & Corps")).toBeVisible();
  await expect(page.getByLabel("Champ pour la colonne E-mail")).toHaveValue("email");
  await page.getByRole("button", { name: "Enregistrer et prévisualiser" }).click();

  // Preview: the bad row is flagged before anything is imported.
  const preview = page.getByTestId("preview");
  await expect(preview).toContainText("Email : adresse email invalide");
  await expect(preview).toContainText("Éloïse");
  await page.getByRole("button", { name: "Lancer l'import" }).click();

  // Progress then the report (the page refreshes by itself, with or without JavaScript).
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("report-created")).toHaveText("2");
  await expect(page.getByTestId("report-skipped")).toHaveText("1");
  await expect(page.getByTestId("report-rejected")).toHaveText("1");
  await expect(page.getByTestId("rejected-rows")).toContainText("Ligne 5 : Email : adresse email invalide");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Télécharger les lignes rejetées/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("contacts-excel-rejets.csv");
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  expect(text).toContain("Prénom;Nom;E-mail;Téléphone;Société;ligne;motif du rejet");
  expect(text).toContain("Hélène;Mérot;pas-un-email;;;5;Email : adresse email invalide");

  // The import is listed with its counts, and can be undone.
  await page.goto("/dashboard/leads/import");
  await expect(page.getByTestId("import-history")).toContainText("2 créés, 0 mis à jour, 1 doublons ignorés, 1 rejetés");
  await page.getByRole("link", { name: "contacts-excel.csv" }).click();
  await page.getByRole("button", { name: "Annuler cet import" }).click();
  await expect(page.getByRole("heading", { name: "Rapport d'import (annulé)" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Annuler cet import" })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
