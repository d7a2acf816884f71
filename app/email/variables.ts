// The variables a template may use (001 §3.8). One list for the editor's help, the save-time
// check (unknown names are refused) and the filling of each recipient's copy.

export const TEMPLATE_VARIABLES = ["firstName", "lastName", "company", "date", "amount", "clientEmail", "clientPhone"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type VariableValues = Partial<Record<TemplateVariable, string>>;

export const VARIABLE_LABELS: Record<TemplateVariable, string> = {
  firstName: "Prénom",
  lastName: "Nom",
  company: "Entreprise",
  date: "Date",
  amount: "Montant",
  clientEmail: "Email du contact",
  clientPhone: "Téléphone du contact",
};

// `{{ firstName }}` (spaces allowed inside the braces).
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

const isKnown = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** Every `{{name}}` of the text that is not an allowed variable (in order, once each). */
export function unknownVariables(text: string) {
  const out = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (!isKnown(match[1])) out.add(match[1]);
  return [...out];
}

/** The allowed variables the text uses. */
export function usedVariables(text: string) {
  const out = new Set<TemplateVariable>();
  for (const match of text.matchAll(PLACEHOLDER)) if (isKnown(match[1])) out.add(match[1]);
  return [...out];
}

/**
 * Replaces each `{{name}}` with the recipient's value, else the coach's fallback, else "".
 * `escape` is applied to the values (HTML copies pass an HTML escaper; the text copy does not).
 */
export function fillVariables(text: string, values: VariableValues, fallbacks: Record<string, string> = {}, escape: (s: string) => string = (s) => s) {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isKnown(name)) return whole;
    const value = values[name]?.trim() || fallbacks[name]?.trim() || "";
    return escape(value);
  });
}

// Line breaks and other control characters: a value must never add a line to a header.
const HEADER_BREAKS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/**
 * A subject filled for one recipient: like fillVariables, but a value (or a fallback) with a line
 * break is put on one line, so "Léa\r\nBcc: …" as a first name never reaches the Subject header
 * as a second header line. Every subject filled per recipient goes through here.
 */
export function fillSubject(subject: string, values: VariableValues, fallbacks: Record<string, string> = {}) {
  return fillVariables(subject, values, fallbacks, (v) => v.replace(HEADER_BREAKS, " "));
}
