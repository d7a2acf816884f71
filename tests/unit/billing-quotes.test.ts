// Quote routes: /dashboard/quotes (list, new, page, edit) and the public page /q/:token. Each
// coach sees and changes their own quotes only; another tenant's ids are the same 404 as a
// missing one; a public token opens exactly the quote of the tenant it was registered for.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../helpers";
import { updateBillingProfile } from "~/billing/billing-profile.server";
import { newPublicToken, registerPublicLink } from "~/billing/public-links.server";
import { acceptQuote, createDraftQuote, findQuote, markQuoteSent } from "~/billing/quotes.server";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as edit from "~/routes/dashboard.quotes.$quoteId_.edit";
import * as page from "~/routes/dashboard.quotes.$quoteId";
import * as list from "~/routes/dashboard.quotes._index";
import * as create from "~/routes/dashboard.quotes.new";
import * as pub from "~/routes/q.$token";
import * as pubPdf from "~/routes/q.$token.pdf";

let a: SignedInCoach;
let b: SignedInCoach;
let aClient: number;
let bClient: number;
let bQuote: number;
let bToken: string;

const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
const body = async (res: Response) => JSON.parse(await res.text());
const LINE = { kind: "session" as const, description: "", quantity: 100, unitPriceCents: 9000, vatRateBps: 0 };

function fillSettings(db: TenantDb, name: string) {
  updateBillingProfile(db, { legalName: `${name} EI`, address: "1 rue de la Paix", postalCode: "75002", city: "Paris", siren: "732829320", termsOfSale: `CGV de ${name}` });
}
const addClient = (db: TenantDb, first: string) =>
  (db.$client.prepare("INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES (?, 'Client', 'c@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0) RETURNING id").get(first) as { id: number }).id;

const formOf = (fields: Record<string, string>, rows: Record<string, string>[]) => {
  const form: Record<string, string> = { rows: String(rows.length), title: "", validUntil: "", depositPercent: "0", depositDueDate: "", balanceDueDate: "", notes: "", ...fields };
  rows.forEach((r, i) => {
    for (const [k, v] of Object.entries({ kind: "free", description: "", quantity: "1", price: "", sessionCount: "", vatRate: "0", ...r })) form[`lines[${i}].${k}`] = v;
  });
  return form;
};

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  aClient = await inA((db) => {
    fillSettings(db, "Alpha");
    return addClient(db, "Alice");
  });
  ({ bClient, bQuote, bToken } = await inB((db) => {
    fillSettings(db, "Beta");
    for (let i = 0; i < 5; i++) addClient(db, `B${i}`);
    const c = addClient(db, "Bruno");
    // B's ids pushed beyond A's, so that "B's id" is not also one of A's.
    for (let i = 0; i < 20; i++) createDraftQuote(db, { clientId: c, lines: [LINE] });
    const q = createDraftQuote(db, { clientId: c, title: "Secret de B", lines: [LINE] });
    const { token } = markQuoteSent(db, q, { tenantId: b.tenant.id, coachEmail: b.user.email });
    return { bClient: c, bQuote: q, bToken: token };
  }));
});

