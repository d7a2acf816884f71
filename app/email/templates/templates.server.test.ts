import { beforeEach, describe, expect, it } from "vitest";
import { EMAIL_TEMPLATE_KINDS } from "../../../db/tenant.schema";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { TEMPLATE_VARIABLES } from "../variables";
import { EmailDesignSchema, type EmailDesign } from "./design";
import { compileTemplate, fillCompiled } from "./render.server";
import { createTemplate, deleteTemplate, designOf, duplicateTemplate, findTemplate, listTemplates, listVersions, restoreVersion, saveTemplate, seedEmailTemplates } from "./templates.server";

let db: TenantDb;
beforeEach(() => {
  db = memoryTenant();
});

const ALLOWED = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ");
const inputOf = (id: number, change: Partial<{ name: string; subject: string; design: unknown; fallbacks: Record<string, string> }> = {}) => {
  const t = findTemplate(db, id)!;
  return { name: t.name, subject: t.subject, design: t.design, fallbacks: t.fallbacks, ...change };
};
const withText = (design: unknown, text: string) => ({ ...(design as EmailDesign), blocks: [...(design as EmailDesign).blocks, { type: "text", text }] });

describe("templates", () => {
  it("every type starts with a valid French design that renders", () => {
    for (const kind of EMAIL_TEMPLATE_KINDS) {
      const id = createTemplate(db, { name: `Modèle ${kind}`, kind });
      const t = findTemplate(db, id)!;
      expect(t.kind).toBe(kind);
      expect(t.version).toBe(1);
      expect(EmailDesignSchema.safeParse(t.design).success, kind).toBe(true);
      expect(compileTemplate(t, { unsubscribeFooter: true }).text.length).toBeGreaterThan(50);
      expect(listVersions(db, id).map((v) => v.version)).toEqual([1]);
    }
    expect(listTemplates(db)).toHaveLength(EMAIL_TEMPLATE_KINDS.length);
  });

  it("save adds a version (number + 1 and a row), in one go; saving the same content adds none", () => {
    const id = createTemplate(db, { name: "Relance", kind: "follow_up" });
    const result = saveTemplate(db, id, inputOf(id, { subject: "Nouvel objet {{firstName}}" }));
    expect(result).toEqual({ ok: true, version: 2, changed: true });
    expect(findTemplate(db, id)).toMatchObject({ subject: "Nouvel objet {{firstName}}", version: 2 });
    expect(listVersions(db, id).map((v) => [v.version, v.subject])).toEqual([
      [2, "Nouvel objet {{firstName}}"],
      [1, "{{firstName}}, on en reparle ?"],
    ]);
    expect(saveTemplate(db, id, inputOf(id))).toEqual({ ok: true, version: 2, changed: false });
    expect(listVersions(db, id)).toHaveLength(2);
  });

  it("refuses unknown variables in the subject and in any block, with the allowed list, and saves nothing", () => {
    const id = createTemplate(db, { name: "Relance", kind: "follow_up" });
    const result = saveTemplate(db, id, inputOf(id, { subject: "Salut {{prenom}}", design: withText(findTemplate(db, id)!.design, "Votre code : {{code}}") }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.subject).toBe(`Variable inconnue : {{prenom}}. Variables possibles : ${ALLOWED}.`);
    const blockKey = Object.keys(result.errors).find((k) => k.startsWith("design.blocks."))!;
    expect(blockKey).toMatch(/^design\.blocks\.\d+\.text$/);
    expect(result.errors[blockKey]).toBe(`Variable inconnue : {{code}}. Variables possibles : ${ALLOWED}.`);
    expect(findTemplate(db, id)!.version).toBe(1);
    expect(listVersions(db, id)).toHaveLength(1);
  });

  it("keeps the fallbacks per variable, and they fill a missing value", () => {
    const id = createTemplate(db, { name: "Suivi", kind: "check_in" });
    const fallbacks = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, ""]));
    expect(saveTemplate(db, id, inputOf(id, { fallbacks: { ...fallbacks, firstName: "chère cliente" } })).ok).toBe(true);
    const t = findTemplate(db, id)!;
    expect(t.fallbacks).toEqual({ firstName: "chère cliente" });
    const copy = fillCompiled(compileTemplate(t, { unsubscribeFooter: true }), { firstName: "" }, t.fallbacks);
    expect(copy.subject).toBe("Comment ça avance, chère cliente ?");
    expect(copy.text).toContain("Bonjour chère cliente,");
    const bad = saveTemplate(db, id, inputOf(id, { fallbacks: { ...fallbacks, company: "{{firstName}}" } }));
    expect(bad).toEqual({ ok: false, errors: { "fallbacks.company": "Sans accolades { }." } });
  });

  it("restore makes an earlier version the new current one", () => {
    const id = createTemplate(db, { name: "Vœux", kind: "greetings" });
    const original = findTemplate(db, id)!;
    saveTemplate(db, id, inputOf(id, { name: "Vœux 2027", subject: "Bonne année !" }));
    expect(restoreVersion(db, id, 1)).toEqual({ ok: true, version: 3, changed: true });
    const t = findTemplate(db, id)!;
    expect(t).toMatchObject({ name: original.name, subject: original.subject, version: 3 });
    expect(t.design).toEqual(original.design);
    expect(listVersions(db, id).map((v) => v.version)).toEqual([3, 2, 1]);
    expect(restoreVersion(db, id, 9)).toBeNull();
  });

  it("duplicate makes an independent copy named (copie); delete removes the template and its versions", () => {
    const id = createTemplate(db, { name: "Présentation", kind: "services" });
    saveTemplate(db, id, inputOf(id, { subject: "v2" }));
    const copy = duplicateTemplate(db, id);
    expect(findTemplate(db, copy)).toMatchObject({ name: "Présentation (copie)", kind: "services", subject: "v2", version: 1 });
    expect(designOf(findTemplate(db, copy)!)).toEqual(designOf(findTemplate(db, id)!));
    expect(deleteTemplate(db, id)).toBe(true);
    expect(findTemplate(db, id)).toBeUndefined();
    expect(db.$client.prepare("SELECT count(*) n FROM email_template_versions WHERE template_id = ?").get(id)).toEqual({ n: 0 });
    expect(findTemplate(db, copy)).toBeDefined();
  });

  it("the demo seed adds three ready templates", () => {
    seedEmailTemplates(db, new Date("2026-11-01T10:00:00Z"));
    const list = listTemplates(db);
    expect(list.map((t) => t.kind).sort()).toEqual(["appointment", "follow_up", "services"]);
    for (const t of list) expect(EmailDesignSchema.safeParse(findTemplate(db, t.id)!.design).success).toBe(true);
  });
});
