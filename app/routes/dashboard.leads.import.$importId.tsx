import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireCoach, withCoachDb } from "~/auth/guards.server";
import { Flash, ErrorList } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { ENCODINGS, ImportFileError, type Delimiter, type Encoding } from "~/crm/import/decode.server";
import { MappingStep, PreviewStep, ProgressView, ReportView } from "~/crm/import/import-ui";
import { draftHead, getImport, lastUndoableId, mappingHasKey, previewRows, rejectedRowsHead, runningProgress, saveMapping, startImport, startUndo, type ImportRow } from "~/crm/import/imports.server";
import { failOrphanImports, isUndoRunning } from "~/crm/import/jobs.server";
import { mappingFromForm } from "~/crm/import/mapping";
import { ImportOptionsSchema } from "~/crm/import/options";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";

export const meta: MetaFunction = () => [{ title: "Import de leads · Coach OS" }];

const DELIMITER_NAMES = { semicolon: ";", comma: ",", tab: "\t" } as const;
const nameOfDelimiter = (d: Delimiter) => (d === ";" ? "semicolon" : d === "," ? "comma" : "tab");
// Same body as any missing import: another coach's id is not in this coach's file at all.
const notFound = () => new Response("Cet import n'existe pas.", { status: 404 });

function findImport(db: TenantDb, tenantId: string, rawId: string | undefined) {
  failOrphanImports(db, tenantId);
  const imp = getImport(db, Number(rawId));
  if (!imp) throw notFound();
  return imp;
}

function summary(imp: ImportRow) {
  const { mapping: _m, ...rest } = imp;
  return rest;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db, { tenant }) => {
    const imp = findImport(db, tenant.id, params.importId);
    const flash = await readFlash(request);
    const step = new URL(request.url).searchParams.get("step");
    const data = { imp: summary(imp), flash: flash.message, view: "report" as "mapping" | "preview" | "running" | "report", mapping: imp.mapping };
    const extra: {
      header?: string[];
      samples?: string[][];
      headError?: string;
      preview?: ReturnType<typeof previewRows>;
      progress?: { processed: number; total: number; undo?: boolean };
      rejectedRows?: { line: string; reason: string }[];
      canUndo?: boolean;
    } = {};
    if (imp.status === "draft") {
      data.view = step === "preview" && mappingHasKey(imp.mapping) ? "preview" : "mapping";
      try {
        if (data.view === "preview") extra.preview = previewRows(db, imp);
        else {
          const head = draftHead(db, imp, 5);
          Object.assign(extra, { header: head.header, samples: head.rows.map((r) => r.cells) });
        }
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        Object.assign(extra, { header: [], samples: [], headError: error.message });
        data.view = "mapping";
      }
    } else if (imp.status === "running" || imp.status === "queued") {
      data.view = "running";
      extra.progress = runningProgress(tenant.id, imp);
    } else if (isUndoRunning(tenant.id, imp.id)) {
      data.view = "running";
      extra.progress = { processed: 0, total: 0, undo: true };
    } else {
      extra.rejectedRows = rejectedRowsHead(db, imp.id);
      extra.canUndo = lastUndoableId(db) === imp.id;
    }
    return json({ ...data, ...extra }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireCoach(request);
  const form = await request.formData();
  return withCoachDb(request, async (db, { tenant }) => {
    const imp = findImport(db, tenant.id, params.importId);
    const self = `/dashboard/leads/import/${imp.id}`;
    const intent = form.get("intent");
    if (intent === "undo") {
      const undo = startUndo(db, tenant.id, imp.id);
      if (!undo.ok) return json({ error: undo.error }, { status: 409 });
      return redirect(self);
    }
    if (imp.status !== "draft") return json({ error: "Cet import a déjà été lancé." }, { status: 409 });
    if (intent === "discard") {
      db.$client.prepare("DELETE FROM imports WHERE id = ? AND status = 'draft'").run(imp.id);
      return redirectWithFlash(request, "/dashboard/leads/import", "Fichier abandonné : rien n'a été importé.");
    }
    if (intent === "mapping") {
      const encoding = String(form.get("encoding")) as Encoding;
      const delimiter = DELIMITER_NAMES[String(form.get("delimiter")) as keyof typeof DELIMITER_NAMES];
      if (!ENCODINGS.includes(encoding) || !delimiter) return json({ error: "Choisissez un encodage et un séparateur de la liste." }, { status: 400 });
      try {
        const columns = draftHead(db, imp, 0).header.length;
        const saved = saveMapping(db, imp, { encoding, delimiter, mapping: mappingFromForm(form, columns) });
        if (saved.reread) return redirectWithFlash(request, `${self}?step=mapping`, "Encodage ou séparateur changé : vérifiez l'association des colonnes.");
        if (!mappingHasKey(saved.mapping)) return json({ error: "Associez au moins une colonne à l'email, au téléphone ou à l'identifiant Instagram." }, { status: 400 });
      } catch (error) {
        if (error instanceof ImportFileError) return json({ error: `Avec cet encodage et ce séparateur, le fichier est illisible : ${error.message}` }, { status: 400 });
        throw error;
      }
      return redirect(`${self}?step=preview`);
    }
    if (intent === "start") {
      const parsed = ImportOptionsSchema.safeParse(Object.fromEntries(form));
      const values = { dedupeKey: String(form.get("dedupeKey") ?? ""), onDuplicate: String(form.get("onDuplicate") ?? ""), tags: String(form.get("tags") ?? "") };
      if (!parsed.success) return json({ optionErrors: parsed.error.flatten().fieldErrors, values }, { status: 400 });
      const started = startImport(db, tenant.id, imp, parsed.data);
      if (!started.ok) return json({ error: started.error, values }, { status: 409 });
      return redirect(self);
    }
    throw new Response("Action inconnue.", { status: 400 });
  });
}

export default function ImportStep() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | { error?: string; optionErrors?: Record<string, string[] | undefined>; values?: { dedupeKey: string; onDuplicate: string; tags: string } }
    | undefined;
  const revalidator = useRevalidator();
  const running = data.view === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const { imp } = data;
  return (
    <div className="space-y-6">
      <div>
        <Link to="/dashboard/leads/import" className="text-sm text-slate-600 underline">
          ← Imports
        </Link>
        <h1 className="mt-1 break-all text-2xl font-bold">Import : {imp.fileName}</h1>
      </div>
      <Flash message={data.flash} />
      {data.view === "mapping" ? (
        <MappingStep
          id={imp.id}
          encoding={imp.encoding}
          delimiterName={nameOfDelimiter(imp.delimiter)}
          header={data.header ?? []}
          samples={data.samples ?? []}
          mapping={data.mapping}
          totalRows={imp.totalRows}
          error={actionData?.error ?? data.headError}
        />
      ) : data.view === "preview" && data.preview ? (
        <PreviewStep
          header={data.preview.header}
          mapping={data.mapping}
          rows={data.preview.rows}
          values={actionData?.values ?? { dedupeKey: imp.options.dedupeKey, onDuplicate: imp.options.onDuplicate, tags: imp.options.tags.join(", ") }}
          errors={actionData?.optionErrors}
          error={actionData?.error}
        />
      ) : running && data.progress ? (
        <ProgressView {...data.progress} />
      ) : (
        <>
          <ErrorList errors={actionData?.error ? [actionData.error] : null} />
          <ReportView imp={imp} rejectedRows={data.rejectedRows ?? []} canUndo={data.canUndo ?? false} />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
