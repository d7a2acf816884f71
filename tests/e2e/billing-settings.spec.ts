import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). Both write coach1's billing
// settings; each run sets every field it checks, so the order does not matter.
const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("fill the billing settings: a field error first, nothing lost, then saved; upload a logo", async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/settings");
  const billing = page.locator("#facturation");
  await expect(billing.getByRole("heading", { name: "Facturation" })).toBeVisible();

  // The regime first: with JavaScript, leaving a text field validates it and an error shown above
  // the radios would move them under the pointer.
  await billing.getByLabel("Je facture la TVA").check();
  await billing.getByLabel("Nom commercial").fill(`Coaching e2e (${tag})`);
  await billing.getByLabel("Dénomination légale").fill("Marie Dupont EI");
  await billing.getByLabel("Adresse").fill("12 rue de la Paix");
  await billing.getByLabel("Code postal").fill("75002");
  await billing.getByLabel("Ville").fill("Paris");
  await billing.getByLabel("Pays").fill("FR");
  await billing.getByLabel("SIREN", { exact: true }).fill("443 061 842"); // wrong check digit
  await billing.getByLabel("SIRET", { exact: true }).fill("443 061 841 00047");
  await billing.getByLabel("Numéro de TVA intracommunautaire").fill("FR64443061841");
  await billing.getByLabel("Taux de TVA par défaut").selectOption({ label: "10 %" });
  await billing.getByLabel("Délai de paiement (jours)").fill("30");
  await billing.getByLabel("Taux des pénalités de retard (% par an)").fill("12,5");
  await billing.getByLabel("IBAN").fill("fr76 3000 6000 0112 3456 7890 189");
  await billing.getByLabel("BIC").fill("BNPAFRPP");
  await billing.getByLabel("Conditions générales de vente").fill("Séances payables d'avance.");
  await billing.getByLabel("1re relance (J+1)").fill("1");
  await billing.getByLabel("2e relance (J+15)").fill("");
  await billing.getByLabel("3e relance (J+30)").fill("30");
  await billing.getByRole("button", { name: "Enregistrer la facturation" }).click();

  await expect(billing.getByText(/SIREN invalide/)).toBeVisible();
  await expect(billing.getByLabel("SIREN", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(billing.getByLabel("Nom commercial")).toHaveValue(`Coaching e2e (${tag})`);
  await expect(billing.getByLabel("Taux des pénalités de retard (% par an)")).toHaveValue("12,5");
  await expect(billing.getByLabel("Je facture la TVA")).toBeChecked();

  await billing.getByLabel("SIREN", { exact: true }).fill("443 061 841");
  await billing.getByRole("button", { name: "Enregistrer la facturation" }).click();
  await expect(page.getByRole("status")).toHaveText("Informations de facturation enregistrées.");
  await expect(billing.getByLabel("SIREN", { exact: true })).toHaveValue("443061841");
  await expect(billing.getByLabel("IBAN")).toHaveValue("FR76 3000 6000 0112 3456 7890 189");
  await expect(billing.getByLabel("2e relance (J+15)")).toHaveValue("");
  await expect(billing.getByLabel("Taux de TVA par défaut")).toHaveValue("1000");

  // A text file is refused with a French message; a PNG (even named .svg) is stored and previewed.
  await billing.locator("#billing-logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("pas une image") });
  await billing.getByRole("button", { name: "Envoyer le logo" }).click();
  await expect(billing.getByText(/n'est pas une image PNG, JPEG ou SVG/)).toBeVisible();
  const big = Buffer.concat([PNG_1PX, Buffer.alloc(400 * 1024)]);
  await billing.locator("#billing-logo").setInputFiles({ name: "gros.png", mimeType: "image/png", buffer: big });
  await billing.getByRole("button", { name: "Envoyer le logo" }).click();
  await expect(billing.getByText(/Logo trop lourd : 300 Ko au maximum/)).toBeVisible();
  await billing.locator("#billing-logo").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: PNG_1PX });
  await billing.getByRole("button", { name: "Envoyer le logo" }).click();
  await expect(page.getByRole("status")).toContainText("Logo enregistré");
  const preview = billing.getByRole("img", { name: "Votre logo" });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1); // really loaded
  const logo = await page.request.get("/dashboard/settings/logo");
  expect(logo.headers()["content-type"]).toBe("image/png");
  await billing.getByRole("button", { name: "Retirer le logo" }).click();
  await expect(page.getByRole("status")).toHaveText("Logo retiré.");
  await expect(billing.getByRole("img", { name: "Votre logo" })).toHaveCount(0);
});

test("create a business client with its SIREN and VAT number", async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/clients/new");
  await expect(page.getByLabel("SIREN (professionnel)")).toBeHidden(); // Particulier by default
  await page.getByRole("radio", { name: "Professionnel" }).check();
  await expect(page.getByLabel("SIREN (professionnel)")).toBeVisible();
  await page.getByLabel("Prénom *", { exact: true }).fill("Paul");
  await page.getByLabel("Nom *", { exact: true }).fill(`Avocat ${tag}`);
  await page.getByLabel("SIREN (professionnel)").fill("552 032 534");
  await page.getByLabel("N° de TVA intracommunautaire (professionnel)").fill("FR27552032534");
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page.getByText("Le nom de l'entreprise est obligatoire pour un professionnel.")).toBeVisible();
  await expect(page.getByLabel("SIREN (professionnel)")).toHaveValue("552 032 534");
  await page.getByLabel("Entreprise", { exact: true }).fill(`Cabinet ${tag}`);
  await page.getByRole("button", { name: "Créer le client" }).click();
  await expect(page).toHaveURL(/\/dashboard\/clients\/\d+$/);
  const summary = page.getByTestId("client-billing");
  await expect(summary).toContainText(`Professionnel · Cabinet ${tag}`);
  await expect(summary).toContainText("552 032 534");
  await expect(summary).toContainText("FR27552032534");
});
