// The template routes with a signed-in coach: list and create, the editor's buttons (without JS:
// every button saves what was typed), errors next to fields (400), previews, and isolation:
// another tenant's template id is the same 404 as a missing one on every route.
import { beforeAll, describe, expect, it } from "vitest";
import { args, makeTwoCoaches, request, settle, setupTestDb, type SignedInCoach } from "../../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import * as editorRoute from "~/routes/dashboard.email.templates.$templateId";
import * as previewPage from "~/routes/dashboard.email.templates.$templateId_.preview";
import * as previewHtml from "~/routes/dashboard.email.templates.$templateId_.preview[.]html";
import * as listRoute from "~/routes/dashboard.email.templates._index";
import { TEMPLATE_VARIABLES } from "../variables";
import { editorValuesOf } from "./editor-form";
import { createTemplate, designOf, findTemplate, listVersions } from "./templates.server";

let a: SignedInCoach;
let b: SignedInCoach;
const inA = <T,>(fn: (db: TenantDb) => T) => withTenantDb(a.tenant.id, fn);
const inB = <T,>(fn: (db: TenantDb) => T) => withTenantDb(b.tenant.id, fn);
let bTemplate: number;

beforeAll(async () => {
  setupTestDb();
  ({ a, b } = await makeTwoCoaches());
  // B's id goes beyond A's, so that "B's id" is not also one of A's rows.
  bTemplate = await inB((db) => {
    for (let i = 0; i < 40; i++) createTemplate(db, { name: `B ${i}`, kind: "custom" });
    return createTemplate(db, { name: "Secret de B", kind: "greetings" });
  });
  await inA((db) => db.$client.prepare("INSERT INTO leads (instagram_id, first_name, last_name, email, created_at, created_day, updated_at) VALUES ('ig_lea', 'Léa', '<b>Durand</b>', 'lea@exemple.fr', 1, '1970-01-01', 1)").run());
});

const path = (id: number | string, rest = "") => `/dashboard/email/templates/${id}${rest}`;
const json = async (res: Response) => JSON.parse(await res.text());

/** The editor's form for the template as stored, plus changes (like a browser posting it). */
async function editorForm(id: number, change: (v: ReturnType<typeof editorValuesOf>) => void, extra: Record<string, string>) {
  const values = await inA((db) => {
    const t = findTemplate(db, id)!;
    return editorValuesOf({ ...t, design: designOf(t) });
  });
  change(values);
  const form: Record<string, string> = { name: values.name, subject: values.subject, blockCount: String(values.blocks.length), ...extra };
  for (const [k, v] of Object.entries(values.theme)) form[`theme.${k}`] = v;
  for (const [k, v] of Object.entries(values.fallbacks)) form[`fallbacks.${k}`] = v;
  values.blocks.forEach((blk, i) => Object.entries(blk).forEach(([k, v]) => (form[`blocks[${i}].${k}`] = v)));
  return form;
}
const post = (id: number | string, form: Record<string, string>, coach = a) => settle(editorRoute.action(args(request(path(id), { cookie: coach.cookie, form }), { templateId: String(id) })));

describe("/dashboard/email/templates", () => {
  it("lists nothing at first, then creates a template from a type and opens its editor", async () => {
    const empty = await json(await settle(listRoute.loader(args(request("/dashboard/email/templates", { cookie: a.cookie })))));
    expect(empty.templates).toEqual([]);
    const bad = await settle(listRoute.action(args(request("/dashboard/email/templates", { cookie: a.cookie, form: { name: "", kind: "spam" } }))));
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors).toEqual({ name: "Donnez un nom au modèle.", kind: "Choisissez un type de modèle." });
    const res = await settle(listRoute.action(args(request("/dashboard/email/templates", { cookie: a.cookie, form: { name: "Ma relance", kind: "follow_up" } }))));
    expect(res.status).toBe(302);
    const id = Number(/\/dashboard\/email\/templates\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
    const list = await json(await settle(listRoute.loader(args(request("/dashboard/email/templates", { cookie: a.cookie })))));
    expect(list.templates).toMatchObject([{ id, name: "Ma relance", kind: "follow_up", version: 1 }]);
    // Nothing landed in B's file.
    expect(await inB((db) => db.$client.prepare("SELECT count(*) n FROM email_templates WHERE name = 'Ma relance'").get())).toEqual({ n: 0 });
  });
});

