import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useNonce } from "./components/nonce";
import styles from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 32 32%22%3E%3Crect width=%2232%22 height=%2232%22 rx=%226%22 fill=%22%234f46e5%22/%3E%3C/svg%3E" },
];

export const meta: MetaFunction = () => [{ title: "Coach OS" }];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="fr" className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-bold">{isRouteErrorResponse(error) ? `Erreur ${error.status}` : "Une erreur est survenue"}</h1>
      <p className="mt-4 text-slate-700">
        {isRouteErrorResponse(error)
          ? typeof error.data === "string"
            ? error.data
            : error.statusText
          : "Nous n'avons pas pu afficher cette page. Réessayez dans un instant."}
      </p>
      <a className="btn mt-6" href="/">
        Retour à l'accueil
      </a>
    </main>
  );
}
