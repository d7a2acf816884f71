import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { signIn } from "./helpers";
import { query, tenantFile } from "./tenant-file";

// The whole billing flow, run twice by the config (JavaScript off, then on): the coach
// fills the billing settings, writes a quote, sends it; the client accepts it on the public page;
// the coach turns it into the invoice (issued), downloads its PDF; Stripe says it is paid (a
// signed Connect webhook, as Stripe would send it); the invoice shows "Acquittée" and the payment
// shows in earnings; the coach issues a credit note and exports the accounting CSV.

const WEBHOOK_SECRET = "whsec_e2e_billing_flow"; // scripts/e2e-server.sh sets the same

/** The coach's connected Stripe account, as onboarding would have recorded it (account → tenant). */
function connectStripeAccount(accountId: string) {
  const tenantId = tenantFile().match(/(t_[a-z0-9]+)\.sqlite$/)![1];
  const control = new Database(".e2e/control.sqlite");
  try {
    control.prepare("INSERT OR IGNORE INTO stripe_accounts (account_id, tenant_id, created_at) VALUES (?, ?, ?)").run(accountId, tenantId, Date.now());
  } finally {
    control.close();
  }
}

function signedCheckoutCompleted(accountId: string, invoiceId: number, amountCents: number, tag: string) {
  const payload = JSON.stringify({
    id: `evt_e2e_${tag}_${invoiceId}`,
    object: "event",
    type: "checkout.session.completed",
    account: accountId,
    created: Math.floor(Date.now() / 1000),
    api_version: "2025-01-27.acacia",
    livemode: false,
    data: {
      object: {
        id: `cs_e2e_${tag}_${invoiceId}`,
        object: "checkout.session",
        mode: "payment",
        payment_status: "paid",
        status: "complete",
        amount_total: amountCents,
        currency: "eur",
        client_reference_id: String(invoiceId),
        payment_intent: `pi_e2e_${tag}_${invoiceId}`,
        metadata: { coach_os: "1", invoice_id: String(invoiceId), attempt: "1" },
      },
    },
  });
  const signature = new Stripe("sk_unused").webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return { payload, signature };
}

