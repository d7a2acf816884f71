// GET /dashboard/settings/logo: the signed-in coach's logo (<img src="/dashboard/settings/logo">),
// read from the session's tenant file only; 404 when that coach has none.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCoachDb } from "~/auth/guards.server";
import { logoResponse, readLogo } from "~/billing/logo.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return withCoachDb(request, (db) => {
    const logo = readLogo(db);
    if (!logo) throw new Response("Aucun logo.", { status: 404, headers: { "Cache-Control": "private, no-store" } });
    return logoResponse(logo);
  });
}
