// The editor page's action: one form, several buttons. Every button saves what was typed (a new
// version when something changed); the row buttons also change the list of blocks. Invalid input
// comes back with everything typed and the errors next to their fields (400).
import { json } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { applyIntent, formErrorsOf, isBlankBlock, readEditorForm, readIntent, templateInputOf, type EditorErrors, type EditorValues } from "./editor-form";
import { saveTemplate, type EmailTemplate } from "./templates.server";

export type EditorActionData = { values: EditorValues; errors: EditorErrors; message: string | null; nonce: number };

export async function handleEditorForm(request: Request, db: TenantDb, template: EmailTemplate, fd: FormData) {
  const intent = readIntent(fd);
  const { values, focus, message } = applyIntent(readEditorForm(fd), intent);
  const { input, rowOf } = templateInputOf(values);
  const result = saveTemplate(db, template.id, input);
  const here = `/dashboard/email/templates/${template.id}`;
  if (!result.ok) {
    const errors = formErrorsOf(result.errors, rowOf);
    // A row button on a template whose only rows are still blank: nothing to save yet, no error.
    const onlyEmpty = intent.kind !== "save" && Object.keys(errors).length === 1 && errors.blocks !== undefined;
    if (!onlyEmpty) return json<EditorActionData>({ values, errors, message: null, nonce: Date.now() }, { status: 400 });
    return json<EditorActionData>({ values, errors: {}, message, nonce: Date.now() });
  }
  const saved = result.changed ? ` Version ${result.version} enregistrée.` : "";
  if (intent.kind === "save") return redirectWithFlash(request, here, result.changed ? `Modèle enregistré (version ${result.version}).` : "Aucun changement à enregistrer.");
  // A blank new row is not stored yet: show it from here (the page would lose it on a redirect).
  if (values.blocks.some(isBlankBlock)) return json<EditorActionData>({ values, errors: {}, message: `${message ?? ""}${saved}`.trim() || null, nonce: Date.now() });
  return redirectWithFlash(request, focus === null ? here : `${here}#block-${focus}`, `${message ?? ""}${saved}`.trim() || "Modèle enregistré.");
}
