// PLACEHOLDER (helper "templates" implements it with React Email): compiles a template's design
// into HTML and plain text with the `{{variables}}` left in, once per campaign; fillCompiled()
// then makes each recipient's copy (values HTML-escaped in the HTML copy).
import { escapeHtml } from "~/lib/html";
import { fillVariables, type VariableValues } from "../variables";

export type CompiledEmail = { subject: string; html: string; text: string };

/**
 * Marketing copies end with a visible unsubscribe link whose address is this sentinel in the
 * compiled copy; fillCompiled() puts the recipient's own `/u/:token` URL in its place.
 */
export const UNSUBSCRIBE_SENTINEL = "__COACH_OS_UNSUBSCRIBE_URL__";

/** `unsubscribeFooter`: true for marketing (campaigns, CRM sends), false for transactional copies. */
export function compileTemplate(template: { subject: string; design: Record<string, unknown> }, { unsubscribeFooter }: { unsubscribeFooter: boolean }): CompiledEmail {
  const text = JSON.stringify(template.design) + (unsubscribeFooter ? `\n\nSe désinscrire : ${UNSUBSCRIBE_SENTINEL}` : "");
  const footer = unsubscribeFooter ? `<p><a href="${UNSUBSCRIBE_SENTINEL}">Se désinscrire</a></p>` : "";
  return { subject: template.subject, html: `<html lang="fr"><body><pre>${escapeHtml(JSON.stringify(template.design))}</pre>${footer}</body></html>`, text };
}

export function fillCompiled(compiled: CompiledEmail, values: VariableValues, fallbacks: Record<string, string> = {}, { unsubscribeUrl }: { unsubscribeUrl?: string } = {}): CompiledEmail {
  const link = (s: string, escape: (v: string) => string) => (unsubscribeUrl ? s.split(UNSUBSCRIBE_SENTINEL).join(escape(unsubscribeUrl)) : s);
  return {
    subject: fillVariables(compiled.subject, values, fallbacks),
    html: link(fillVariables(compiled.html, values, fallbacks, escapeHtml), escapeHtml),
    text: link(fillVariables(compiled.text, values, fallbacks), (v) => v),
  };
}
