// A local HTTP server standing in for Stripe's API in tests: the real `stripe` SDK talks to it
// (STRIPE_API_HOST/PORT/PROTOCOL). It answers the few calls Coach OS makes, honours idempotency
// keys as Stripe does (same key → same object), and records every request: method, path, the
// Stripe-Account and Idempotency-Key headers, and the form-encoded body.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { resetEnvForTests } from "~/env.server";

export type StandInRequest = {
  method: string;
  path: string;
  stripeAccount: string | null;
  idempotencyKey: string | null;
  authorization: string | null;
  /** The form body, flattened as Stripe encodes it: `line_items[0][price_data][unit_amount]`. */
  form: Record<string, string>;
};

export const TEST_WEBHOOK_SECRET = "whsec_test_coach_os";

export async function startStripeStandIn() {
  const requests: StandInRequest[] = [];
  /** What GET /v1/accounts/:id says about each account (tests flip charges_enabled). */
  const accounts = new Map<string, { charges_enabled: boolean; details_submitted: boolean }>();
  const byIdempotencyKey = new Map<string, unknown>();
  /** Connected accounts on which Stripe refuses to open Checkout Sessions (a deactivated account). */
  const refusing = new Set<string>();
  /** The Checkout Sessions it opened, by id (tests mark one "complete" as if the client had paid it). */
  const sessions = new Map<string, { id: string; status: "open" | "complete" | "expired"; stripeAccount: string | null } & Record<string, unknown>>();
  let counter = 0;

  function answer(req: StandInRequest): { status: number; json: unknown } {
    const cached = req.idempotencyKey ? byIdempotencyKey.get(`${req.stripeAccount}:${req.idempotencyKey}`) : undefined;
    if (cached) return { status: 200, json: cached };
    let json: unknown;
    const getAccount = req.method === "GET" && /^\/v1\/accounts\/([\w-]+)$/.exec(req.path);
    const sessionPath = /^\/v1\/checkout\/sessions\/([\w-]+)(\/expire)?$/.exec(req.path);
    // Another account's session does not exist (Stripe-Account scopes every call).
    const session = sessionPath ? sessions.get(sessionPath[1]) : undefined;
    const noSession = { status: 404, json: { error: { type: "invalid_request_error", message: "No such checkout.session" } } };
    if (req.method === "POST" && req.path === "/v1/accounts") {
      const id = `acct_standin${++counter}`;
      accounts.set(id, { charges_enabled: false, details_submitted: false });
      json = { id, object: "account", country: req.form.country, email: req.form.email, charges_enabled: false, details_submitted: false, metadata: {} };
    } else if (req.method === "POST" && req.path === "/v1/account_links") {
      json = { object: "account_link", created: Math.floor(Date.now() / 1000), expires_at: Math.floor(Date.now() / 1000) + 300, url: `https://connect.stripe.com/setup/s/${req.form.account}/link${++counter}` };
    } else if (getAccount) {
      const state = accounts.get(getAccount[1]);
      if (!state) return { status: 404, json: { error: { type: "invalid_request_error", message: "No such account" } } };
      json = { id: getAccount[1], object: "account", ...state, metadata: {} };
    } else if (req.method === "POST" && req.path === "/v1/checkout/sessions" && refusing.has(req.stripeAccount ?? "")) {
      return { status: 400, json: { error: { type: "invalid_request_error", message: "This account cannot currently make live charges." } } };
    } else if (sessionPath && req.method === "GET" && !sessionPath[2]) {
      if (!session || session.stripeAccount !== req.stripeAccount) return noSession;
      json = session;
    } else if (sessionPath && req.method === "POST" && sessionPath[2]) {
      if (!session || session.stripeAccount !== req.stripeAccount) return noSession;
      if (session.status !== "open") {
        return { status: 400, json: { error: { type: "invalid_request_error", message: `Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of ${session.status}.` } } };
      }
      session.status = "expired";
      json = session;
    } else if (req.method === "POST" && req.path === "/v1/checkout/sessions") {
      const id = `cs_test_standin${++counter}`;
      json = {
        id,
        stripeAccount: req.stripeAccount,
        expires_at: req.form.expires_at ? Number(req.form.expires_at) : Math.floor(Date.now() / 1000) + 86_400,
        object: "checkout.session",
        mode: "payment",
        status: "open",
        payment_status: "unpaid",
        amount_total: Number(req.form["line_items[0][price_data][unit_amount]"]),
        currency: req.form["line_items[0][price_data][currency]"],
        client_reference_id: req.form.client_reference_id,
        metadata: Object.fromEntries(Object.entries(req.form).flatMap(([k, v]) => (/^metadata\[(\w+)\]$/.exec(k) ? [[k.slice(9, -1), v]] : []))),
        url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      sessions.set(id, json as never);
    } else {
      return { status: 404, json: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.path})` } } };
    }
    if (req.idempotencyKey) byIdempotencyKey.set(`${req.stripeAccount}:${req.idempotencyKey}`, json);
    return { status: 200, json };
  }

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const recorded: StandInRequest = {
        method: req.method ?? "",
        path: url.pathname,
        stripeAccount: (req.headers["stripe-account"] as string | undefined) ?? null,
        idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
        authorization: req.headers.authorization ?? null,
        form: Object.fromEntries(new URLSearchParams(req.method === "GET" ? url.search : body)),
      };
      requests.push(recorded);
      const { status, json } = answer(recorded);
      res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${counter}` });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, requests, accounts, refusing, sessions, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Points the app's Stripe configuration at the stand-in (or removes it: `null`). */
export function configureStripe(standIn: { port: number } | null) {
  const vars = {
    STRIPE_SECRET_KEY: "sk_test_coach_os",
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_HOST: "127.0.0.1",
    STRIPE_API_PORT: String(standIn?.port ?? ""),
    STRIPE_API_PROTOCOL: "http",
  };
  for (const [k, v] of Object.entries(vars)) {
    if (standIn) process.env[k] = v;
    else delete process.env[k];
  }
  resetEnvForTests();
}

const signer = new Stripe("sk_test_signer");

/** An event as Stripe sends it to a Connect endpoint (`account` set), and its signed request. */
export function stripeEvent<T>(type: string, object: T, { id, account, created = Math.floor(Date.now() / 1000) }: { id: string; account: string | null; created?: number }) {
  return { id, object: "event", api_version: "2025-10-29.clover", created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, account, data: { object } };
}

export function signedWebhook(event: unknown, { secret = TEST_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000), signature }: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const payload = JSON.stringify(event);
  const header = signature === undefined ? signer.webhooks.generateTestHeaderString({ payload, secret, timestamp }) : signature;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (header !== null) headers["Stripe-Signature"] = header;
  return new Request("http://localhost/webhooks/stripe", { method: "POST", headers, body: payload });
}
