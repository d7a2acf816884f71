import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BillingError } from "~/billing/billing-error";
import { publicAnswerThrottle, withPublicQuote } from "~/billing/public-quote.server";
import { QuoteAcceptanceRecord } from "~/billing/quote-acceptance-record";
import { QuoteDocument } from "~/billing/quote-document";
import { quoteView } from "~/billing/quote-page.server";
import { acceptQuote, refuseQuote } from "~/billing/quotes.server";
import { ErrorList, FormErrors } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { assertSameOrigin, clientIp } from "~/lib/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Devis ${data?.q.number ?? ""} · ${data?.q.seller.tradeName ?? data?.q.seller.legalName ?? ""}` },
  { name: "robots", content: "noindex, nofollow" },
];

const PRIVATE_HEADERS = { "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "same-origin", "Cache-Control": "private, no-store" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

export async function loader({ params }: LoaderFunctionArgs) {
  return withPublicQuote(params.token, (db, quote) => {
    const q = quoteView(db, quote);
    // The page never shows the acceptance IP, nor the ids of the coach's rows.
    const acceptance = q.acceptance ? { ...q.acceptance, ip: null } : null;
    return json({ q: { ...q, acceptance, clientId: null, leadId: null, publicToken: null, depositInvoice: null, balanceInvoice: null }, token: params.token! }, { headers: PRIVATE_HEADERS });
  });
}

const AcceptSchema = z.object({
  intent: z.literal("accept"),
  name: z.string().trim().min(1, "Tapez votre nom complet.").max(200, "200 caractères au plus."),
  terms: z.literal("on", { errorMap: () => ({ message: "Cochez la case pour accepter le devis et les conditions générales de vente." }) }),
  earlyStart: z.literal("on").optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  return withPublicQuote(params.token, async (db, quote) => {
    const fd = Object.fromEntries(await request.formData());
    const values = { name: String(fd.name ?? ""), earlyStart: fd.earlyStart === "on" };
    const wait = await publicAnswerThrottle(params.token!, clientIp(request));
    if (wait !== null) return json({ values, errors: { form: "Trop de tentatives : réessayez dans quelques minutes." } as Record<string, string> }, { status: 429, headers: { "Retry-After": String(wait) } });
    try {
      if (fd.intent === "refuse") {
        refuseQuote(db, quote.id, { by: "client" });
      } else {
        const parsed = AcceptSchema.safeParse(fd);
        if (!parsed.success) return json({ values, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 });
        acceptQuote(db, quote.id, { name: parsed.data.name, ip: clientIp(request), earlyStart: parsed.data.earlyStart === "on" });
      }
    } catch (error) {
      if (error instanceof BillingError) return json({ values, errors: { form: error.message } as Record<string, string> }, { status: 409 });
      throw error;
    }
    return redirect(`/q/${params.token}`, { headers: PRIVATE_HEADERS });
  });
}

export default function PublicQuote() {
  const { q, token } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors = a?.errors ?? {};
  const privateBuyer = q.buyer?.kind !== "business";
  const seller = q.seller.tradeName || q.seller.legalName;
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-4">
      <p className="text-sm text-slate-600">Devis de {seller}</p>
      <QuoteDocument q={q} />
      <a href={`/q/${token}/pdf`} className="btn-secondary">
        Télécharger le PDF
      </a>
      {q.status === "accepted" && q.acceptance ? <QuoteAcceptanceRecord acceptance={q.acceptance} /> : null}
      {q.status === "refused" ? <p className="card text-sm text-red-800" data-testid="quote-answer">Vous avez refusé ce devis. Pour en reparler, contactez {seller}.</p> : null}
      {q.status === "expired" ? <p className="card text-sm text-amber-800" data-testid="quote-answer">Ce devis a expiré : demandez-en un nouveau à {seller}.</p> : null}
      {q.status === "sent" ? (
        <section className="card space-y-4" aria-labelledby="accept-title">
          <h2 id="accept-title" className="text-lg font-semibold">
            Bon pour accord
          </h2>
          <FormErrors errors={errors.form ? [errors.form] : null} />
          <Form method="post" className="space-y-4" noValidate>
            <div>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="terms" className="mt-1" aria-invalid={errors.terms ? true : undefined} />
                <span>J'ai lu et j'accepte le devis et les conditions générales de vente</span>
              </label>
              <ErrorList errors={errors.terms ? [errors.terms] : null} />
            </div>
            {privateBuyer ? (
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="earlyStart" className="mt-1" defaultChecked={a?.values.earlyStart} />
                <span>Je demande le commencement de la prestation avant la fin du délai de rétractation de 14 jours (facultatif)</span>
              </label>
            ) : null}
            <div>
              <label htmlFor="accept-name" className="block text-sm font-medium text-slate-700">
                Votre nom complet
              </label>
              <input id="accept-name" name="name" autoComplete="name" defaultValue={a?.values.name ?? ""} className="input mt-1" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "accept-name-error" : undefined} />
              <ErrorList id="accept-name-error" errors={errors.name ? [errors.name] : null} />
            </div>
            <div className="flex flex-wrap gap-3">
              <button type="submit" name="intent" value="accept" className="btn">
                Accepter le devis
              </button>
              <button type="submit" name="intent" value="refuse" className="btn-secondary">
                Refuser
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
