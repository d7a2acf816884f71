// Focus: "what must I do in the next 48 h?" (seeds/002 Vue 1).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withCoachDb } from "~/auth/guards.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { focusSummary } from "~/clients/focus.server";
import { FollowUps, MonthFigures, sessionsSentence, ToCloseList, UpcomingDays } from "~/clients/focus-sections";
import { BriefDialogProvider } from "~/clients/brief-dialog";

export const meta: MetaFunction = () => [{ title: "Focus · Coach OS" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db, { user }) => json({ firstName: user.name.split(" ")[0], ...focusSummary(db) }));
}

export default function Focus() {
  const data = useLoaderData<typeof loader>();
  const empty = !data.hasLeads && !data.hasClients;
  return (
    <BriefDialogProvider>
      <section className="space-y-6">
        <div>
          <h1 className="text-2xl font-bold">Bonjour {data.firstName}</h1>
          <p className="mt-1 text-slate-700" data-testid="focus-count">
            {data.sessionCount > 0 ? (
              sessionsSentence(data.sessionCount, data.inProgressCount)
            ) : (
              <>
                Aucune séance prévue dans les prochaines 48 h.{" "}
                {empty ? null : (
                  <Link to="/dashboard/clients" className="text-indigo-700 underline">
                    Planifier une séance avec un client
                  </Link>
                )}
              </>
            )}
          </p>
          {data.sessionCount > 0 ? (
            <p className="mt-1">
              <Link to="/dashboard/sessions/new" className="text-sm text-indigo-700 underline">
                Planifier une séance
              </Link>
            </p>
          ) : null}
        </div>
        {empty ? (
          <div className="card text-slate-700">
            <h2 className="font-semibold">Votre espace est prêt</h2>
            <p className="mt-2 text-sm">
              Aucun lead ni client pour l'instant. Connectez votre setter Instagram (N8N / ManyChat) depuis les{" "}
              <Link to="/dashboard/settings" className="text-indigo-700 underline">
                réglages
              </Link>{" "}
              : vos leads et leurs messages apparaîtront ici dès leur arrivée.
            </p>
          </div>
        ) : null}
        <UpcomingDays days={data.days} now={data.now} />
        <ToCloseList items={data.toClose.items} total={data.toClose.total} />
        {empty ? null : <FollowUps items={data.followUps.items} total={data.followUps.total} />}
        <MonthFigures revenueCents={data.month.revenueCents} sessions={data.month.sessions} />
      </section>
    </BriefDialogProvider>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
