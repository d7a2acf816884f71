import { Form } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";

export type TokenRow = { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function ApiTokensPanel({ tokens, createdToken, nameError }: { tokens: TokenRow[]; createdToken: string | null; nameError?: string }) {
  return (
    <section className="card space-y-4" aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="text-lg font-semibold">
        Jetons d'API (N8N, ManyChat)
      </h2>
      <p className="text-sm text-slate-600">Un jeton par outil : il permet d'envoyer des leads et des messages dans votre espace, rien d'autre.</p>
      {createdToken ? (
        <div className="rounded-lg border border-emerald-300 bg-emerald-50 p-3" role="status">
          <p className="text-sm font-semibold text-emerald-900">Jeton créé. Copiez-le maintenant : il ne sera plus jamais affiché.</p>
          <input readOnly value={createdToken} aria-label="Nouveau jeton" data-testid="new-token" className="input mt-2 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="token-name" className="block text-sm font-medium text-slate-700">
            Nom du jeton
          </label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={60}
            placeholder="N8N production"
            className="input mt-1"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "token-name-error" : undefined}
          />
          {nameError ? (
            <p id="token-name-error" className="mt-1 text-sm text-red-700" role="alert">
              {nameError}
            </p>
          ) : null}
        </div>
        <button name="intent" value="create-token" className="btn">
          Créer un jeton
        </button>
      </Form>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">Aucun jeton pour l'instant.</p>
      ) : (
        <div className="table-wrap">
          <table className="min-w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Nom</th>
                <th className="py-1 pr-3 font-medium">Début</th>
                <th className="py-1 pr-3 font-medium">Créé le</th>
                <th className="py-1 pr-3 font-medium">Dernière utilisation</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-t border-slate-100" data-token-name={t.name}>
                  <td className="py-2 pr-3 font-medium">{t.name}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{t.prefix}…</td>
                  <td className="py-2 pr-3">{formatDateTime(t.createdAt)}</td>
                  <td className="py-2 pr-3">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "jamais"}</td>
                  <td className="py-2">
                    {t.revokedAt ? (
                      <span className="text-xs text-slate-500">révoqué le {formatDateTime(t.revokedAt)}</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="tokenId" value={t.id} />
                        <button name="intent" value="revoke-token" className="btn-secondary px-3 py-1 text-xs">
                          Révoquer
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