describe("/dashboard/quotes/new", () => {
  const post = (form: Record<string, string>, search = "") => settle(create.action(args(request(`/dashboard/quotes/new${search}`, { cookie: a.cookie, form }))));

  it("preselects the client or lead of the URL only among the coach's own", async () => {
    const own = await body(await settle(create.loader(args(request(`/dashboard/quotes/new?clientId=${aClient}`, { cookie: a.cookie })))));
    expect(own.recipient).toMatchObject({ clientId: aClient, name: "Alice Client" });
    const other = await body(await settle(create.loader(args(request(`/dashboard/quotes/new?clientId=${bClient}`, { cookie: a.cookie })))));
    expect(other.recipient).toBeNull();
    expect(other.choices.map((c: { name: string }) => c.name)).toEqual(["Alice Client"]);
  });

  it("adds a line row keeping what was typed, without saving", async () => {
    const res = await post({ ...formOf({ clientId: String(aClient), title: "Coaching" }, [{ description: "Bilan", price: "120" }]), intent: "add-line" });
    expect(res.status).toBe(200);
    const d = await body(res);
    expect(d.values.title).toBe("Coaching");
    expect(d.values.lines).toHaveLength(2);
    expect(d.values.lines[0]).toMatchObject({ description: "Bilan", price: "120" });
    expect(await inA((db) => db.$client.prepare("SELECT count(*) AS n FROM quotes").get())).toEqual({ n: 0 });
  });

  it("answers 400 with the field errors and keeps the values", async () => {
    const res = await post({ ...formOf({ clientId: String(aClient), title: "Coaching", depositPercent: "120" }, [{ description: "Bilan", price: "abc" }, { kind: "package", price: "400", sessionCount: "0" }, {}]), intent: "save" });
    expect(res.status).toBe(400);
    const d = await body(res);
    expect(d.errors).toMatchObject({ depositPercent: expect.stringContaining("entre 0 et 99"), "lines.0.price": expect.stringContaining("Un prix en euros"), "lines.1.sessionCount": expect.stringContaining("séances du forfait") });
    expect(d.values).toMatchObject({ title: "Coaching", depositPercent: "120" });
    expect(d.values.lines[0]).toMatchObject({ description: "Bilan", price: "abc" });
    const none = await post({ ...formOf({ clientId: String(aClient) }, [{}, {}]), intent: "save" });
    expect(none.status).toBe(400);
    expect((await body(none)).errors.lines).toContain("au moins une ligne");
  });

  it("saves a draft for the coach's client, and refuses another tenant's client", async () => {
    const ok = await post({ ...formOf({ clientId: String(aClient), depositPercent: "30" }, [{ kind: "package", price: "450", sessionCount: "6" }, {}]), intent: "save" });
    expect(ok.status).toBe(302);
    const id = Number(ok.headers.get("Location")!.split("/").pop());
    expect(await inA((db) => findQuote(db, id))).toMatchObject({ clientId: aClient, depositPercent: 30, totalTtcCents: 45000, status: "draft" });
    const theirs = await post({ ...formOf({ clientId: String(bClient) }, [{ description: "x", price: "1" }]), intent: "save" });
    expect(theirs.status).toBe(400);
    expect((await body(theirs)).errors.form).toContain("client n'existe pas");
    expect(await inB((db) => db.$client.prepare("SELECT count(*) AS n FROM quotes WHERE client_id = ?").get(bClient))).toEqual({ n: 21 });
    expect(bClient).not.toBe(aClient);
  });
});

