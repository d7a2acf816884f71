// /u/:token — the unsubscribe link of every marketing email (no account). GET shows a
// confirmation, POST unsubscribes: the page's button, or a mailbox provider's RFC 8058
// one-click POST (`List-Unsubscribe=One-Click`, no cookies, no Origin check: see
// app/lib/http/cross-site.ts). Both answer 200.
import { json, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/route-error";
import { isUnsubscribed, unsubscribe, withUnsubscribeLink } from "~/email/unsubscribe.server";

const PRIVATE_HEADERS = { "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "same-origin", "Cache-Control": "private, no-store" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

export const meta: MetaFunction = () => [{ title: "Désinscription" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return withUnsubscribeLink(params.token, (db, link) => json({ sender: link.sender, done: isUnsubscribed(db, link.emailHash) }, { headers: PRIVATE_HEADERS }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "GET, POST" } });
  return withUnsubscribeLink(params.token, (db, link) => {
    unsubscribe(db, link);
    return json({ sender: link.sender, done: true }, { headers: PRIVATE_HEADERS });
  });
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const after = useActionData<typeof action>();
  const { sender, done } = after ?? page;
  return (
    <main className="mx-auto max-w-lg p-4">
      <div className="card space-y-4">
        {done ? (
          <>
            <h1 className="text-xl font-bold" data-testid="unsubscribed">
              Vous êtes désinscrit
            </h1>
            <p className="text-slate-700">Vous ne recevrez plus les emails de {sender}. Les emails liés à vos achats (factures, reçus) peuvent encore vous parvenir.</p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-bold">Ne plus recevoir les emails de {sender}</h1>
            <p className="text-slate-700">Confirmez pour ne plus recevoir ses emails d'information et ses offres.</p>
            <Form method="post">
              <button type="submit" className="btn">
                Me désinscrire
              </button>
            </Form>
          </>
        )}
      </div>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
