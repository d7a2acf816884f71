// Fixtures for the CRM send tests: a template with variables and leads in every exclusion state.
import type { TenantDb } from "~/lib/tenant-db.server";
import { emailTemplates } from "../../db/tenant.schema";
import { DEFAULT_THEME } from "./templates/design";

export const DESIGN = {
  theme: DEFAULT_THEME,
  blocks: [
    { type: "title", text: "Bonjour {{firstName}}", size: "large" },
    { type: "text", text: "Merci pour votre intérêt, {{firstName}} {{lastName}}." },
  ],
};

export function addTemplate(db: TenantDb, { name = "Relance", subject = "Une nouvelle pour vous, {{firstName}}", fallbacks = { firstName: "cher contact" } } = {}) {
  return db.insert(emailTemplates).values({ name, kind: "follow_up", subject, design: DESIGN, fallbacks }).returning({ id: emailTemplates.id }).get().id;
}

export function addLead(db: TenantDb, values: { firstName?: string | null; lastName?: string | null; email?: string | null; blacklisted?: boolean; instagramId?: string } = {}) {
  const row = db.$client
    .prepare("INSERT INTO leads (first_name, last_name, email, blacklisted, instagram_id, status, created_at, created_day, updated_at) VALUES (?, ?, ?, ?, ?, 'new', ?, '2026-11-01', ?) RETURNING id")
    .get(values.firstName ?? null, values.lastName ?? null, values.email ?? null, values.blacklisted ? 1 : 0, values.instagramId ?? null, Date.now(), Date.now()) as { id: number };
  return row.id;
}

export const sendsOf = (db: TenantDb) =>
  db.$client.prepare("SELECT idempotency_key AS key, lead_id AS leadId, to_email AS toEmail, subject, html, text, category, template_id AS templateId, status FROM email_sends ORDER BY id").all() as {
    key: string;
    leadId: number;
    toEmail: string;
    subject: string;
    html: string;
    text: string;
    category: string;
    templateId: number;
    status: string;
  }[];
