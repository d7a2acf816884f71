import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireCoach, withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { ImportFileError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/crm/import/decode.server";
import { ImportList } from "~/crm/import/import-ui";
import { createDraft, lastUndoableId, listImports } from "~/crm/import/imports.server";
import { readFlash } from "~/lib/flash.server";
import { formatInt } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Importer des leads · Coach OS" }];

// Multipart framing around the file: a body this much over the file limit is refused unread.
const MULTIPART_SLACK = 64 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, { tenant }) => {
    const flash = await readFlash(request);
    return json(
      { imports: listImports(db, tenant.id), undoableId: lastUndoableId(db), maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS, flash: flash.message },
      { headers: flash.headers },
    );
  });
}

const tooLarge = () =>
  json({ error: `Fichier trop volumineux : ${MAX_IMPORT_BYTES / 1024 / 1024} Mo au plus. Découpez-le en plusieurs fichiers.` }, { status: 413 });

export async function action({ request }: ActionFunctionArgs) {
  await requireCoach(request);
  // Refused before reading anything when the declared size is over; a chunked or lying body is
  // counted while it streams and cut at the limit (the rest is discarded by the server, unread).
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + MULTIPART_SLACK) return tooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    throw error;
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.name === "") return json({ error: "Choisissez un fichier CSV à importer." }, { status: 400 });
  const bytes = Buffer.from(await file.arrayBuffer());
  try {
    const id = await withCoachDb(request, (db) => createDraft(db, file.name, bytes));
    return redirect(`/dashboard/leads/import/${id}`);
  } catch (error) {
    if (error instanceof ImportFileError) return json({ error: error.message }, { status: error.message.startsWith("Trop de lignes") ? 413 : 400 });
    throw error;
  }
}

export default function ImportUpload() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <div>
        <Link to="/dashboard/leads" className="text-sm text-slate-600 underline">
          ← Leads
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Importer des leads (CSV)</h1>
      </div>
      <Flash message={data.flash} />
      {/* A document post even with JavaScript: the browser streams the file, the server's 413 page shows as is. */}
      <Form method="post" encType="multipart/form-data" reloadDocument className="card space-y-4" aria-labelledby="upload-title">
        <h2 id="upload-title" className="text-lg font-semibold">
          1. Déposer le fichier
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600" data-testid="import-limits">
          <li>
            Fichier CSV de <strong>{data.maxBytes / 1024 / 1024} Mo</strong> et <strong>{formatInt(data.maxRows)} lignes</strong> au plus, avec une ligne
            d'en-tête.
          </li>
          <li>Excel (« CSV séparateur point-virgule »), Google Contacts, UTF-8, UTF-16 ou Windows-1252 : l'encodage et le séparateur sont détectés.</li>
          <li>Chaque contact a besoin d'un email, d'un téléphone ou d'un identifiant Instagram. Rien n'est importé avant votre confirmation.</li>
        </ul>
        <div>
          <label htmlFor="file" className="block text-sm font-medium text-slate-700">
            Fichier
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.txt,.tsv,text/csv,text/plain"
            required
            className="mt-1 block w-full text-sm"
            aria-invalid={actionData?.error ? true : undefined}
            aria-describedby={actionData?.error ? "file-error" : undefined}
          />
          {actionData?.error ? (
            <p id="file-error" role="alert" className="mt-2 text-sm text-red-700">
              {actionData.error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn" disabled={busy}>
          {busy ? "Envoi…" : "Envoyer et associer les colonnes"}
        </button>
      </Form>
      <section className="card space-y-3" aria-labelledby="history-title">
        <h2 id="history-title" className="text-lg font-semibold">
          Imports précédents
        </h2>
        <ImportList imports={data.imports} undoableId={data.undoableId} />
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
