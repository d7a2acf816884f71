// Email templates of one tenant: list, create from a type's starter, save (every save is a new
// version, kept), restore an earlier version, duplicate, delete. Validation is the design schema's
// (unknown variables refused anywhere, with the allowed list); errors come back keyed by field path.
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { EMAIL_TEMPLATE_KINDS, emailTemplates, emailTemplateVersions, type EmailTemplateKind } from "../../../db/tenant.schema";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { EmailDesignSchema, FallbacksSchema, NameSchema, SubjectSchema, type EmailDesign } from "./design";
import { STARTERS, TEMPLATE_KIND_LABELS } from "./starters";

export const TEMPLATE_NOT_FOUND = "Ce modèle n'existe pas (ou plus).";
export const templateNotFound = () => new Response(TEMPLATE_NOT_FOUND, { status: 404 });

export type EmailTemplate = typeof emailTemplates.$inferSelect;
export type TemplateInput = { name: string; subject: string; design: unknown; fallbacks: Record<string, string> };
export type TemplateErrors = Record<string, string>;

export const TemplateInputSchema = z.object({ name: NameSchema, subject: SubjectSchema, design: EmailDesignSchema, fallbacks: FallbacksSchema });

export function listTemplates(db: TenantDb) {
  return db
    .select({ id: emailTemplates.id, name: emailTemplates.name, kind: emailTemplates.kind, version: emailTemplates.version, subject: emailTemplates.subject, updatedAt: emailTemplates.updatedAt })
    .from(emailTemplates)
    .orderBy(desc(emailTemplates.updatedAt), desc(emailTemplates.id))
    .all();
}

export function findTemplate(db: TenantDb, id: number): EmailTemplate | undefined {
  return db.select().from(emailTemplates).where(eq(emailTemplates.id, id)).get();
}

/** The template of a route param, or the 404 a missing, malformed or other tenant's id gets. */
export function requireTemplate(db: TenantDb, param: string | undefined): EmailTemplate {
  const id = parseId(param);
  const template = id === null ? undefined : findTemplate(db, id);
  if (!template) throw templateNotFound();
  return template;
}

/** The stored design, read through the schema (a row written by an older version still renders). */
export function designOf(template: Pick<EmailTemplate, "design">): EmailDesign {
  return EmailDesignSchema.parse(template.design);
}

/** Zod issues → `{ "design.blocks.2.url": "…" }` (the first message of each field). */
export function errorsOf(error: z.ZodError): TemplateErrors {
  const out: TemplateErrors = {};
  for (const issue of error.issues) out[issue.path.join(".") || "form"] ??= issue.message;
  return out;
}

export function createTemplate(db: TenantDb, { name, kind }: { name: string; kind: EmailTemplateKind }, now = new Date()): number {
  const starter = STARTERS[kind];
  return insertNew(db, { name: name.trim() || TEMPLATE_KIND_LABELS[kind], kind, subject: starter.subject, design: starter.design, fallbacks: starter.fallbacks }, now);
}

function insertNew(db: TenantDb, row: { name: string; kind: EmailTemplateKind; subject: string; design: EmailDesign; fallbacks: Record<string, string> }, now: Date) {
  return db.$client
    .transaction(() => {
      const id = db
        .insert(emailTemplates)
        .values({ ...row, version: 1, createdAt: now, updatedAt: now })
        .returning({ id: emailTemplates.id })
        .get().id;
      db.insert(emailTemplateVersions).values({ templateId: id, version: 1, name: row.name, subject: row.subject, design: row.design, fallbacks: row.fallbacks, createdAt: now }).run();
      return id;
    })
    .immediate();
}

export type SaveResult = { ok: true; version: number; changed: boolean } | { ok: false; errors: TemplateErrors };

/**
 * Validates and saves: version + 1 and a version row, in one transaction. Saving exactly what is
 * stored changes nothing (no empty version).
 */
export function saveTemplate(db: TenantDb, id: number, input: TemplateInput, now = new Date()): SaveResult {
  const parsed = TemplateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const data = { name: parsed.data.name, subject: parsed.data.subject, design: parsed.data.design as Record<string, unknown>, fallbacks: compact(parsed.data.fallbacks) };
  return db.$client
    .transaction((): SaveResult => {
      const current = findTemplate(db, id);
      if (!current) throw templateNotFound();
      const same = current.name === data.name && current.subject === data.subject && sameJson(current.design, data.design) && sameJson(current.fallbacks, data.fallbacks);
      if (same) return { ok: true, version: current.version, changed: false };
      const version = current.version + 1;
      db.update(emailTemplates)
        .set({ ...data, version, updatedAt: now })
        .where(eq(emailTemplates.id, id))
        .run();
      db.insert(emailTemplateVersions)
        .values({ templateId: id, version, ...data, createdAt: now })
        .run();
      return { ok: true, version, changed: true };
    })
    .immediate();
}

const compact = (fallbacks: Record<string, string>) => Object.fromEntries(Object.entries(fallbacks).filter(([, v]) => v !== ""));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function listVersions(db: TenantDb, templateId: number) {
  return db
    .select({ version: emailTemplateVersions.version, name: emailTemplateVersions.name, subject: emailTemplateVersions.subject, createdAt: emailTemplateVersions.createdAt })
    .from(emailTemplateVersions)
    .where(eq(emailTemplateVersions.templateId, templateId))
    .orderBy(desc(emailTemplateVersions.version))
    .all();
}

/** An earlier version becomes the new current version (its number is the next one). */
export function restoreVersion(db: TenantDb, templateId: number, version: number, now = new Date()): SaveResult | null {
  const old = db
    .select()
    .from(emailTemplateVersions)
    .where(and(eq(emailTemplateVersions.templateId, templateId), eq(emailTemplateVersions.version, version)))
    .get();
  if (!old) return null;
  return saveTemplate(db, templateId, { name: old.name, subject: old.subject, design: old.design, fallbacks: old.fallbacks }, now);
}

/** A copy named "… (copie)", at version 1. */
export function duplicateTemplate(db: TenantDb, templateId: number, now = new Date()): number {
  const t = findTemplate(db, templateId);
  if (!t) throw templateNotFound();
  return insertNew(db, { name: `${t.name} (copie)`.slice(0, 100), kind: t.kind, subject: t.subject, design: designOf(t), fallbacks: t.fallbacks }, now);
}

export function deleteTemplate(db: TenantDb, templateId: number) {
  return db.delete(emailTemplates).where(eq(emailTemplates.id, templateId)).run().changes > 0;
}

export const isTemplateKind = (v: unknown): v is EmailTemplateKind => (EMAIL_TEMPLATE_KINDS as readonly unknown[]).includes(v);

/** The demo's templates (seed): three types, ready to send. */
export function seedEmailTemplates(db: TenantDb, now = new Date()) {
  const demo: [string, EmailTemplateKind][] = [
    ["Relance après l'appel découverte", "follow_up"],
    ["Présentation de mes accompagnements", "services"],
    ["Confirmation de rendez-vous", "appointment"],
  ];
  return demo.map(([name, kind], i) => createTemplate(db, { name, kind }, new Date(now.getTime() - (demo.length - i) * 86_400_000)));
}
