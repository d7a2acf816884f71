// The coach's notifications for what one API request brought: one per kind and batch.
import { notify } from "~/email/notifications.server";
import type { TenantDb } from "~/lib/tenant-db.server";

/** What the batch's notifications say: the leads it created and the ones it moved to won. */
export type Noticed = { created: { id: number; name: string }[]; won: { id: number; name: string }[] };

export const nameOf = (l: { firstName?: string | null; lastName?: string | null; username?: string | null; instagramId: string }) =>
  [l.firstName, l.lastName].filter(Boolean).join(" ") || (l.username ? `@${l.username}` : l.instagramId);

/**
 * One notification per kind and batch (never one per lead: a batch of 500 is one line in the
 * coach's centre): the lead itself when there is one, else how many, linking to the list.
 */
export function notifyBatch(db: TenantDb, { created, won = [] }: { created: Noticed["created"]; won?: Noticed["won"] }, now: Date) {
  if (created.length === 1) notify(db, "lead_new", { title: `Nouveau lead : ${created[0].name}`, body: "Reçu par l'API (N8N, ManyChat).", href: `/dashboard/leads/${created[0].id}` }, now);
  else if (created.length > 1) notify(db, "lead_new", { title: `${created.length} nouveaux leads`, body: "Reçus par l'API (N8N, ManyChat).", href: "/dashboard/leads" }, now);
  if (won.length === 1) notify(db, "lead_won", { title: `Lead gagné : ${won[0].name}`, href: `/dashboard/leads/${won[0].id}` }, now);
  else if (won.length > 1) notify(db, "lead_won", { title: `${won.length} leads gagnés`, body: "Passés à « Gagné » par l'API.", href: "/dashboard/leads?status=won" }, now);
}
