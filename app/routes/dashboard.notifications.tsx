// /dashboard/notifications: the coach's notification centre (001 §4.2) and its preferences.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { withCoachDb } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import {
  clearReadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationPreferences,
  saveNotificationPreferences,
} from "~/email/notification-centre.server";
import { NOTIFICATION_KIND_LIST, NOTIFICATION_LABELS } from "~/email/notification-labels";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatDateTime } from "~/lib/format";
import { parseId } from "~/lib/parse-id";
import type { NotificationKind } from "../../db/tenant.schema";

export const meta: MetaFunction = () => [{ title: "Notifications · Coach OS" }];

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string() }),
  z.object({ intent: z.literal("read-all") }),
  z.object({ intent: z.literal("clear-read") }),
  z.object({ intent: z.literal("preferences"), kind: z.array(z.enum(NOTIFICATION_KIND_LIST as [NotificationKind, ...NotificationKind[]])).default([]), digest: z.literal("on").optional() }),
]);

const notFound = () => new Response("Cette notification n'existe pas (ou plus).", { status: 404 });

export async function loader({ request }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return withCoachDb(request, async (db) => {
    const flash = await readFlash(request);
    return json({ ...listNotifications(db, page), preferences: notificationPreferences(db), flash: flash.message as string | null }, { headers: flash.headers });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return withCoachDb(request, async (db) => {
    const form = await request.formData();
    const parsed = ActionSchema.safeParse({ intent: form.get("intent"), id: form.get("id") ?? undefined, kind: form.getAll("kind"), digest: form.get("digest") ?? undefined });
    if (!parsed.success) throw new Response("Action inconnue.", { status: 400 });
    const v = parsed.data;
    const back = (message: string) => redirectWithFlash(request, "/dashboard/notifications", message);
    switch (v.intent) {
      case "read": {
        // Another tenant's id is not in this file: the same 404 as a missing one.
        const id = parseId(v.id);
        if (id === null || !markNotificationRead(db, id)) throw notFound();
        return back("Notification marquée comme lue.");
      }
      case "read-all":
        markAllNotificationsRead(db);
        return back("Toutes les notifications sont lues.");
      case "clear-read": {
        const n = clearReadNotifications(db);
        return back(n ? `${n} notification${n > 1 ? "s" : ""} lue${n > 1 ? "s" : ""} effacée${n > 1 ? "s" : ""}.` : "Aucune notification lue à effacer.");
      }
      case "preferences":
        saveNotificationPreferences(db, { enabled: v.kind, digest: v.digest === "on" });
        return back("Préférences de notification enregistrées.");
    }
  });
}

export default function NotificationsPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">Notifications</h1>
        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <button name="intent" value="read-all" className="btn-secondary">
              Tout marquer comme lu
            </button>
          </Form>
          <Form method="post">
            <button name="intent" value="clear-read" className="btn-secondary">
              Effacer les notifications lues
            </button>
          </Form>
        </div>
      </div>
      <Flash message={d.flash} />
      {d.total === 0 ? (
        <p className="card text-sm text-slate-600" data-testid="notifications-empty">
          Aucune notification : les nouveaux leads, paiements, devis acceptés et fins de campagne apparaîtront ici.
        </p>
      ) : (
        <ol className="space-y-2" data-testid="notifications">
          {d.rows.map((n) => (
            <li key={n.id} className={`card flex flex-wrap items-start justify-between gap-3 ${n.readAt === null ? "border-indigo-300 bg-indigo-50" : ""}`} data-unread={n.readAt === null ? "true" : "false"}>
              <div className="min-w-0 flex-1">
                <p className="text-xs text-slate-500">
                  {NOTIFICATION_LABELS[n.kind]} · {formatDateTime(n.createdAt)}
                  {n.readAt === null ? <span className="ml-2 font-semibold text-indigo-700">Non lue</span> : null}
                </p>
                <p className="mt-1 font-medium">{n.href ? <Link to={n.href} className="text-indigo-700 underline">{n.title}</Link> : n.title}</p>
                {n.body ? <p className="mt-1 text-sm text-slate-700">{n.body}</p> : null}
              </div>
              {n.readAt === null ? (
                <Form method="post">
                  <input type="hidden" name="id" value={n.id} />
                  <button name="intent" value="read" className="btn-secondary py-1 text-xs" aria-label={`Marquer comme lu : ${n.title}`}>
                    Marquer comme lu
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {d.pageCount > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {d.page > 1 ? <Link to={`?page=${d.page - 1}`} className="text-indigo-700 underline">← Plus récentes</Link> : null}
          <span>
            Page {d.page} sur {d.pageCount}
          </span>
          {d.page < d.pageCount ? <Link to={`?page=${d.page + 1}`} className="text-indigo-700 underline">Plus anciennes →</Link> : null}
        </nav>
      ) : null}
      <section className="card space-y-3" aria-labelledby="prefs-title">
        <h2 id="prefs-title" className="text-lg font-semibold">
          Préférences
        </h2>
        <Form method="post" className="space-y-3">
          <fieldset className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <legend className="mb-2 text-sm text-slate-600">Me notifier pour :</legend>
            {NOTIFICATION_KIND_LIST.map((kind) => (
              <label key={kind} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="kind" value={kind} defaultChecked={d.preferences.enabled[kind]} /> {NOTIFICATION_LABELS[kind]}
              </label>
            ))}
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="digest" defaultChecked={d.preferences.digest} /> Résumé quotidien par email
          </label>
          <button name="intent" value="preferences" className="btn">
            Enregistrer les préférences
          </button>
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