describe("/dashboard/email/templates/:templateId", () => {
  it("the row buttons save what was typed and change the list; Enregistrer saves a version", async () => {
    const id = await inA((db) => createTemplate(db, { name: "Éditeur", kind: "custom" }));
    // Add a title row: the text typed in the first block is saved, the new blank row is shown (not stored yet).
    const add = await post(id, await editorForm(id, (v) => (v.blocks[0].text = "Texte modifié"), { intent: "add", newBlockType: "title" }));
    expect(add.status).toBe(200);
    const added = await json(add);
    expect(added.values.blocks.map((x: { type: string }) => x.type)).toEqual(["text", "signature", "title"]);
    expect(await inA((db) => (designOf(findTemplate(db, id)!).blocks[0] as { text: string }).text)).toBe("Texte modifié");
    // Move the signature down, with everything else as typed.
    const down = await post(id, await editorForm(id, () => {}, { intent: "down:0" }));
    expect(down.status).toBe(302);
    expect(down.headers.get("Location")).toBe(`${path(id)}#block-1`);
    expect(await inA((db) => designOf(findTemplate(db, id)!).blocks.map((x) => x.type))).toEqual(["signature", "text"]);
    const removed = await post(id, await editorForm(id, () => {}, { intent: "remove:0" }));
    expect(removed.status).toBe(302);
    expect(await inA((db) => designOf(findTemplate(db, id)!).blocks.map((x) => x.type))).toEqual(["text"]);
    const save = await post(id, await editorForm(id, (v) => (v.subject = "Bonjour {{firstName}}"), { intent: "save" }));
    expect(save.status).toBe(302);
    expect(save.headers.get("Location")).toBe(path(id));
    const versions = await inA((db) => listVersions(db, id).map((v) => v.version));
    expect(versions[0]).toBe(versions.length);
    expect(versions.length).toBeGreaterThanOrEqual(4);
  });

  it("errors come back next to their fields with everything typed (400), and nothing is saved", async () => {
    const id = await inA((db) => createTemplate(db, { name: "Erreurs", kind: "follow_up" }));
    const form = await editorForm(
      id,
      (v) => {
        v.subject = "Salut {{prenom}}";
        v.blocks[1].url = "ftp://exemple.fr";
      },
      { intent: "save" },
    );
    const res = await post(id, form);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.subject).toBe(`Variable inconnue : {{prenom}}. Variables possibles : ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")}.`);
    expect(body.errors["blocks.1.url"]).toBe("Une adresse qui commence par https:// (ou http://).");
    expect(body.values.subject).toBe("Salut {{prenom}}");
    expect(await inA((db) => findTemplate(db, id)!.version)).toBe(1);
  });

  it("restore, duplicate and delete from the side panel", async () => {
    const id = await inA((db) => createTemplate(db, { name: "Côté", kind: "services" }));
    await post(id, await editorForm(id, (v) => (v.subject = "Deuxième"), { intent: "save" }));
    const restore = await post(id, { intent: "restore", version: "1" });
    expect(restore.status).toBe(302);
    expect(await inA((db) => findTemplate(db, id))).toMatchObject({ version: 3, subject: "{{firstName}}, voici comment je peux vous accompagner" });
    expect((await post(id, { intent: "restore", version: "99" })).status).toBe(404);
    const dup = await post(id, { intent: "duplicate" });
    const copy = Number(/(\d+)$/.exec(dup.headers.get("Location")!)![1]);
    expect(await inA((db) => findTemplate(db, copy)?.name)).toBe("Côté (copie)");
    const del = await post(copy, { intent: "delete" });
    expect(del.headers.get("Location")).toBe("/dashboard/email/templates");
    expect(await inA((db) => findTemplate(db, copy))).toBeUndefined();
  });
});

describe("previews", () => {
  it("renders the saved template for the newest lead with an email, escaped, with its text version", async () => {
    const id = await inA((db) => createTemplate(db, { name: "Aperçu", kind: "services" }));
    const page = await json(await settle(previewPage.loader(args(request(path(id, "/preview"), { cookie: a.cookie }), { templateId: String(id) }))));
    expect(page.sample).toEqual({ name: "Léa <b>Durand</b>", email: "lea@exemple.fr" });
    expect(page.subject).toBe("Léa, voici comment je peux vous accompagner");
    expect(page.text).toContain("Bonjour Léa,");
    expect(page.text).toContain("Se désinscrire");
    const res = await settle(previewHtml.loader(args(request(path(id, "/preview.html"), { cookie: a.cookie }), { templateId: String(id) })));
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toMatch(/<html[^>]* lang="fr"/);
    expect(html).toContain("Mes accompagnements");
    expect(html).not.toContain("{{");
  });

  it("the live preview renders the unsaved form and saves nothing", async () => {
    const id = await inA((db) => createTemplate(db, { name: "Direct", kind: "custom" }));
    const form = await editorForm(id, (v) => (v.blocks[0].text = "Pas encore enregistré <script>x</script>"), {});
    const res = await settle(previewHtml.action(args(request(path(id, "/preview.html"), { cookie: a.cookie, form }), { templateId: String(id) })));
    const html = await res.text();
    expect(html).toContain("Pas encore enregistré &lt;script&gt;x&lt;/script&gt;");
    expect(await inA((db) => findTemplate(db, id)!.version)).toBe(1);
  });
});

describe("isolation", () => {
  it("another tenant's template id is a 404 on every route, like a missing or malformed one", async () => {
    for (const id of [bTemplate, 999_999, "abc", "0"]) {
      const responses = [
        await settle(editorRoute.loader(args(request(path(id), { cookie: a.cookie }), { templateId: String(id) }))),
        await post(id, { intent: "save", name: "Volé", subject: "x", blockCount: "0" }),
        await post(id, { intent: "delete" }),
        await post(id, { intent: "duplicate" }),
        await post(id, { intent: "restore", version: "1" }),
        await settle(previewPage.loader(args(request(path(id, "/preview"), { cookie: a.cookie }), { templateId: String(id) }))),
        await settle(previewHtml.loader(args(request(path(id, "/preview.html"), { cookie: a.cookie }), { templateId: String(id) }))),
        await settle(previewHtml.action(args(request(path(id, "/preview.html"), { cookie: a.cookie, form: { blockCount: "0" } }), { templateId: String(id) }))),
      ];
      for (const res of responses) {
        expect(res.status, String(id)).toBe(404);
        expect(await res.text()).toBe("Ce modèle n'existe pas (ou plus).");
      }
    }
    // B's template is untouched and B still sees it.
    expect(await inB((db) => findTemplate(db, bTemplate))).toMatchObject({ name: "Secret de B", version: 1 });
    expect((await settle(editorRoute.loader(args(request(path(bTemplate), { cookie: b.cookie }), { templateId: String(bTemplate) })))).status).toBe(200);
  });

  it("signed out: sent to sign in", async () => {
    const res = await settle(listRoute.loader(args(request("/dashboard/email/templates"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});
