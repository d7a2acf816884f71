// Stripe Connect through the real `stripe` SDK pointed at a local stand-in: onboarding from the
// settings, Checkout Sessions from the public pay page (Stripe-Account header, idempotency key,
// cents in EUR), and the Connect webhook (signature, tolerance, routing by account, exactly-once
// effects in any order), with two tenants that must never see each other's books.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { outbox, publicLinks, stripeAccounts } from "../../db/control.schema";
import { args, request, settle, setupTestDb, makeTwoCoaches, type SignedInCoach } from "../helpers";
import { updateBillingProfile, readBillingProfile } from "~/billing/billing-profile.server";
import { createCreditNote, createDraftInvoice, findInvoice, issueInvoice } from "~/billing/invoices.server";
import { CHECKOUT_ALREADY_PAID_MESSAGE, CHECKOUT_OPENING_MESSAGE } from "~/billing/pay-page.server";
import { configureStripe, signedWebhook, startStripeStandIn, stripeEvent } from "~/billing/stripe-stand-in.test-helpers";
import { settleStripeFollowUps } from "~/billing/stripe-webhook.server";
import { controlDb } from "~/lib/control-db.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import * as settingsRoute from "~/routes/dashboard.settings";
import * as stripeReturn from "~/routes/dashboard.settings_.stripe.return";
import * as payRoute from "~/routes/pay.$token";
import * as webhookRoute from "~/routes/webhooks.stripe";

const sendReceipt = vi.hoisted(() => vi.fn(async () => {}));
vi.mock("~/billing/send.server", () => ({ sendReceipt, sendInvoice: vi.fn(), sendQuote: vi.fn() }));

let a: SignedInCoach;
let b: SignedInCoach;
let standIn: Awaited<ReturnType<typeof startStripeStandIn>>;
const ACCOUNT_A = "acct_alpha";
const ACCOUNT_B = "acct_beta";

async function issuedInvoice(coach: SignedInCoach, cents: number, clientName = "Claire") {
  return withTenantDb(coach.tenant.id, (db) => {
    const clientId = Number(
      db.$client.prepare("INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES (?, 'Martin', 'claire@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0)").run(clientName).lastInsertRowid,
    );
    const id = createDraftInvoice(db, { clientId, lines: [{ description: "Séance de coaching", quantity: 100, unitPriceCents: cents, vatRateBps: 0 }] });
    issueInvoice(db, id, { tenantId: coach.tenant.id, coachEmail: coach.user.email });
    return { id, token: findInvoice(db, id)!.publicToken! };
  });
}

function connect(coach: SignedInCoach, account: string, chargesEnabled = true) {
  controlDb().insert(stripeAccounts).values({ accountId: account, tenantId: coach.tenant.id }).onConflictDoNothing().run();
  return withTenantDb(coach.tenant.id, (db) => updateBillingProfile(db, { stripeAccountId: account, stripeChargesEnabled: chargesEnabled, stripeDetailsSubmitted: true }));
}

/** Everything a Stripe event may change in a tenant, read straight from the file. */
function books(coach: SignedInCoach) {
  return withTenantDb(coach.tenant.id, (db) => {
    const q = (sql: string) => db.$client.prepare(sql).all();
    return {
      payments: q("SELECT invoice_id, amount_cents, method, stripe_payment_intent_id, stripe_charge_id, stripe_refund_id FROM payments ORDER BY id"),
      invoices: q("SELECT id, kind, state, number, paid_cents, total_ttc_cents, credited_invoice_id FROM invoices ORDER BY id"),
      attempts: q("SELECT invoice_id, attempt, status FROM checkout_attempts ORDER BY id"),
      events: q("SELECT id FROM stripe_events ORDER BY id"),
      profile: q("SELECT stripe_account_id, stripe_charges_enabled, stripe_details_submitted FROM billing_profile"),
    };
  });
}

const post = (req: Request) => settle(webhookRoute.action(args(req)));
const json = async (res: Response) => JSON.parse(await res.text());

beforeAll(async () => {
  standIn = await startStripeStandIn();
  configureStripe(standIn);
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  for (const coach of [a, b]) {
    await withTenantDb(coach.tenant.id, (db) =>
      updateBillingProfile(db, { legalName: `${coach.user.name} EI`, address: "1 rue de la Paix", postalCode: "75002", city: "Paris", siren: "732829320", iban: "FR7630006000011234567890189", bic: "AGRIFRPP" }),
    );
  }
});
afterEach(async () => {
  await settleStripeFollowUps();
  configureStripe(standIn);
});
afterAll(async () => {
  configureStripe(null);
  await standIn.close();
});

