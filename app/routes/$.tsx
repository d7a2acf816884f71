import { RouteErrorBoundary } from "~/components/route-error";

// Any URL no other route serves: a French 404 page in the app's layout (and no router
// warning carrying the URL, which may hold somebody's token, into the logs).
export function loader() {
  throw new Response("Cette page n'existe pas.", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
