import type { ActionFunctionArgs } from "@remix-run/node";
import { handleIngest, methodNotAllowed } from "~/ingest/http.server";
import { ingestMessages } from "~/ingest/messages.server";
import { messageInput } from "~/ingest/schemas";

// POST /api/v1/messages — one message or {"messages": [...]}, deduplicated on external_id (docs/api.md).
export async function action({ request, context }: ActionFunctionArgs) {
  return handleIngest(request, { key: "messages", item: messageInput, write: ingestMessages }, context.rawBody);
}

export const loader = () => methodNotAllowed();
