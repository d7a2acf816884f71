// The Stripe webhook through the real server (Express + the built app): the body reaches the
// route byte for byte (the signature holds), no cross-site or body-parsing middleware gets in the
// way, a tampered body is refused, and Stripe's retries (the same event on parallel connections)
// record one payment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripeAccounts } from "../../db/control.schema";
import { cookieFor, makeCoach, setupTestDb } from "../helpers";
import { updateBillingProfile } from "~/billing/billing-profile.server";
import { createDraftInvoice, issueInvoice } from "~/billing/invoices.server";
import { stripeEvent, TEST_WEBHOOK_SECRET } from "~/billing/stripe-stand-in.test-helpers";
import { closeControlDb, controlDb } from "~/lib/control-db.server";
import { closeAllTenantDbs, withTenantDb } from "~/lib/tenant-db.server";
import Stripe from "stripe";
import { startServer, type ServerProcess } from "./server-process";

let server: ServerProcess;
let tenantId: string;
let invoiceId: number;
let token: string;
let cookie: string;
const signer = new Stripe("sk_test_signer");

beforeAll(async () => {
  setupTestDb();
  const { tenant, user } = await makeCoach("Coach Stripe", "stripe-http@example.fr");
  tenantId = tenant.id;
  controlDb().insert(stripeAccounts).values({ accountId: "acct_http", tenantId }).run();
  invoiceId = await withTenantDb(tenantId, (db) => {
    updateBillingProfile(db, { legalName: "Coach EI", address: "1 rue de la Paix", postalCode: "75002", city: "Paris", siren: "732829320" });
    const clientId = Number(db.$client.prepare("INSERT INTO clients (first_name, last_name, address, postal_code, city, created_at, updated_at) VALUES ('Claire', 'Martin', '3 rue Haute', '69001', 'Lyon', 0, 0)").run().lastInsertRowid);
    const id = createDraftInvoice(db, { clientId, lines: [{ description: "Séance", quantity: 100, unitPriceCents: 8_000, vatRateBps: 0 }] });
    issueInvoice(db, id, { tenantId, coachEmail: user.email });
    return id;
  });
  token = await withTenantDb(tenantId, (db) => db.$client.prepare("SELECT public_token AS t FROM invoices WHERE id = ?").get(invoiceId) as { t: string }).then((r) => r.t);
  cookie = await cookieFor(user);
  closeAllTenantDbs();
  closeControlDb();
  server = await startServer({ STRIPE_SECRET_KEY: "sk_test_http", STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("POST /webhooks/stripe over HTTP", () => {
  // Pretty-printed with a non-ASCII character: any re-serialisation or re-decoding would break the signature.
  const payloadOf = () => JSON.stringify(
    stripeEvent(
      "checkout.session.completed",
      { id: "cs_http", object: "checkout.session", amount_total: 8_000, currency: "eur", client_reference_id: "x", metadata: { coach_os: "1", invoice_id: "0", attempt: "1", note: "séance" }, payment_intent: "pi_http", payment_status: "paid" },
      { id: "evt_http", account: "acct_http" },
    ),
    null,
    2,
  ).replace('"invoice_id": "0"', () => `"invoice_id": "${invoiceId}"`);
  const send = (body: string, signature = signer.webhooks.generateTestHeaderString({ payload: body, secret: TEST_WEBHOOK_SECRET })) =>
    fetch(`${server.url}/webhooks/stripe`, { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": signature, Origin: "https://stripe.com" }, body });

  it("refuses a tampered body and records a genuine event once, whatever the parallel retries", async () => {
    const payload = payloadOf();
    expect(payload).toContain(`"invoice_id": "${invoiceId}"`);
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
    const tampered = await send(payload.replace("8000", "1"), signature);
    expect(tampered.status).toBe(400);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(payload, signature)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ duplicate: boolean }>));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    const rows = await withTenantDb(tenantId, (db) => db.$client.prepare("SELECT amount_cents, stripe_payment_intent_id FROM payments").all());
    expect(rows).toEqual([{ amount_cents: 8_000, stripe_payment_intent_id: "pi_http" }]);
  });
});

describe("pages", () => {
  it("renders the public pay page without the app's navigation, marked noindex", async () => {
    const res = await fetch(`${server.url}/pay/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    // "Payer par carte" posts here and is redirected to Stripe: the CSP must let that form go.
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self' https://checkout.stripe.com https://connect.stripe.com");
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    expect(html).toMatch(/Facture \d{4}-0001/);
    expect(html).toContain(`/pay/${token}/pdf`);
    expect(html).not.toContain("Se déconnecter");
    // Paid by the webhook above: nothing left to pay.
    expect(html).toContain("Acquittée");
    expect(html).not.toContain("Payer par carte");
    expect((await fetch(`${server.url}/pay/${"x".repeat(43)}`)).status).toBe(404);
  });

  it("shows the Stripe section in the settings", async () => {
    const html = await (await fetch(`${server.url}/dashboard/settings`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain("Paiement en ligne (Stripe)");
    expect(html).toContain("Connecter mon compte Stripe");
  });
});
