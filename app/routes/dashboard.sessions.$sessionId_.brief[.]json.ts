// The data of Focus's pre-brief dialog (fetcher.load). A session deleted or cancelled-and-gone
// meanwhile must not replace Focus with the error boundary (a thrown 404 would): the 404 is a
// returned JSON `{ brief: null }` the dialog shows as "Pré-brief indisponible".
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { requireBrief, type Brief } from "~/clients/brief.server";

export type BriefJson = { sessionId: string; brief: Brief | null };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  return withCoachDb(request, (db) => {
    try {
      return json<BriefJson>({ sessionId, brief: requireBrief(db, params.sessionId) });
    } catch (error) {
      if (error instanceof Response && error.status === 404) return json<BriefJson>({ sessionId, brief: null }, { status: 404 });
      throw error;
    }
  });
}