describe("/dashboard/quotes/:quoteId", () => {
  const get = (id: number | string) => settle(page.loader(args(request(`/dashboard/quotes/${id}`, { cookie: a.cookie }), { quoteId: String(id) })));
  const post = (id: number | string, form: Record<string, string>) => settle(page.action(args(request(`/dashboard/quotes/${id}`, { cookie: a.cookie, form }), { quoteId: String(id) })));

  it("answers 404 for another tenant's quote on every route and intent, and changes nothing", async () => {
    for (const id of [bQuote, "abc", 999999]) {
      expect((await get(id)).status).toBe(404);
      const intents: Record<string, string>[] = [{ intent: "send" }, { intent: "delete" }, { intent: "duplicate" }, { intent: "refuse" }, { intent: "resend" }, { intent: "invoice", part: "full" }];
      for (const form of intents) {
        expect((await post(id, form)).status).toBe(404);
      }
      expect((await settle(edit.loader(args(request(`/dashboard/quotes/${id}/edit`, { cookie: a.cookie }), { quoteId: String(id) })))).status).toBe(404);
      const res = await settle(edit.action(args(request(`/dashboard/quotes/${id}/edit`, { cookie: a.cookie, form: { ...formOf({}, [{ description: "x", price: "1" }]), intent: "save" } }), { quoteId: String(id) })));
      expect(res.status).toBe(404);
    }
    expect(await inB((db) => findQuote(db, bQuote))).toMatchObject({ status: "sent", title: "Secret de B" });
    const listed = await body(await settle(list.loader(args(request("/dashboard/quotes", { cookie: a.cookie })))));
    expect(JSON.stringify(listed)).not.toContain("Secret de B");
  });

  it("sends a draft (the email failing keeps it sent), then the client accepts and the coach invoices the deposit once", async () => {
    const id = await inA((db) => createDraftQuote(db, { clientId: aClient, title: "Parcours", depositPercent: 40, lines: [LINE] }));
    const sent = await post(id, { intent: "send" });
    expect(sent.status).toBe(302);
    const q = await inA((db) => findQuote(db, id)!);
    expect(q).toMatchObject({ status: "sent", number: expect.stringMatching(/^D-\d{4}-0001$/) });
    const d = await body(await get(id));
    expect(d.q.status).toBe("sent");
    expect(d.publicUrl).toBe(`http://localhost/q/${q.publicToken}`);
    expect(d.q.seller.termsOfSale).toBe("CGV de Alpha");

    expect((await post(id, { intent: "invoice", part: "deposit" })).status).toBe(400); // not accepted yet
    await inA((db) => acceptQuote(db, id, { name: "Alice Client", ip: "192.0.2.1", earlyStart: false }));
    const made = await post(id, { intent: "invoice", part: "deposit" });
    expect(made.status).toBe(302);
    const again = await post(id, { intent: "invoice", part: "deposit" });
    expect(again.status).toBe(400);
    expect((await body(again)).error).toContain("existe déjà");
    const after = await body(await get(id));
    expect(after.q.depositInvoice.number).toMatch(/^\d{4}-0001$/);
    expect(after.q.nextParts).toEqual(["balance"]);
    expect(after.q.acceptance).toMatchObject({ name: "Alice Client", ip: "192.0.2.1" });
  });

  it("edits a draft (400 keeping values, then saved), and sends a sent quote's edit page back to the quote", async () => {
    const id = await inA((db) => createDraftQuote(db, { clientId: aClient, title: "Avant", lines: [LINE] }));
    const editArgs = (form?: Record<string, string>) => args(request(`/dashboard/quotes/${id}/edit`, { cookie: a.cookie, form }), { quoteId: String(id) });
    const loaded = await body(await settle(edit.loader(editArgs())));
    expect(loaded.values.lines[0]).toMatchObject({ kind: "session", description: "Séance individuelle", price: "90,00" });
    expect(loaded.values.lines).toHaveLength(2); // its line + one blank row
    const bad = await settle(edit.action(editArgs({ ...formOf({ title: "Après", validUntil: "31/12/2026" }, [{ description: "Bilan", price: "120" }]), intent: "save" })));
    expect(bad.status).toBe(400);
    expect(await body(bad)).toMatchObject({ errors: { validUntil: expect.stringContaining("Une date") }, values: { title: "Après" } });
    const ok = await settle(edit.action(editArgs({ ...formOf({ title: "Après" }, [{ description: "Bilan", price: "120" }]), intent: "save" })));
    expect(ok.status).toBe(302);
    expect(await inA((db) => findQuote(db, id))).toMatchObject({ title: "Après", totalTtcCents: 12000, clientId: aClient });
    await inA((db) => markQuoteSent(db, id, { tenantId: a.tenant.id, coachEmail: a.user.email }));
    const frozen = await settle(edit.loader(editArgs()));
    expect(frozen.status).toBe(302);
    expect(frozen.headers.get("Location")).toBe(`/dashboard/quotes/${id}`);
    const posted = await settle(edit.action(editArgs({ ...formOf({ title: "Trop tard" }, [{ description: "Bilan", price: "1" }]), intent: "save" })));
    expect(posted.status).toBe(400);
    expect(await inA((db) => findQuote(db, id)!.title)).toBe("Après");
  });

  it("filters the list by derived status", async () => {
    const sent = await body(await settle(list.loader(args(request("/dashboard/quotes?status=accepted", { cookie: a.cookie })))));
    expect(sent.quotes.map((q: { status: string }) => q.status)).toEqual(["accepted"]);
  });
});

