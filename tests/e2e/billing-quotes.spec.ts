import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { tenantFile } from "./tenant-file";

// One flow, run twice by the config: JavaScript off ("no-js") and on ("js"). The coach writes a
// quote for a seeded client, sends it; the client opens the public link in a browser of their
// own (no session), reads the terms and accepts; the coach turns it into the deposit invoice.

/** Billing settings written straight into coach1's file (their form is built elsewhere). */
function fillBillingSettings() {
  const db = new Database(tenantFile());
  try {
    db.prepare(
      `INSERT INTO billing_profile (id, legal_name, address, postal_code, city, siren, vat_regime, terms_of_sale, updated_at)
       VALUES (1, 'Marie Coach EI', '3 rue des Lilas', '69001', 'Lyon', '732829320', 'franchise', 'CGV e2e : paiement à 30 jours.', 0)
       ON CONFLICT (id) DO UPDATE SET legal_name = excluded.legal_name, address = excluded.address, postal_code = excluded.postal_code,
         city = excluded.city, siren = excluded.siren, terms_of_sale = excluded.terms_of_sale`,
    ).run();
    // A private client (B2C), for the 14-day withdrawal checkbox.
    return db.prepare("SELECT id, first_name || ' ' || last_name AS name FROM clients WHERE kind = 'person' ORDER BY id LIMIT 1").get() as { id: number; name: string };
  } finally {
    db.close();
  }
}

test("write a quote, send it, accept it on the public page, then create its deposit invoice", async ({ page, browser }, testInfo) => {
  const js = testInfo.project.name === "js";
  const tag = testInfo.project.name;
  const client = fillBillingSettings();

  await signIn(page, "coach1@example.com");
  await page.goto(`/dashboard/clients/${client.id}`);
  await page.getByRole("link", { name: "Créer un devis" }).click();
  await expect(page.getByRole("heading", { name: "Nouveau devis" })).toBeVisible();
  await expect(page.getByText(`Pour : ${client.name}`)).toBeVisible();

  await page.getByLabel("Objet (facultatif)").fill(`Accompagnement (${tag})`);
  await page.getByLabel("Acompte (%)").fill("30");
  await page.getByLabel("Type (ligne 1)").selectOption("package");
  await page.getByLabel("Prix HT € (ligne 1)").fill("450");
  await page.getByLabel("Séances du forfait (ligne 1)").fill("0");
  await page.getByLabel("Description (ligne 2)").fill("Livret d'exercices");
  await page.getByLabel("Prix HT € (ligne 2)").fill("20");
  // One more row, everything typed kept (a round trip without JavaScript).
  await page.getByRole("button", { name: "Ajouter une ligne" }).click();
  await expect(page.getByLabel("Description (ligne 4)")).toBeVisible();
  await expect(page.getByLabel("Objet (facultatif)")).toHaveValue(`Accompagnement (${tag})`);
  await expect(page.getByLabel("Description (ligne 2)")).toHaveValue("Livret d'exercices");
  // An invalid session count comes back next to its input, the values stay.
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Le nombre de séances du forfait (1 à 999).")).toBeVisible();
  await expect(page.getByLabel("Prix HT € (ligne 2)")).toHaveValue("20");
  await page.getByLabel("Séances du forfait (ligne 1)").fill("6");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();

  await expect(page).toHaveURL(/\/dashboard\/quotes\/\d+$/);
  await expect(page.getByRole("status")).toHaveText("Devis enregistré (brouillon).");
  await expect(page.getByTestId("quote-status")).toHaveText("Brouillon");
  await expect(page.getByTestId("quote-totals")).toContainText("470,00");
  await expect(page.getByRole("link", { name: "Télécharger le PDF" })).toHaveAttribute("href", /\/dashboard\/quotes\/\d+\/pdf$/);

  await page.getByRole("button", { name: "Envoyer au client" }).click();
  await expect(page.getByRole("status")).toContainText(/Devis D-\d{4}-\d{4} envoyé/);
  await expect(page.getByTestId("quote-status")).toHaveText("Envoyé");
  const publicUrl = await page.getByTestId("quote-public-link").getAttribute("href");
  expect(publicUrl).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);

  // The client: a fresh browser, no account, on a phone-sized screen.
  const clientContext = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 375, height: 740 } });
  const clientPage = await clientContext.newPage();
  await clientPage.goto(new URL(publicUrl!).pathname);
  await expect(clientPage.getByText(`Accompagnement (${tag})`)).toBeVisible();
  await expect(clientPage.getByTestId("quote-terms")).toHaveText("CGV e2e : paiement à 30 jours.");
  await expect(clientPage.getByTestId("quote-schedule")).toContainText("Acompte de 30 % : 141,00");
  await expect(clientPage.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  await expect(clientPage.getByRole("link", { name: "Devis" })).toHaveCount(0); // no app nav
  // Name missing: refused, with its message; the checkbox must be ticked too.
  await clientPage.getByLabel("J'ai lu et j'accepte le devis et les conditions générales de vente").check();
  await clientPage.getByRole("button", { name: "Accepter le devis" }).click();
  await expect(clientPage.getByText("Tapez votre nom complet.")).toBeVisible();
  await clientPage.getByLabel("J'ai lu et j'accepte le devis et les conditions générales de vente").check();
  await clientPage.getByLabel(/Je demande le commencement de la prestation/).check();
  await clientPage.getByLabel("Votre nom complet").fill(client.name);
  await clientPage.getByRole("button", { name: "Accepter le devis" }).click();
  await expect(clientPage.getByTestId("quote-acceptance")).toContainText(`Accepté par ${client.name}`);
  await expect(clientPage.getByTestId("quote-acceptance")).toContainText("délai de rétractation de 14 jours");
  await expect(clientPage.getByRole("button", { name: "Accepter le devis" })).toHaveCount(0);
  await clientContext.close();

  // Back in the dashboard: accepted, with the record, and the deposit invoice in one click.
  await page.reload();
  await expect(page.getByTestId("quote-status")).toHaveText("Accepté");
  await expect(page.getByTestId("quote-acceptance")).toContainText(client.name);
  await page.getByRole("button", { name: "Créer la facture d'acompte" }).click();
  await expect(page.getByRole("status")).toContainText(/Facture d'acompte n° \d{4}-\d{4} émise\./);
  await expect(page.getByTestId("quote-invoices")).toContainText(/Facture d'acompte : n° \d{4}-\d{4}/);
  await expect(page.getByRole("button", { name: "Créer la facture d'acompte" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Créer la facture de solde" })).toBeVisible();

  // The list shows it accepted.
  await page.goto("/dashboard/quotes?status=accepted");
  await expect(page.getByTestId("quotes-list")).toContainText(client.name);
});
