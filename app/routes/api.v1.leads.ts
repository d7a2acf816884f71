import type { ActionFunctionArgs } from "@remix-run/node";
import { handleIngest, methodNotAllowed } from "~/ingest/http.server";
import { upsertLeads } from "~/ingest/leads.server";
import { leadInput } from "~/ingest/schemas";

// POST /api/v1/leads — one lead or {"leads": [...]}, upserted on instagram_id (docs/api.md).
export async function action({ request, context }: ActionFunctionArgs) {
  return handleIngest(request, { key: "leads", item: leadInput, write: upsertLeads }, context.rawBody);
}

export const loader = () => methodNotAllowed();
