// "Paiement en ligne (Stripe)" in /dashboard/settings: the coach connects their own Stripe
// account (Stripe-hosted onboarding); a real POST form, so it works without JavaScript.
import { Form } from "@remix-run/react";
import type { StripeConnectState } from "./stripe-connect.server";

const STATUS_TEXT = {
  not_connected: "Aucun compte Stripe connecté : vos clients paient par virement (ou vous marquez les factures payées à la main).",
  onboarding: "Compte Stripe créé, inscription à terminer : Stripe doit encore vérifier quelques informations avant d'accepter des paiements.",
  enabled: "Paiements par carte activés : vos clients peuvent payer leurs factures en ligne, l'argent arrive sur votre compte Stripe.",
} as const;

export function StripeConnectPanel({ state }: { state: StripeConnectState }) {
  return (
    <section className="card space-y-3" aria-labelledby="stripe-title" id="stripe">
      <h2 id="stripe-title" className="text-lg font-semibold">
        Paiement en ligne (Stripe)
      </h2>
      {!state.configured ? (
        <p className="text-sm text-slate-600" data-testid="stripe-state">
          Le paiement en ligne n'est pas configuré sur cette installation de Coach OS. « Marquer comme payée » reste disponible sur chaque facture.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="stripe-state" data-status={state.status}>
            {STATUS_TEXT[state.status]}
          </p>
          {state.status !== "enabled" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="stripe-connect" />
              <button type="submit" className="btn">
                {state.status === "not_connected" ? "Connecter mon compte Stripe" : "Terminer mon inscription Stripe"}
              </button>
            </Form>
          ) : (
            <p className="text-xs text-slate-500">Compte {state.accountId}</p>
          )}
        </>
      )}
    </section>
  );
}