test("settings, quote, public acceptance, invoice, PDF, Stripe payment, earnings, credit note, accounting export", async ({ page, browser, request }, testInfo) => {
  const js = testInfo.project.name === "js";
  const tag = testInfo.project.name.replace("-", "");
  await signIn(page, "coach1@example.com");

  // 1. Billing settings (VAT-exempt coach).
  await page.goto("/dashboard/settings");
  const billing = page.locator("#facturation");
  // The regime first: with JavaScript, leaving a text field validates it and an error shown above
  // the radios would move them under the pointer.
  await billing.getByLabel(/Franchise en base/).check();
  await billing.getByLabel("Dénomination légale").fill("Marie Flow EI");
  await billing.getByLabel("Adresse").fill("8 place Bellecour");
  await billing.getByLabel("Code postal").fill("69002");
  await billing.getByLabel("Ville").fill("Lyon");
  await billing.getByLabel("SIREN", { exact: true }).fill("443 061 841");
  await billing.getByLabel("SIRET", { exact: true }).fill("");
  await billing.getByLabel("Numéro de TVA intracommunautaire").fill("");
  await billing.getByLabel("IBAN").fill("FR76 3000 6000 0112 3456 7890 189");
  await billing.getByLabel("BIC").fill("BNPAFRPP");
  await billing.getByLabel("Conditions générales de vente").fill(`CGV du flux ${tag}.`);
  await billing.getByRole("button", { name: "Enregistrer la facturation" }).click();
  await expect(page.getByRole("status")).toHaveText("Informations de facturation enregistrées.");

  // 2. A quote for a private client, without deposit, sent.
  const [client] = query<{ id: number; name: string }>("SELECT id, first_name || ' ' || last_name AS name FROM clients WHERE kind = 'person' ORDER BY id LIMIT 1");
  await page.goto(`/dashboard/clients/${client.id}`);
  await page.getByRole("link", { name: "Créer un devis" }).click();
  await page.getByLabel("Objet (facultatif)").fill(`Flux complet ${tag}`);
  await page.getByLabel("Acompte (%)").fill("0");
  await page.getByLabel("Description (ligne 1)").fill("Séance de coaching individuelle");
  await page.getByLabel("Prix HT € (ligne 1)").fill("90");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page).toHaveURL(/\/dashboard\/quotes\/\d+$/);
  await page.getByRole("button", { name: "Envoyer au client" }).click();
  await expect(page.getByTestId("quote-status")).toHaveText("Envoyé");
  const publicUrl = await page.getByTestId("quote-public-link").getAttribute("href");

  // 3. The client accepts on the public page (own browser, no account, a phone).
  const clientContext = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 375, height: 740 } });
  const clientPage = await clientContext.newPage();
  await clientPage.goto(new URL(publicUrl!).pathname);
  await expect(clientPage.getByTestId("quote-terms")).toHaveText(`CGV du flux ${tag}.`);
  await clientPage.getByLabel("J'ai lu et j'accepte le devis et les conditions générales de vente").check();
  await clientPage.getByLabel("Votre nom complet").fill(client.name);
  await clientPage.getByRole("button", { name: "Accepter le devis" }).click();
  await expect(clientPage.getByTestId("quote-acceptance")).toContainText(`Accepté par ${client.name}`);
  await clientContext.close();

  // 4. The quote becomes the invoice, issued in one click.
  await page.reload();
  await expect(page.getByTestId("quote-status")).toHaveText("Accepté");
  await page.getByRole("button", { name: "Créer la facture", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(/n° \d{4}-\d{4} émise/);
  await page.getByTestId("quote-invoices").getByRole("link").click();
  await expect(page).toHaveURL(/\/dashboard\/invoices\/\d+$/);
  const invoiceId = Number(new URL(page.url()).pathname.split("/").pop());
  // With JavaScript the URL changes before the new page renders: wait for the invoice's heading.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Facture \d{4}-\d{4}$/);
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Facture ", "").trim();
  expect(number).toMatch(/^\d{4}-\d{4}$/);
  await expect(page.getByTestId("invoice-document")).toContainText("TVA non applicable, art. 293 B du CGI");

  // 5. Its PDF: the stored one, served identically twice.
  const pdfHref = await page.getByRole("link", { name: "Télécharger le PDF" }).getAttribute("href");
  const first = await page.request.get(pdfHref!);
  expect(first.headers()["content-type"]).toBe("application/pdf");
  const bytes = await first.body();
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect((await (await page.request.get(pdfHref!)).body()).equals(bytes)).toBe(true);

  // 6. Paid online: Stripe's signed Connect webhook for the coach's account.
  const account = "acct_e2e_coach1"; // one connected account per tenant (both runs share it)
  connectStripeAccount(account);
  const { payload, signature } = signedCheckoutCompleted(account, invoiceId, 9000, tag);
  const delivered = await request.post("/webhooks/stripe", { data: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } });
  expect(delivered.status()).toBe(200);
  const replayed = await request.post("/webhooks/stripe", { data: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } });
  expect(replayed.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("invoice-status").first()).toHaveText("Acquittée");
  expect(query<{ n: number }>("SELECT count(*) AS n FROM payments WHERE invoice_id = ?", invoiceId)[0].n).toBe(1);

  // 7. Earnings show the payment.
  await page.goto("/dashboard/earnings");
  await expect(page.getByTestId("payments-received")).toContainText(number);

  // 8. A credit note corrects it.
  await page.goto(`/dashboard/invoices/${invoiceId}`);
  await page.getByLabel("Avoir total (annule la facture)").check();
  await page.getByLabel("Motif").fill("Séance offerte");
  await page.getByRole("button", { name: "Émettre l'avoir" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Avoir A-\d{4}-\d{4}/);
  const creditNumber = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/A-\d{4}-\d{4}/)![0];

  // 9. The accountant's export lists both.
  await page.goto("/dashboard/invoices");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le CSV" }).click();
  const csv = fs.readFileSync((await (await downloading).path())!, "utf8");
  expect(csv.split("\r\n").find((l) => l.startsWith(`${number};`))).toContain(";90;");
  expect(csv.split("\r\n").find((l) => l.startsWith(`${creditNumber};`))).toContain(";-90;");
});
