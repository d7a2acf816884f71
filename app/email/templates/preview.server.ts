// Previews: a template rendered for a sample contact (the coach's newest lead with an email, else
// a made-up one), the saved version or the editor's unsaved form (live preview: blocks not valid
// yet are left out rather than refused).
import { leadVariables, type LeadRecipientRow } from "~/email/recipients.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import type { VariableValues } from "../variables";
import { BlockSchema, DEFAULT_THEME, ThemeSchema, type EmailDesign } from "./design";
import { isBlankBlock, type EditorValues } from "./editor-form";
import { compileTemplate, fillCompiled, type CompiledEmail } from "./render.server";
import type { EmailTemplate } from "./templates.server";

const NEWEST_LEAD_WITH_EMAIL =
  "SELECT id, first_name AS firstName, last_name AS lastName, email, phone, company, blacklisted FROM leads WHERE email IS NOT NULL AND email <> '' ORDER BY created_at DESC, id DESC LIMIT 1";

export type SampleContact = { name: string; email: string; values: VariableValues };

export function sampleContact(db: TenantDb, now = new Date()): SampleContact {
  const lead = db.$client.prepare(NEWEST_LEAD_WITH_EMAIL).get() as LeadRecipientRow | undefined;
  const values: VariableValues = lead
    ? { ...leadVariables(lead, now), amount: "150,00 €" }
    : { firstName: "Camille", lastName: "Martin", company: "Atelier Martin", clientEmail: "camille.martin@exemple.fr", clientPhone: "06 12 34 56 78", date: leadVariables({ id: 0, firstName: null, lastName: null, email: null, phone: null, company: null, blacklisted: 0 }, now).date, amount: "150,00 €" };
  return { name: [values.firstName, values.lastName].filter(Boolean).join(" ") || (values.clientEmail ?? ""), email: values.clientEmail ?? "", values };
}

/**
 * The unsubscribe link of every preview: it goes nowhere. A preview shows a real lead's copy, and
 * that lead's real link would unsubscribe them if the coach followed it; only the test send to
 * the coach's own address carries a working link (their own).
 */
export const PREVIEW_UNSUBSCRIBE_URL = "#desinscription";

/** The recipient's copy as a campaign would send it (marketing footer; the link goes nowhere). */
export function previewEmail(template: Pick<EmailTemplate, "subject" | "fallbacks"> & { design: EmailDesign | Record<string, unknown> }, sample: SampleContact): CompiledEmail {
  const compiled = compileTemplate({ subject: template.subject, design: template.design }, { unsubscribeFooter: true });
  return fillCompiled(compiled, sample.values, template.fallbacks, { unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL });
}

/** The editor's form as a design that renders: invalid or blank blocks left out, a bad theme replaced. */
export function draftDesign(values: EditorValues): EmailDesign {
  const theme = ThemeSchema.safeParse(values.theme);
  const blocks = values.blocks.flatMap((b) => {
    if (isBlankBlock(b)) return [];
    const parsed = BlockSchema.safeParse(b);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    theme: theme.success ? theme.data : DEFAULT_THEME,
    blocks: blocks.length ? (blocks as EmailDesign["blocks"]) : [{ type: "text", text: "(Aucun bloc à afficher pour l'instant.)" }],
  };
}

/** A preview document served to an iframe of the app: no scripts, no forms, images over https. */
export function previewResponse(html: string) {
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
