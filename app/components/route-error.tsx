import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** Error boundary for routes: expected misses (403, 404) read as sentences, not stack traces. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : status === 404
        ? "Cette page n'existe pas."
        : error.statusText
    : "Une erreur inattendue est survenue. Réessayez dans un instant.";
  return (
    <div className="card mx-auto my-8 max-w-xl">
      <h1 className="text-xl font-bold">{status === 404 ? "Introuvable" : status === 403 ? "Accès refusé" : status === 503 ? "Indisponible pour l'instant" : "Erreur"}</h1>
      <p className="mt-3 text-slate-700">{message}</p>
      <Link to="/" className="btn-secondary mt-6">
        Retour à l'accueil
      </Link>
    </div>
  );
}
