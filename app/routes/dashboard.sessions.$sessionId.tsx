import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { invoiceOfSession } from "~/billing/billed-by.server";
import { shortParis } from "~/clients/paris-time";
import { SessionActions } from "~/clients/session-actions";
import { SessionHeader } from "~/clients/session-header";
import { loadSessionPage, requireSession, sessionAction } from "~/clients/session-page.server";
import { GoalsForm, MomentsRead, RecordingForm, SessionRecord } from "~/clients/session-recording";
import { START_EARLY_MINUTES, startOpensAt } from "~/clients/session-start";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { readFlash } from "~/lib/flash.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Séance · ${data?.session.clientName ?? ""} · Coach OS` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const session = requireSession(db, params.sessionId);
    const flash = await readFlash(request);
    return json({ ...loadSessionPage(db, session), billedBy: invoiceOfSession(db, session.id), now: Date.now(), flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const session = requireSession(db, params.sessionId);
    return sessionAction(request, db, session, await request.formData());
  });
}

export default function SessionPage() {
  const { session, moments, goals, flash, now, billedBy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : null);
  const started = session.startedAt !== null;
  const during = session.status === "confirmed" && started;
  // Before it starts, the page is about the booking; once started (or done), about the session.
  const recordable = during || session.status === "completed";
  return (
    <div className="space-y-6">
      <SessionHeader session={session} />
      {billedBy ? (
        <p className="text-sm" data-testid="session-billed">
          <Link to={`/dashboard/invoices/${billedBy.id}`} className="font-medium text-indigo-700 underline">
            {billedBy.number ? `Facturée — n° ${billedBy.number}` : "Dans une facture en brouillon"}
          </Link>
        </p>
      ) : null}
      <Flash message={flash} />
      {actionData?.refused ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm font-semibold text-red-800">{actionData.refused}</p>
      ) : null}
      {session.status === "confirmed" && !started && now >= startOpensAt(session).getTime() ? (
        <Form method="post" className="card flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">Le client est là ? Démarrez la séance pour prendre vos notes et marquer les moments clés.</p>
          <button name="intent" value="start" className="btn">Démarrer la séance</button>
        </Form>
      ) : null}
      {session.status === "confirmed" && !started && now < startOpensAt(session).getTime() ? (
        <p className="card text-sm text-slate-700" data-testid="start-later">
          Vous pourrez démarrer la séance {START_EARLY_MINUTES} minutes avant son heure, à partir du {shortParis(startOpensAt(session))}.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {session.status === "completed" ? <SessionRecord summary={session.summary} agreed={session.agreed} /> : null}
          {recordable ? (
            <RecordingForm key={session.status} moments={moments} notes={session.notes} summary={session.summary} agreed={session.agreed} during={during} actionData={actionData} />
          ) : (
            <MomentsRead moments={moments} />
          )}
        </div>
        <div className="space-y-6">
          {recordable ? <GoalsForm key={session.updatedAt} goals={goals} editable /> : null}
          <SessionActions
            status={session.status}
            started={started}
            past={session.scheduledAt <= now}
            paid={session.paidAt !== null}
            paris={session.paris}
            durationMinutes={session.durationMinutes}
            rescheduleResult={resultFor("reschedule")}
          />
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
