import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { tenantFile } from "./tenant-file";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). The billing settings form is
// built elsewhere: the spec writes the settings straight into coach1's tenant file, with a client
// of its own and a completed session to bill, so that nothing another spec does touches them.
function seedBilling(tag: string) {
  const db = new Database(tenantFile());
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("INSERT OR IGNORE INTO billing_profile (id, updated_at) VALUES (1, 0)").run();
    db.prepare(
      `UPDATE billing_profile SET legal_name = 'Camille Coach EI', address = '3 rue du Port', postal_code = '13002', city = 'Marseille',
         siren = '732829320', vat_regime = 'franchise', iban = 'FR7630006000011234567890189', bic = 'AGRIFRPP' WHERE id = 1`,
    ).run();
    const lastName = `Facture-${tag}-${Date.now()}`;
    const clientId = (db.prepare("INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES ('Inès', ?, 'ines@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0) RETURNING id").get(lastName) as { id: number }).id;
    db.prepare(
      "INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, theme, created_at, updated_at) VALUES (?, ?, 60, 8000, 'completed', ?, 0, 0)",
    ).run(clientId, Date.now() - 2 * 86_400_000, `Prise de parole ${tag}`);
    return { clientId, lastName };
  } finally {
    db.close();
  }
}

test("a draft from a session and a free line, issued, paid by transfer (Acquittée), credited, exported", async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  await signIn(page, "coach1@example.com");
  const { clientId, lastName } = seedBilling(tag);

  await page.goto(`/dashboard/invoices/new?clientId=${clientId}`);
  const session = page.getByRole("checkbox", { name: new RegExp(`Prise de parole ${tag}`) });
  await expect(session).toBeChecked();
  await page.getByLabel("Description (ligne 1)").fill("Support écrit");
  await page.getByLabel("Quantité").first().fill("1,5");
  await page.getByLabel("Prix unitaire HT (€)").first().fill("20");
  // Without JavaScript too: one more row, and what was typed is still there.
  await page.getByRole("button", { name: "Ajouter une ligne" }).click();
  await expect(page.getByTestId("invoice-line")).toHaveCount(4);
  await expect(page.getByLabel("Description (ligne 1)")).toHaveValue("Support écrit");
  // A bad price comes back next to its line.
  await page.getByLabel("Description (ligne 2)").fill("Atelier");
  await page.getByLabel("Prix unitaire HT (€)").nth(1).fill("douze");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Un prix en euros, ex. 80 ou 79,90.")).toBeVisible();
  await page.getByLabel("Description (ligne 2)").fill("");
  await page.getByLabel("Prix unitaire HT (€)").nth(1).fill("");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page).toHaveURL(/\/dashboard\/invoices\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Facture (brouillon)");
  await expect(page.getByTestId("invoice-totals")).toContainText("110,00");

  await page.getByRole("button", { name: "Émettre" }).click();
  await expect(page.getByRole("status")).toContainText("émise");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Facture \d{4}-\d{4}$/);
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Facture ", "").trim();
  expect(number).toMatch(/^\d{4}-\d{4}$/);
  await expect(page.getByTestId("invoice-document")).toContainText("TVA non applicable, art. 293 B du CGI");
  await expect(page.getByRole("link", { name: "Télécharger le PDF" })).toHaveAttribute("href", /\/pdf$/);

  await expect(page.getByLabel("Montant (€)")).toHaveValue("110,00");
  await page.getByLabel("Moyen de paiement").selectOption("transfer");
  await page.getByRole("button", { name: "Enregistrer le paiement" }).click();
  await expect(page.getByRole("status")).toContainText("Paiement");
  await expect(page.getByText("Acquittée").first()).toBeVisible();

  await page.getByLabel("Avoir total (annule la facture)").check();
  await page.getByLabel("Motif").fill("Erreur de client");
  await page.getByRole("button", { name: "Émettre l'avoir" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Avoir A-\d{4}-\d{4}/);
  await expect(page.getByRole("link", { name: `facture ${number}` })).toBeVisible();

  // Paid and credited in full: the money given back by hand is recorded on the invoice.
  await page.getByRole("link", { name: `facture ${number}` }).click();
  await expect(page.getByLabel("Montant remboursé (€)")).toHaveValue("110,00");
  await page.getByLabel("Date du remboursement").fill(new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" }));
  await page.getByRole("button", { name: "Enregistrer le remboursement" }).click();
  await expect(page.getByRole("status")).toContainText("Remboursement");
  await expect(page.getByTestId("payments").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("events")).toContainText("Remboursement");

  await page.goto("/dashboard/invoices");
  await expect(page.getByRole("link", { name: number })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le CSV" }).click();
  const download = await downloading;
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const line = csv.split("\r\n").find((l) => l.startsWith(`${number};`));
  expect(line).toContain(`Inès ${lastName}`);
  expect(line).toContain(";110;");
  expect(csv).toMatch(/A-\d{4}-\d{4};Avoir;.*;-110;/);
});