describe("connecting the coach's Stripe account", () => {
  it("says online payment is not configured without platform keys, and calls nobody", async () => {
    configureStripe(null);
    const page = await json(await settle(settingsRoute.loader(args(request("/dashboard/settings", { cookie: a.cookie })))));
    expect(page.stripe).toMatchObject({ configured: false, status: "not_connected" });
    const before = standIn.requests.length;
    const res = await settle(settingsRoute.action(args(request("/dashboard/settings", { cookie: a.cookie, form: { intent: "stripe-connect" } }))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard/settings#stripe");
    expect(standIn.requests.length).toBe(before);
  });

  it("creates the account once (FR), maps it to the tenant, and sends the coach to an onboarding link", async () => {
    const connectOnce = () => settle(settingsRoute.action(args(request("/dashboard/settings", { cookie: a.cookie, form: { intent: "stripe-connect" } }))));
    const first = await connectOnce();
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toMatch(/^https:\/\/connect\.stripe\.com\/setup\/s\/acct_standin\d+\//);
    const created = standIn.requests.filter((r) => r.path === "/v1/accounts");
    expect(created).toHaveLength(1);
    expect(created[0].form).toMatchObject({ country: "FR", email: a.user.email, "metadata[tenant_id]": a.tenant.id });
    expect(created[0].idempotencyKey).toBe(`tenant-${a.tenant.id}-account`);
    expect(created[0].authorization).toBe("Bearer sk_test_coach_os");
    const accountId = (await withTenantDb(a.tenant.id, (db) => readBillingProfile(db))).stripeAccountId!;
    expect(accountId).toMatch(/^acct_standin/);
    expect(controlDb().select().from(stripeAccounts).where(eq(stripeAccounts.accountId, accountId)).get()?.tenantId).toBe(a.tenant.id);
    const link = standIn.requests.filter((r) => r.path === "/v1/account_links").at(-1)!;
    expect(link.form).toEqual({
      account: accountId,
      type: "account_onboarding",
      return_url: "http://localhost/dashboard/settings/stripe/return",
      refresh_url: "http://localhost/dashboard/settings/stripe/refresh",
    });

    // A second click reuses the account (no second creation) with a fresh link.
    const second = await connectOnce();
    expect(second.status).toBe(303);
    expect(standIn.requests.filter((r) => r.path === "/v1/accounts")).toHaveLength(1);
    expect(standIn.requests.filter((r) => r.path === "/v1/account_links")).toHaveLength(2);
    const page = await json(await settle(settingsRoute.loader(args(request("/dashboard/settings", { cookie: a.cookie })))));
    expect(page.stripe).toMatchObject({ configured: true, status: "onboarding", accountId });

    // Back from Stripe: the account's flags are read and shown.
    standIn.accounts.set(accountId, { charges_enabled: true, details_submitted: true });
    const back = await settle(stripeReturn.loader(args(request("/dashboard/settings/stripe/return", { cookie: a.cookie }))));
    expect(back.headers.get("Location")).toBe("/dashboard/settings#stripe");
    expect(standIn.requests.at(-1)).toMatchObject({ method: "GET", path: `/v1/accounts/${accountId}` });
    const after = await json(await settle(settingsRoute.loader(args(request("/dashboard/settings", { cookie: a.cookie })))));
    expect(after.stripe.status).toBe("enabled");
    // B's settings know nothing of A's account.
    const pageB = await json(await settle(settingsRoute.loader(args(request("/dashboard/settings", { cookie: b.cookie })))));
    expect(pageB.stripe).toMatchObject({ status: "not_connected", accountId: null });
    // Start the remaining tests from the fixed account ids.
    controlDb().delete(stripeAccounts).run();
    await withTenantDb(a.tenant.id, (db) => updateBillingProfile(db, { stripeAccountId: null, stripeChargesEnabled: false }));
  });
});

describe("/pay/:token", () => {
  it("shows the invoice to whoever holds its link, and opens one Checkout Session on the coach's account, reused while it is payable", async () => {
    await connect(a, ACCOUNT_A);
    const inv = await issuedInvoice(a, 12_345);
    const page = await json(await settle(payRoute.loader(args(request(`/pay/${inv.token}`), { token: inv.token }))));
    expect(page.invoice).toMatchObject({ dueCents: 12_345, statusLabel: "Émise", canPayByCard: true, cardNote: null });
    expect(page.invoice.seller).toMatchObject({ legalName: "Alpha Coach EI", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "AGRIFRPP" });

    const before = standIn.requests.length;
    const pay = () => settle(payRoute.action(args(request(`/pay/${inv.token}`, { form: { intent: "pay-card" } }), { token: inv.token })));
    const first = await pay();
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_standin/);
    // A second tab (or a second click) goes to the same session: one payable session, one charge.
    const second = await pay();
    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const sessions = standIn.requests.slice(before).filter((r) => r.path === "/v1/checkout/sessions");
    expect(sessions.map((s) => s.idempotencyKey)).toEqual([`invoice-${inv.id}-attempt-1`]);
    for (const s of sessions) expect(s.stripeAccount).toBe(ACCOUNT_A);
    // It expires on its own after Stripe's minimum (30 min) and a minute of margin.
    const expiresAt = Number(sessions[0].form.expires_at);
    expect(expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(30 * 60);
    expect(expiresAt - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(31 * 60);
    expect(sessions[0].form).toMatchObject({
      "metadata[coach_os]": "1",
      "payment_intent_data[metadata][coach_os]": "1",
      mode: "payment",
      client_reference_id: String(inv.id),
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][unit_amount]": "12345",
      "line_items[0][quantity]": "1",
      "metadata[invoice_id]": String(inv.id),
      "metadata[attempt]": "1",
      "payment_intent_data[metadata][invoice_id]": String(inv.id),
      "payment_intent_data[metadata][attempt]": "1",
      success_url: `http://localhost/pay/${inv.token}?paiement=ok`,
      cancel_url: `http://localhost/pay/${inv.token}?paiement=annule`,
    });
    const state = await books(a);
    expect(state.attempts.filter((r) => (r as { invoice_id: number }).invoice_id === inv.id)).toEqual([{ invoice_id: inv.id, attempt: 1, status: "open" }]);
  });

  it("expires the older session when a new one is needed, and opens none when the older one was paid meanwhile", async () => {
    const inv = await issuedInvoice(a, 6_000);
    const pay = () => settle(payRoute.action(args(request(`/pay/${inv.token}`, { form: { intent: "pay-card" } }), { token: inv.token })));
    const created = () => standIn.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions" && r.idempotencyKey?.startsWith(`invoice-${inv.id}-`));
    const attempts = async () => (await books(a)).attempts.filter((r) => (r as { invoice_id: number }).invoice_id === inv.id).map((r) => (r as { status: string }).status);
    const sessionId = (res: Response) => res.headers.get("Location")!.split("/").at(-1)!;
    const first = await pay();
    const cs1 = sessionId(first);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 27 minutes later the session would expire under the client's fingers: a new one, the old one expired at Stripe.
      vi.setSystemTime(Date.now() + 27 * 60_000);
      const second = await pay();
      expect(second.status).toBe(303);
      const cs2 = sessionId(second);
      expect(cs2).not.toBe(cs1);
      expect(standIn.requests.filter((r) => r.path === `/v1/checkout/sessions/${cs1}/expire`)).toEqual([expect.objectContaining({ method: "POST", stripeAccount: ACCOUNT_A })]);
      expect(standIn.sessions.get(cs1)!.status).toBe("expired");
      expect(await attempts()).toEqual(["expired", "open"]);

      // Expired at Stripe already (its webhook not yet here): fine, a new one.
      standIn.sessions.get(cs2)!.status = "expired";
      vi.setSystemTime(Date.now() + 27 * 60_000);
      const third = await pay();
      expect(third.status).toBe(303);
      const cs3 = sessionId(third);
      expect(await attempts()).toEqual(["expired", "expired", "open"]);

      // Paid in another tab meanwhile: no new session (that would be a second charge).
      standIn.sessions.get(cs3)!.status = "complete";
      vi.setSystemTime(Date.now() + 27 * 60_000);
      const count = created().length;
      const fourth = await pay();
      expect(fourth.status).toBe(409);
      expect((await json(fourth)).error).toBe(CHECKOUT_ALREADY_PAID_MESSAGE);
      expect(created()).toHaveLength(count);
      expect(await attempts()).toEqual(["expired", "expired", "open", "failed"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens one session when two tabs click at the same instant", async () => {
    const inv = await issuedInvoice(a, 6_500);
    const pay = () => settle(payRoute.action(args(request(`/pay/${inv.token}`, { form: { intent: "pay-card" } }), { token: inv.token })));
    const results = await Promise.all([pay(), pay()]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await json(results.find((r) => r.status === 409)!)).error).toBe(CHECKOUT_OPENING_MESSAGE);
    expect(standIn.requests.filter((r) => r.path === "/v1/checkout/sessions" && r.idempotencyKey?.startsWith(`invoice-${inv.id}-`))).toHaveLength(1);
    // Once it is open, the next click goes to it.
    const again = await pay();
    expect(again.headers.get("Location")).toBe(results.find((r) => r.status === 303)!.headers.get("Location"));
  });

  it("tells the client when Stripe refuses the session, and records the attempt as failed", async () => {
    const inv = await issuedInvoice(a, 4_200);
    standIn.refusing.add(ACCOUNT_A);
    try {
      const res = await settle(payRoute.action(args(request(`/pay/${inv.token}`, { form: { intent: "pay-card" } }), { token: inv.token })));
      expect(res.status).toBe(409);
      expect((await json(res)).error).toContain("momentanément indisponible");
    } finally {
      standIn.refusing.delete(ACCOUNT_A);
    }
    expect((await books(a)).attempts.filter((r) => (r as { invoice_id: number }).invoice_id === inv.id)).toEqual([{ invoice_id: inv.id, attempt: 1, status: "failed" }]);
  });

  it("offers no card payment when Stripe is not configured or the coach's account cannot take charges", async () => {
    const inv = await issuedInvoice(a, 5_000);
    configureStripe(null);
    const off = await json(await settle(payRoute.loader(args(request(`/pay/${inv.token}`), { token: inv.token }))));
    expect(off.invoice).toMatchObject({ canPayByCard: false, cardNote: "Le paiement en ligne n'est pas configuré." });
    configureStripe(standIn);
    await connect(b, ACCOUNT_B, false);
    const invB = await issuedInvoice(b, 5_000);
    const pending = await json(await settle(payRoute.loader(args(request(`/pay/${invB.token}`), { token: invB.token }))));
    expect(pending.invoice.canPayByCard).toBe(false);
    const before = standIn.requests.length;
    const refused = await settle(payRoute.action(args(request(`/pay/${invB.token}`, { form: { intent: "pay-card" } }), { token: invB.token })));
    expect(refused.status).toBe(409);
    expect(standIn.requests.length).toBe(before);
  });

  it("sends a signed-out visitor of the Stripe return page to sign in", async () => {
    const res = await settle(stripeReturn.loader(args(request("/dashboard/settings/stripe/return"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
  });

  it("answers 404 to unknown tokens, and A's token never opens B's invoice", async () => {
    const invA = await issuedInvoice(a, 7_000);
    const invB = await issuedInvoice(b, 9_000);
    const load = (token: string) => settle(payRoute.loader(args(request(`/pay/${token}`), { token })));
    expect((await load("x".repeat(43))).status).toBe(404);
    expect((await load("not-a-token")).status).toBe(404);
    // A control-DB row forged to send A's token to B's file (same document id) is refused by B's row.
    controlDb().update(publicLinks).set({ tenantId: b.tenant.id, documentId: invB.id }).where(eq(publicLinks.documentId, invA.id)).run();
    const forged = await load(invA.token);
    expect(forged.status).toBe(404);
    expect(await forged.text()).not.toContain("9 000");
    const own = await json(await load(invB.token));
    expect(own.invoice.seller.legalName).toBe("Beta Coach EI");
  });
});

describe("POST /webhooks/stripe", () => {
  const session = (invoiceId: number, attempt: number, k: string, extra: Record<string, unknown> = {}) => ({
    id: `cs_${k}_${attempt}`,
    object: "checkout.session",
    amount_total: 10_000,
    currency: "eur",
    client_reference_id: String(invoiceId),
    metadata: { coach_os: "1", invoice_id: String(invoiceId), attempt: String(attempt) },
    payment_intent: `pi_${k}`,
    payment_status: "paid",
    status: "complete",
    ...extra,
  });
  const charge = (invoiceId: number, k: string, refunds: [string, number][]) => ({
    id: `ch_${k}`,
    object: "charge",
    amount: 10_000,
    amount_refunded: refunds.reduce((s, [, n]) => s + n, 0),
    created: Math.floor(Date.now() / 1000) - 60,
    currency: "eur",
    payment_intent: `pi_${k}`,
    metadata: { coach_os: "1", invoice_id: String(invoiceId), attempt: "2" },
    refunded: false,
    refunds: { object: "list", has_more: false, data: refunds.map(([id, amount]) => ({ id: `${id}_${k}`, object: "refund", amount, status: "succeeded", created: Math.floor(Date.now() / 1000) })) },
  });
  const seedAttempts = (coach: SignedInCoach, invoiceId: number, k: string) =>
    withTenantDb(coach.tenant.id, (db) => {
      const insert = db.$client.prepare("INSERT INTO checkout_attempts (invoice_id, attempt, stripe_checkout_session_id, amount_cents, status, created_at, updated_at) VALUES (?, ?, ?, 10000, 'open', 0, 0)");
      insert.run(invoiceId, 1, `cs_${k}_1`);
      insert.run(invoiceId, 2, `cs_${k}_2`);
    });

  it("refuses a bad, missing or stale signature with 400 and writes nothing", async () => {
    await connect(a, ACCOUNT_A);
    const inv = await issuedInvoice(a, 10_000);
    const event = stripeEvent("checkout.session.completed", session(inv.id, 1, "sig"), { id: "evt_sig", account: ACCOUNT_A });
    const before = await books(a);
    for (const req of [
      signedWebhook(event, { secret: "whsec_wrong" }),
      signedWebhook(event, { signature: null }),
      signedWebhook(event, { signature: "t=1,v1=deadbeef" }),
      signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
    ]) {
      expect((await post(req)).status).toBe(400);
    }
    // A body altered after signing fails too (the signature covers the raw bytes).
    const good = signedWebhook(event);
    const tampered = new Request(good.url, { method: "POST", headers: good.headers, body: (await good.text()).replace("10000", "1") });
    expect((await post(tampered)).status).toBe(400);
    expect(await books(a)).toEqual(before);
    // Within the tolerance it is accepted.
    expect((await post(signedWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 250 }))).status).toBe(200);
    expect((await books(a)).payments).toHaveLength(before.payments.length + 1);
  });

  it("answers 405 to other methods and 413 to a body far larger than any Stripe event", async () => {
    expect(webhookRoute.loader().status).toBe(405);
    const big = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: { "Stripe-Signature": "t=1,v1=x" }, body: "x".repeat(1024 * 1024 + 1) });
    expect((await post(big)).status).toBe(413);
  });

  it("answers 200 to an event of an unknown (or no) account and writes nothing anywhere", async () => {
    const inv = await issuedInvoice(a, 10_000);
    const [beforeA, beforeB] = [await books(a), await books(b)];
    for (const account of ["acct_nobody", null]) {
      const res = await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "nobody"), { id: `evt_nobody_${account}`, account })));
      expect(res.status).toBe(200);
      expect((await json(res)).ignored).toBeTruthy();
    }
    expect([await books(a), await books(b)]).toEqual([beforeA, beforeB]);
  });

  it("applies an event of A's account to A only, even when B has an invoice with the same id", async () => {
    await connect(b, ACCOUNT_B);
    const invA = await issuedInvoice(a, 10_000);
    const sameIdInB = await withTenantDb(b.tenant.id, (db) => findInvoice(db, invA.id));
    const beforeB = await books(b);
    const res = await post(signedWebhook(stripeEvent("checkout.session.completed", session(invA.id, 1, "iso"), { id: "evt_iso", account: ACCOUNT_A })));
    expect(await json(res)).toMatchObject({ received: true, duplicate: false });
    expect(await books(b)).toEqual(beforeB);
    expect(sameIdInB === undefined || sameIdInB.paidCents === 0).toBe(true);
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, invA.id)))!.paidCents).toBe(10_000);
  });

  it("records the same event delivered 100 times concurrently once: one payment, one receipt", async () => {
    const inv = await issuedInvoice(a, 10_000);
    await seedAttempts(a, inv.id, "hundred");
    sendReceipt.mockClear();
    const event = stripeEvent("checkout.session.completed", session(inv.id, 2, "hundred"), { id: "evt_hundred", account: ACCOUNT_A });
    const results = await Promise.all(Array.from({ length: 100 }, () => post(signedWebhook(event))));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    const bodies = await Promise.all(results.map(json));
    expect(bodies.filter((x) => x.duplicate === false)).toHaveLength(1);
    await settleStripeFollowUps();
    const state = await books(a);
    expect(state.payments.filter((p) => (p as { stripe_payment_intent_id: string }).stripe_payment_intent_id === "pi_hundred")).toHaveLength(1);
    expect(state.invoices.find((i) => (i as { id: number }).id === inv.id)).toMatchObject({ paid_cents: 10_000, state: "issued" });
    expect(state.attempts.filter((x) => (x as { invoice_id: number }).invoice_id === inv.id).map((x) => (x as { status: string }).status)).toEqual(["open", "complete"]);
    expect(sendReceipt).toHaveBeenCalledTimes(1);
    expect(sendReceipt.mock.calls[0]).toEqual([expect.anything(), inv.id, expect.objectContaining({ tenantId: a.tenant.id })]);
    const page = await json(await settle(payRoute.loader(args(request(`/pay/${inv.token}?paiement=ok`), { token: inv.token }))));
    expect(page.invoice).toMatchObject({ status: "paid", statusLabel: "Acquittée", dueCents: 0, canPayByCard: false });
  });

  it("converges to the same books over 50 shuffled orders of expired / completed / refunded events, each delivered twice", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shuffle = <T>(xs: T[]) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    };
    const orders = new Set<string>();
    const finals: unknown[] = [];
    for (let run = 0; run < 50; run++) {
      const k = `run${run}`;
      const inv = await issuedInvoice(a, 10_000);
      await seedAttempts(a, inv.id, k);
      const events = [
        stripeEvent("checkout.session.expired", session(inv.id, 1, k, { payment_status: "unpaid", status: "expired", payment_intent: null }), { id: `evt_exp_${k}`, account: ACCOUNT_A }),
        stripeEvent("checkout.session.completed", session(inv.id, 2, k), { id: `evt_done_${k}`, account: ACCOUNT_A }),
        stripeEvent("charge.refunded", charge(inv.id, k, [["re_1", 3_000]]), { id: `evt_ref1_${k}`, account: ACCOUNT_A }),
        stripeEvent("charge.refunded", charge(inv.id, k, [["re_1", 3_000], ["re_2", 2_000]]), { id: `evt_ref2_${k}`, account: ACCOUNT_A }),
      ];
      const order = shuffle([...events, ...events]);
      orders.add(order.map((e) => e.id.split("_")[1]).join(","));
      for (const e of order) expect((await post(signedWebhook(e))).status).toBe(200);
      const state = await books(a);
      const mine = (rows: unknown[], key: string) => rows.filter((r) => (r as Record<string, unknown>)[key] === inv.id);
      const creditNotes = mine(state.invoices, "credited_invoice_id");
      finals.push(
        JSON.parse(
          JSON.stringify({
            payments: mine(state.payments, "invoice_id"),
            invoice: mine(state.invoices, "id").map((i) => ({ ...(i as object), id: 0, number: "" })),
            creditNotes: creditNotes.map((c) => ({ ...(c as object), id: 0, number: "", credited_invoice_id: 0 })),
            attempts: mine(state.attempts, "invoice_id"),
          }).replaceAll(k, "K").replaceAll(`"invoice_id":${inv.id}`, '"invoice_id":0'),
        ),
      );
    }
    expect(orders.size).toBeGreaterThan(40);
    for (const f of finals) expect(f).toEqual(finals[0]);
    const card = { invoice_id: 0, method: "card", stripe_payment_intent_id: null as string | null, stripe_charge_id: "ch_K" };
    expect(finals[0]).toEqual({
      payments: expect.arrayContaining([
        { invoice_id: 0, amount_cents: 10_000, method: "card", stripe_payment_intent_id: "pi_K", stripe_charge_id: null, stripe_refund_id: null },
        { ...card, amount_cents: -3_000, stripe_refund_id: "re_1_K" },
        { ...card, amount_cents: -2_000, stripe_refund_id: "re_2_K" },
      ]),
      // 10 000 paid, 5 000 given back and credited: nothing is due, the invoice stays paid.
      invoice: [{ id: 0, kind: "invoice", state: "issued", number: "", paid_cents: 5_000, total_ttc_cents: 10_000, credited_invoice_id: null }],
      creditNotes: expect.arrayContaining([
        expect.objectContaining({ kind: "credit_note", state: "issued", total_ttc_cents: 3_000 }),
        expect.objectContaining({ kind: "credit_note", state: "issued", total_ttc_cents: 2_000 }),
      ]),
      attempts: [
        { invoice_id: 0, attempt: 1, status: "expired" },
        { invoice_id: 0, attempt: 2, status: "complete" },
      ],
    });
    expect((finals[0] as { payments: unknown[]; creditNotes: unknown[] }).payments).toHaveLength(3);
    expect((finals[0] as { creditNotes: unknown[] }).creditNotes).toHaveLength(2);
  });

  it("records a full refund that arrives before its payment (no refund list): payment from the charge, credit note, cancelled, no receipt", async () => {
    const inv = await issuedInvoice(a, 10_000);
    sendReceipt.mockClear();
    const { refunds: _omitted, ...bare } = charge(inv.id, "early", []);
    const refunded = { ...bare, amount_refunded: 10_000, refunded: true };
    for (const id of ["evt_early_ref", "evt_early_ref"]) await post(signedWebhook(stripeEvent("charge.refunded", refunded, { id, account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 2, "early"), { id: "evt_early_done", account: ACCOUNT_A })));
    await settleStripeFollowUps();
    const state = await books(a);
    expect(state.payments.filter((p) => (p as { invoice_id: number }).invoice_id === inv.id).map((p) => (p as { amount_cents: number }).amount_cents)).toEqual([10_000, -10_000]);
    expect(state.invoices.find((i) => (i as { id: number }).id === inv.id)).toMatchObject({ state: "cancelled", paid_cents: 0 });
    expect(state.invoices.filter((i) => (i as { credited_invoice_id: number }).credited_invoice_id === inv.id)).toEqual([
      expect.objectContaining({ kind: "credit_note", total_ttc_cents: 10_000 }),
    ]);
    expect(sendReceipt).not.toHaveBeenCalled();
    const page = await json(await settle(payRoute.loader(args(request(`/pay/${inv.token}`), { token: inv.token }))));
    expect(page.invoice).toMatchObject({ statusLabel: "Annulée par avoir", dueCents: 0, canPayByCard: false });
  });

  it("waits for an asynchronous payment, and records a failed one without money", async () => {
    const inv = await issuedInvoice(a, 10_000);
    await seedAttempts(a, inv.id, "async");
    const pending = session(inv.id, 1, "async", { payment_status: "unpaid" });
    await post(signedWebhook(stripeEvent("checkout.session.completed", pending, { id: "evt_async_pending", account: ACCOUNT_A })));
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, inv.id)))!.paidCents).toBe(0);
    await post(signedWebhook(stripeEvent("checkout.session.async_payment_failed", pending, { id: "evt_async_failed", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("checkout.session.async_payment_succeeded", session(inv.id, 2, "async"), { id: "evt_async_ok", account: ACCOUNT_A })));
    const state = await books(a);
    expect(state.attempts.filter((x) => (x as { invoice_id: number }).invoice_id === inv.id).map((x) => (x as { status: string }).status)).toEqual(["failed", "complete"]);
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, inv.id)))!.paidCents).toBe(10_000);
    const events = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT type FROM invoice_events WHERE invoice_id = ? ORDER BY id").all(inv.id));
    expect(events).toEqual([{ type: "issued" }, { type: "checkout" }, { type: "payment" }]);
  });

  it("logs a dispute on the invoice and tells the coach by email", async () => {
    const inv = await issuedInvoice(a, 10_000);
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "dispute"), { id: "evt_disp_paid", account: ACCOUNT_A })));
    const dispute = { id: "dp_1", object: "dispute", amount: 10_000, charge: "ch_dispute", payment_intent: "pi_dispute", reason: "fraudulent", status: "needs_response" };
    await post(signedWebhook(stripeEvent("charge.dispute.created", dispute, { id: "evt_disp", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("charge.dispute.created", dispute, { id: "evt_disp", account: ACCOUNT_A })));
    await settleStripeFollowUps();
    const events = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT detail FROM invoice_events WHERE invoice_id = ? AND type = 'dispute'").all(inv.id));
    expect(events).toEqual([{ detail: expect.stringContaining("fraudulent") }]);
    const mails = controlDb().select().from(outbox).all().filter((m) => m.subject.startsWith("Paiement contesté"));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe(a.user.email);
  });

  it("gives back a duplicate card payment without a credit note: the invoice stays owed and paid, one receipt", async () => {
    const inv = await issuedInvoice(a, 10_000);
    sendReceipt.mockClear();
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "dupA"), { id: "evt_dupA", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 2, "dupB"), { id: "evt_dupB", account: ACCOUNT_A })));
    // Another event for a payment already recorded is no new payment, and no new receipt.
    await post(signedWebhook(stripeEvent("checkout.session.async_payment_succeeded", session(inv.id, 1, "dupA"), { id: "evt_dupA_async", account: ACCOUNT_A })));
    await settleStripeFollowUps();
    expect(sendReceipt).toHaveBeenCalledTimes(1);
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, inv.id)))!.paidCents).toBe(20_000);

    await post(signedWebhook(stripeEvent("charge.refunded", charge(inv.id, "dupB", [["re_dup", 10_000]]), { id: "evt_dupB_ref", account: ACCOUNT_A })));
    let state = await books(a);
    expect(state.invoices.find((i) => (i as { id: number }).id === inv.id)).toMatchObject({ state: "issued", paid_cents: 10_000 });
    expect(state.invoices.filter((i) => (i as { credited_invoice_id: number }).credited_invoice_id === inv.id)).toEqual([]);
    const refundEvents = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT detail FROM invoice_events WHERE invoice_id = ? AND type = 'refund' ORDER BY id").all(inv.id));
    expect(refundEvents).toContainEqual({ detail: expect.stringContaining("trop-perçu") });
    const page = await json(await settle(payRoute.loader(args(request(`/pay/${inv.token}`), { token: inv.token }))));
    expect(page.invoice).toMatchObject({ status: "paid", dueCents: 0 });

    // Refunding the other payment too leaves it unpaid: that one is credited, and the invoice cancelled.
    await post(signedWebhook(stripeEvent("charge.refunded", charge(inv.id, "dupA", [["re_dup", 10_000]]), { id: "evt_dupA_ref", account: ACCOUNT_A })));
    state = await books(a);
    expect(state.invoices.find((i) => (i as { id: number }).id === inv.id)).toMatchObject({ state: "cancelled", paid_cents: 0 });
    expect(state.invoices.filter((i) => (i as { credited_invoice_id: number }).credited_invoice_id === inv.id)).toEqual([expect.objectContaining({ kind: "credit_note", total_ttc_cents: 10_000 })]);
    await settleStripeFollowUps();
    expect(sendReceipt).toHaveBeenCalledTimes(1);
  });

  it("keeps the refund of a deposit already deducted by its balance invoice in the ledger, without a credit note, and says so", async () => {
    const inv = await withTenantDb(a.tenant.id, (db) => {
      const clientId = Number(
        db.$client.prepare("INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES ('Léo', 'Martin', 'leo@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0)").run().lastInsertRowid,
      );
      const quoteId = Number(db.$client.prepare("INSERT INTO quotes (client_id, status, valid_until, vat_regime, created_at, updated_at) VALUES (?, 'accepted', '2027-01-01', 'franchise', 0, 0)").run(clientId).lastInsertRowid);
      const line = (cents: number) => [{ description: "Accompagnement", quantity: 100, unitPriceCents: cents, vatRateBps: 0 }];
      const deposit = createDraftInvoice(db, { clientId, quoteId, schedulePart: "deposit", lines: line(10_000) });
      issueInvoice(db, deposit, { tenantId: a.tenant.id, coachEmail: a.user.email });
      const balance = createDraftInvoice(db, { clientId, quoteId, schedulePart: "balance", lines: line(7_000) });
      issueInvoice(db, balance, { tenantId: a.tenant.id, coachEmail: a.user.email });
      return { id: deposit };
    });
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "dep"), { id: "evt_dep", account: ACCOUNT_A })));
    const res = await post(signedWebhook(stripeEvent("charge.refunded", charge(inv.id, "dep", [["re_dep", 10_000]]), { id: "evt_dep_ref", account: ACCOUNT_A })));
    expect(res.status).toBe(200);
    const state = await books(a);
    expect(state.payments.filter((p) => (p as { invoice_id: number }).invoice_id === inv.id).map((p) => (p as { amount_cents: number }).amount_cents)).toEqual([10_000, -10_000]);
    expect(state.invoices.filter((i) => (i as { credited_invoice_id: number }).credited_invoice_id === inv.id)).toEqual([]);
    const events = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT detail FROM invoice_events WHERE invoice_id = ? AND type = 'refund'").all(inv.id));
    expect(events).toContainEqual({ detail: expect.stringContaining("facture de solde") });
  });

  it("credits only the part of a refund that leaves the invoice unpaid", async () => {
    const inv = await issuedInvoice(a, 10_000);
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "partA"), { id: "evt_partA", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 2, "partB"), { id: "evt_partB", account: ACCOUNT_A })));
    // 20 000 paid, 15 000 given back: 5 000 stays paid, 5 000 is no longer owed.
    await post(signedWebhook(stripeEvent("charge.refunded", { ...charge(inv.id, "partB", [["re_part", 10_000]]) }, { id: "evt_partB_ref", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("charge.refunded", charge(inv.id, "partA", [["re_part", 5_000]]), { id: "evt_partA_ref", account: ACCOUNT_A })));
    const state = await books(a);
    expect(state.invoices.find((i) => (i as { id: number }).id === inv.id)).toMatchObject({ state: "issued", paid_cents: 5_000 });
    expect(state.invoices.filter((i) => (i as { credited_invoice_id: number }).credited_invoice_id === inv.id)).toEqual([expect.objectContaining({ kind: "credit_note", total_ttc_cents: 5_000 })]);
  });

  it("ignores sessions and charges of other tools on the coach's account, even with a numeric reference", async () => {
    const inv = await issuedInvoice(a, 10_000);
    const before = await books(a);
    const foreign = session(inv.id, 1, "foreign", { metadata: { invoice_id: String(inv.id), attempt: "1" }, client_reference_id: String(inv.id) });
    const res = await post(signedWebhook(stripeEvent("checkout.session.completed", foreign, { id: "evt_foreign", account: ACCOUNT_A })));
    expect(await json(res)).toMatchObject({ received: true, duplicate: false, ignored: expect.any(String) });
    const bare = { ...charge(inv.id, "foreign", [["re_foreign", 10_000]]), metadata: { invoice_id: String(inv.id) } };
    await post(signedWebhook(stripeEvent("charge.refunded", bare, { id: "evt_foreign_ref", account: ACCOUNT_A })));
    const after = await books(a);
    // Seen (a retry is a no-op), without effect.
    expect(after.events).toEqual(expect.arrayContaining([{ id: "evt_foreign" }, { id: "evt_foreign_ref" }]));
    expect({ ...after, events: [] }).toEqual({ ...before, events: [] });

    // A session Coach OS opened is ours by its id, whatever its metadata says.
    await seedAttempts(a, inv.id, "ours");
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 2, "ours", { metadata: {}, client_reference_id: null }), { id: "evt_ours", account: ACCOUNT_A })));
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, inv.id)))!.paidCents).toBe(10_000);
  });

  it("records card money on an invoice cancelled by credit note (or a draft) and tells the coach to refund it", async () => {
    const inv = await issuedInvoice(a, 10_000);
    await withTenantDb(a.tenant.id, (db) => createCreditNote(db, { invoiceId: inv.id, reason: "Erreur", coachEmail: a.user.email }));
    sendReceipt.mockClear();
    const mailsBefore = controlDb().select().from(outbox).all().length;
    for (const id of ["evt_stray", "evt_stray"]) await post(signedWebhook(stripeEvent("checkout.session.completed", session(inv.id, 1, "stray"), { id, account: ACCOUNT_A })));
    await settleStripeFollowUps();
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, inv.id)))).toMatchObject({ state: "cancelled", paidCents: 10_000 });
    const events = await withTenantDb(a.tenant.id, (db) => db.$client.prepare("SELECT detail FROM invoice_events WHERE invoice_id = ? AND type = 'payment' ORDER BY id").all(inv.id));
    expect(events).toContainEqual({ detail: expect.stringContaining("Paiement reçu sur une facture annulée : à rembourser") });
    const mails = controlDb().select().from(outbox).all().slice(mailsBefore);
    expect(mails.map((m) => [m.to, m.subject])).toEqual([[a.user.email, expect.stringMatching(/^Paiement reçu sur une facture annulée/)]]);
    expect(sendReceipt).not.toHaveBeenCalled();

    // A draft takes no payment, but the coach hears of the money once.
    const draftId = await withTenantDb(a.tenant.id, (db) => createDraftInvoice(db, { clientId: findInvoice(db, inv.id)!.clientId!, lines: [{ description: "Séance", quantity: 100, unitPriceCents: 10_000, vatRateBps: 0 }] }));
    await post(signedWebhook(stripeEvent("checkout.session.completed", session(draftId, 1, "draft"), { id: "evt_draft", account: ACCOUNT_A })));
    await post(signedWebhook(stripeEvent("checkout.session.async_payment_succeeded", session(draftId, 1, "draft"), { id: "evt_draft_async", account: ACCOUNT_A })));
    await settleStripeFollowUps();
    expect((await withTenantDb(a.tenant.id, (db) => findInvoice(db, draftId)))).toMatchObject({ state: "draft", paidCents: 0 });
    const draftMails = controlDb().select().from(outbox).all().slice(mailsBefore + 1);
    expect(draftMails.map((m) => m.subject)).toEqual(["Paiement reçu sur un brouillon de facture"]);
  });

  it("keeps the newest account.updated whatever the order", async () => {
    const at = Math.floor(Date.now() / 1000);
    const update = (id: string, created: number, enabled: boolean) =>
      stripeEvent("account.updated", { id: ACCOUNT_B, object: "account", charges_enabled: enabled, details_submitted: enabled }, { id, account: ACCOUNT_B, created });
    await post(signedWebhook(update("evt_acc_new", at, true)));
    await post(signedWebhook(update("evt_acc_old", at - 100, false)));
    expect((await books(b)).profile).toEqual([{ stripe_account_id: ACCOUNT_B, stripe_charges_enabled: 1, stripe_details_submitted: 1 }]);
    const pageA = await books(a);
    expect(pageA.profile[0]).toMatchObject({ stripe_account_id: ACCOUNT_A });
  });
});
