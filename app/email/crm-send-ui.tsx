// The pieces the one-to-one and bulk send pages share: the template choice (a GET form, so it
// works without JavaScript) and the preview of one recipient's copy.
import { Form, Link } from "@remix-run/react";

type TemplateOption = { id: number; name: string; subject: string };

export function TemplatePicker({
  templates,
  templateId,
  hidden = [],
  children,
}: {
  templates: TemplateOption[];
  templateId: number | null;
  /** Query parameters to keep (the bulk selection). */
  hidden?: [string, string][];
  /** More choices for the same GET (the recipient to preview). */
  children?: React.ReactNode;
}) {
  if (templates.length === 0) {
    return (
      <div className="card" data-testid="no-templates">
        <h2 className="font-semibold">Aucun modèle d'email</h2>
        <p className="mt-2 text-sm text-slate-700">
          Un envoi part d'un modèle.{" "}
          <Link to="/dashboard/email/templates" className="text-indigo-700 underline">
            Créez votre premier modèle
          </Link>{" "}
          puis revenez ici.
        </p>
      </div>
    );
  }
  return (
    <Form method="get" className="card flex flex-wrap items-end gap-3">
      {hidden.map(([name, value], i) => (
        <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
      ))}
      <div className="min-w-[12rem] flex-1">
        <label htmlFor="templateId" className="block text-sm font-medium text-slate-700">
          Modèle
        </label>
        <select id="templateId" name="templateId" className="input mt-1" defaultValue={templateId ?? ""} required>
          <option value="" disabled>
            Choisir un modèle…
          </option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {children}
      <button type="submit" className="btn-secondary">
        Prévisualiser
      </button>
    </Form>
  );
}

/**
 * The copy as the recipient will get it: subject, text, and the HTML in a frame loaded from
 * `src` (a preview.html resource route: its own CSP lets the email's https images load, runs no
 * script, posts no form; its unsubscribe link goes nowhere). No JavaScript needed.
 */
export function EmailPreview({ copy, src, recipient }: { copy: { subject: string; text: string }; src: string; recipient?: string }) {
  return (
    <section className="card space-y-3" aria-labelledby="preview-title" data-testid="email-preview">
      <h2 id="preview-title" className="text-lg font-semibold">
        Aperçu{recipient ? ` pour ${recipient}` : ""}
      </h2>
      <p className="text-sm">
        <span className="text-slate-600">Objet : </span>
        <strong data-testid="preview-subject">{copy.subject}</strong>
      </p>
      <iframe title="Aperçu de l'email (HTML)" src={src} sandbox="allow-popups allow-popups-to-escape-sandbox" className="h-96 w-full rounded border border-slate-200 bg-white" />
      <p className="text-sm">
        <a href={src} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
          Ouvrir l'aperçu dans un nouvel onglet
        </a>
      </p>
      <details>
        <summary className="cursor-pointer text-sm text-indigo-700">Version texte</summary>
        <pre className="mt-2 max-h-72 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs" data-testid="preview-text">
          {copy.text}
        </pre>
      </details>
    </section>
  );
}
