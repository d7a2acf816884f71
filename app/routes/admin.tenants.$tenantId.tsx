import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin, requireStaff } from "~/auth/guards.server";
import { Flash } from "~/components/forms";
import { RouteErrorBoundary } from "~/components/route-error";
import { HealthBadge, StatusBadge } from "~/components/status-badge";
import { controlDb } from "~/lib/control-db.server";
import { readFlash, redirectWithFlash } from "~/lib/flash.server";
import { formatBytes, formatDateTime, formatInt } from "~/lib/format";
import { clientIp } from "~/lib/request.server";
import { sendInvite } from "~/platform/send-invite.server";
import { tenantFileSize } from "~/lib/tenant-db.server";
import { recordAudit } from "~/platform/audit.server";
import { recheckTenant } from "~/platform/migrate-platform.server";
import { deleteTenant, findTenant, setTenantStatus, tenantOwner, tenantStatsOf } from "~/platform/tenants.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tenant.name ?? "Coach"} · Coach OS admin` }];

function loadTenant(tenantId: string | undefined) {
  const tenant = findTenant(controlDb(), tenantId ?? "");
  if (!tenant || tenant.status === "deleted") throw new Response("Ce coach n'existe pas (ou a été supprimé).", { status: 404 });
  return tenant;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const tenant = loadTenant(params.tenantId);
  const owner = tenantOwner(controlDb(), tenant.id);
  const file = tenantFileSize(tenant.id);
  const stats = tenantStatsOf(controlDb(), tenant.id);
  const flash = await readFlash(request);
  return json(
    {
      tenant,
      owner: owner ? { email: owner.email, name: owner.name, invited: !owner.hasPassword } : null,
      file,
      health: { health: stats?.health ?? "ok", reason: stats?.healthReason ?? null, checkedAt: stats?.healthCheckedAt ?? null },
      leadCount: stats?.leadCount ?? null,
      isAdmin: user.platformRole === "admin",
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const tenant = loadTenant(params.tenantId);
  const db = controlDb();
  const form = await request.formData();
  const ip = clientIp(request);
  const here = `/admin/tenants/${tenant.id}`;

  switch (form.get("intent")) {
    case "suspend":
      setTenantStatus(db, tenant.id, "suspended");
      recordAudit(db, { actor: admin, action: "tenant.suspend", tenantId: tenant.id, ip });
      return redirectWithFlash(request, here, "Espace suspendu : le coach est déconnecté et l'ingestion est refusée.");
    case "recheck": {
      // After support restored the file: the boot-time check for this tenant alone.
      const outcome = await recheckTenant(tenant.id);
      const ok = !("error" in outcome);
      recordAudit(db, { actor: admin, action: "tenant.recheck", tenantId: tenant.id, ip, details: { ok } });
      return redirectWithFlash(request, here, ok ? "Fichier vérifié : il est sain, le coach a de nouveau accès à son espace." : `Le fichier est toujours indisponible : ${outcome.error}`);
    }
    case "reactivate":
      setTenantStatus(db, tenant.id, "active");
      recordAudit(db, { actor: admin, action: "tenant.reactivate", tenantId: tenant.id, ip });
      return redirectWithFlash(request, here, "Espace réactivé.");
    case "resend-invite": {
      const owner = tenantOwner(db, tenant.id);
      if (!owner) return json({ error: "Ce coach n'a pas de compte propriétaire." }, { status: 400 });
      // Once the password is set, an invitation link would be a password reset: refused.
      if (owner.hasPassword) return json({ error: "Ce coach a déjà choisi son mot de passe : pas de nouvelle invitation." }, { status: 400 });
      const emailError = await sendInvite(request, { user: owner, tenantId: tenant.id });
      return redirectWithFlash(request, here, emailError ? `L'email n'a pas pu partir : ${emailError}` : `Nouvelle invitation envoyée à ${owner.email}.`);
    }
    case "delete": {
      // Second step of the deletion: the admin typed the slug to confirm.
      if (String(form.get("confirmSlug") ?? "").trim() !== tenant.slug) {
        return json({ error: `Pour confirmer, saisissez exactement « ${tenant.slug} ».` }, { status: 400 });
      }
      deleteTenant(db, tenant.id);
      recordAudit(db, { actor: admin, action: "tenant.delete", tenantId: tenant.id, ip, details: { slug: tenant.slug, name: tenant.name } });
      return redirectWithFlash(request, "/admin", `L'espace « ${tenant.name} » et son fichier ont été supprimés.`);
    }
    default:
      return json({ error: "Action inconnue." }, { status: 400 });
  }
}

export default function TenantDetail() {
  const { tenant, owner, file, health, leadCount, isAdmin, flash } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const confirmingDelete = params.get("confirm") === "delete" || Boolean(actionData?.error?.startsWith("Pour confirmer"));
  return (
    <section className="space-y-6">
      <Link to="/admin" className="text-sm text-indigo-700 hover:underline">
        ← Tous les coachs
      </Link>
      <Flash message={flash} />
      {actionData?.error ? <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">{actionData.error}</p> : null}
      <div className="card">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{tenant.name}</h1>
          <StatusBadge status={tenant.status} />
          <HealthBadge health={health.health} reason={health.reason} />
        </div>
        {health.health === "unavailable" ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-800">
            Fichier indisponible{health.checkedAt ? ` (constaté le ${formatDateTime(health.checkedAt)})` : ""} : {health.reason}. Le coach voit
            une page « espace indisponible » et l'ingestion répond 503. Restaurez le fichier depuis la sauvegarde, puis cliquez sur
            « Vérifier le fichier ».
          </p>
        ) : null}
        <dl className="mt-4 grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
          <Item label="Slug" value={tenant.slug} />
          <Item label="Spécialité" value={tenant.specialty} />
          <Item label="Identifiant" value={tenant.id} />
          <Item label="Créé le" value={formatDateTime(tenant.createdAt)} />
          <Item label="Coach" value={owner ? `${owner.name} <${owner.email}>${owner.invited ? " — invitation en attente" : ""}` : "—"} />
          <Item label="Fichier" value={file ? `${formatBytes(file.bytes)}, dernière écriture ${formatDateTime(file.lastWriteAt)}` : "fichier absent"} />
          <Item label="Leads" value={leadCount === null ? "—" : formatInt(leadCount)} />
        </dl>
        <div className="mt-6 flex flex-wrap gap-3">
          <a href={`/admin/tenants/${tenant.id}/export.sqlite`} className="btn-secondary" download>
            Exporter (RGPD, .sqlite)
          </a>
          {isAdmin ? (
            <>
              {health.health === "unavailable" ? (
                <Form method="post">
                  <button name="intent" value="recheck" className="btn-secondary">
                    Vérifier le fichier
                  </button>
                </Form>
              ) : null}
              <Form method="post">
                {tenant.status === "active" ? (
                  <button name="intent" value="suspend" className="btn-secondary">
                    Suspendre
                  </button>
                ) : (
                  <button name="intent" value="reactivate" className="btn-secondary">
                    Réactiver
                  </button>
                )}
              </Form>
              {owner?.invited ? (
                <Form method="post">
                  <button name="intent" value="resend-invite" className="btn-secondary">
                    Renvoyer l'invitation
                  </button>
                </Form>
              ) : null}
              {!confirmingDelete ? (
                <Link to="?confirm=delete" className="btn-danger">
                  Supprimer…
                </Link>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
      {isAdmin && confirmingDelete ? (
        <Form method="post" className="card space-y-3 border-red-300">
          <h2 className="text-lg font-semibold text-red-800">Supprimer définitivement cet espace ?</h2>
          <p className="text-sm text-slate-700">
            Le fichier de données du coach et son compte seront supprimés. Pensez à exporter le fichier avant. Cette action est
            enregistrée dans le journal d'audit et ne peut pas être annulée.
          </p>
          <label className="block text-sm font-medium" htmlFor="confirmSlug">
            Saisissez <code className="rounded bg-slate-100 px-1">{tenant.slug}</code> pour confirmer
          </label>
          <input id="confirmSlug" name="confirmSlug" className="input" autoComplete="off" required />
          <div className="flex gap-3">
            <button name="intent" value="delete" className="btn-danger">
              Supprimer définitivement
            </button>
            <Link to="." className="btn-secondary">
              Annuler
            </Link>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all font-medium">{value}</dd>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