describe("/q/:token", () => {
  const get = (token: string) => settle(pub.loader(args(request(`/q/${token}`), { token })));
  const post = (token: string, form: Record<string, string>) => settle(pub.action(args(request(`/q/${token}`, { form }), { token })));

  async function sentInA(title: string) {
    return inA((db) => {
      const id = createDraftQuote(db, { clientId: aClient, title, lines: [LINE] });
      return { id, token: markQuoteSent(db, id, { tenantId: a.tenant.id, coachEmail: a.user.email }).token };
    });
  }

  it("shows the quote with the seller's terms, no private ids, noindex", async () => {
    const { token } = await sentInA("Offre publique");
    const res = await get(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Robots-Tag")).toContain("noindex");
    const d = await body(res);
    expect(d.q).toMatchObject({ title: "Offre publique", status: "sent", clientId: null, publicToken: null });
    expect(d.q.seller.termsOfSale).toBe("CGV de Alpha");
    expect(pub.meta({ data: d } as never)).toContainEqual({ name: "robots", content: "noindex, nofollow" });
  });

  it("refuses an acceptance without name or checkbox (400, values kept), then records it", async () => {
    const { id, token } = await sentInA("À accepter");
    const noName = await post(token, { intent: "accept", terms: "on", name: "  ", earlyStart: "on" });
    expect(noName.status).toBe(400);
    const d = await body(noName);
    expect(d.errors.name).toContain("nom complet");
    expect(d.values).toEqual({ name: "  ", earlyStart: true });
    const noTerms = await post(token, { intent: "accept", name: "Alice Client" });
    expect(noTerms.status).toBe(400);
    expect((await body(noTerms)).errors.terms).toContain("Cochez la case");
    expect(await inA((db) => findQuote(db, id)!.status)).toBe("sent");
    const ok = await post(token, { intent: "accept", terms: "on", name: "Alice Client", earlyStart: "on" });
    expect(ok.status).toBe(302);
    expect(await inA((db) => findQuote(db, id))).toMatchObject({ status: "accepted", acceptedName: "Alice Client", acceptedIp: expect.any(String), earlyStartRequestedAt: expect.any(Date) });
    const page = await body(await get(token));
    expect(page.q.acceptance).toMatchObject({ name: "Alice Client", ip: null });
    expect((await post(token, { intent: "refuse" })).status).toBe(409);
  });

  it("shows an expired quote without the form, and refuses answers on it", async () => {
    const { id, token } = await sentInA("Périmé");
    await inA((db) => db.$client.prepare("UPDATE quotes SET valid_until = '2020-01-01' WHERE id = ?").run(id));
    expect((await body(await get(token))).q.status).toBe("expired");
    const res = await post(token, { intent: "accept", terms: "on", name: "Alice Client" });
    expect(res.status).toBe(409);
    expect((await body(res)).errors.form).toContain("expiré");
    expect(await inA((db) => findQuote(db, id)!.status)).toBe("sent");
  });

  it("lets the client refuse", async () => {
    const { id, token } = await sentInA("À refuser");
    expect((await post(token, { intent: "refuse" })).status).toBe(302);
    expect(await inA((db) => findQuote(db, id)!.status)).toBe("refused");
  });

  it("opens a quote only with its own tenant's token; drafts, unknown and cross-tenant tokens are 404", async () => {
    // B's token opens B's quote, never A's quote of the same id.
    expect((await body(await get(bToken))).q.title).toBe("Secret de B");
    expect((await get(newPublicToken())).status).toBe(404);
    expect((await get("not-a-token")).status).toBe(404);
    // A token registered for A naming B's quote id, and written on B's row: A's file is opened, B's row is never read.
    const crafted = newPublicToken();
    await inB((db) => db.$client.prepare("UPDATE quotes SET public_token = ? WHERE id = ?").run(crafted, bQuote - 1));
    registerPublicLink(a.tenant.id, "quote", bQuote - 1, crafted);
    expect((await get(crafted)).status).toBe(404);
    expect((await post(crafted, { intent: "refuse" })).status).toBe(404);
    expect((await settle(pubPdf.loader(args(request(`/q/${crafted}/pdf`), { token: crafted })))).status).toBe(404);
    // A draft is never public, even with its token on the row.
    const draftToken = newPublicToken();
    const draft = await inA((db) => {
      const id = createDraftQuote(db, { clientId: aClient, lines: [LINE] });
      db.$client.prepare("UPDATE quotes SET public_token = ? WHERE id = ?").run(draftToken, id);
      return id;
    });
    registerPublicLink(a.tenant.id, "quote", draft, draftToken);
    expect((await get(draftToken)).status).toBe(404);
    // An invoice link does not open a quote.
    const invoiceKind = newPublicToken();
    registerPublicLink(b.tenant.id, "invoice", bQuote, invoiceKind);
    expect((await get(invoiceKind)).status).toBe(404);
  });

  it("throttles answers on one link (429 with Retry-After), and records nothing then", async () => {
    const { id, token } = await sentInA("Martelé");
    for (let i = 0; i < 20; i++) expect((await post(token, { intent: "accept", terms: "on", name: "" })).status).toBe(400);
    const res = await post(token, { intent: "accept", terms: "on", name: "Alice Client" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await inA((db) => findQuote(db, id)!.status)).toBe("sent");
  });

  it("refuses a cross-site POST", async () => {
    const res = await settle(pub.action(args(request(`/q/${bToken}`, { form: { intent: "refuse" }, headers: { Origin: "https://evil.example" } }), { token: bToken })));
    expect(res.status).toBe(403);
    expect(await inB((db) => findQuote(db, bQuote)!.status)).toBe("sent");
  });
});
