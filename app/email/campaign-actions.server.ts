// The campaign page's intents (one POST form each, no JS needed): save the draft, test send,
// send now (the coach confirms the count shown), schedule, pause, resume, stop, delete, duplicate.
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import type { CoachContext } from "~/auth/guards.server";
import { appUrlOf } from "~/lib/app-url.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formatDateTime, formatInt } from "~/lib/format";
import type { TenantDb } from "~/lib/tenant-db.server";
import { DraftSchema, parisDateTime, ScheduleSchema } from "./campaign-schemas";
import {
  audienceOf,
  CampaignError,
  deleteDraft,
  duplicateCampaign,
  pauseCampaign,
  queueCampaign,
  resumeCampaign,
  sendTestEmail,
  stopCampaign,
  updateDraft,
  type CampaignRow,
} from "./campaigns.server";
import { EmailRateLimitedError } from "./email.server";

export type CampaignActionData = { error?: string; sendError?: string; values?: { scheduledAt?: string } };

const fail = (data: CampaignActionData, status = 400) => json(data, { status });

export async function campaignAction(request: Request, db: TenantDb, campaign: CampaignRow, { user, tenant }: CoachContext) {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const here = `/dashboard/email/campaigns/${campaign.id}`;
  try {
    switch (intent) {
      case "save": {
        const submission = parseWithZod(formData, { schema: DraftSchema });
        if (submission.status !== "success") return json(submission.reply(), { status: 400 });
        try {
          updateDraft(db, campaign.id, submission.value);
        } catch (error) {
          if (error instanceof CampaignError) return json(submission.reply({ fieldErrors: { [error.field]: [error.message] } }), { status: 400 });
          throw error;
        }
        return redirectWithFlash(request, here, "Brouillon enregistré.");
      }
      case "test": {
        let sent: Awaited<ReturnType<typeof sendTestEmail>>;
        try {
          sent = await sendTestEmail(db, campaign, { to: user.email, tenantId: tenant.id, appUrl: appUrlOf(request) });
        } catch (error) {
          // The campaign's own problems (no template…) are handled below like every intent's.
          if (error instanceof CampaignError) throw error;
          // Resend busy (rate limit, quota) or down/refusing: say so on the page, nothing else changes.
          if (error instanceof EmailRateLimitedError) return fail({ sendError: "L'email de test n'est pas parti : le service d'envoi est saturé pour le moment. Réessayez dans quelques minutes." }, 503);
          console.error("campaign test send failed", error);
          return fail({ sendError: "L'email de test n'est pas parti : le service d'envoi ne l'a pas accepté ou ne répond pas. Réessayez plus tard ; si cela dure, prévenez le support." }, 502);
        }
        return redirectWithFlash(request, here, `Email de test envoyé à ${user.email}${sent.via === "outbox" ? " (boîte de développement)" : ""}.`);
      }
      case "send":
      case "schedule": {
        const { audience } = audienceOf(db, campaign.segmentId);
        const count = audience.state === "ok" ? audience.count : 0;
        const values = { scheduledAt: String(formData.get("scheduledAt") ?? "") };
        if (String(formData.get("confirm") ?? "") !== String(count))
          return fail({ sendError: `Cochez la case pour confirmer l'envoi à ${formatInt(count)} contact${count > 1 ? "s" : ""} (le nombre a peut-être changé depuis l'affichage de la page).`, values });
        let scheduledAt: Date | null = null;
        if (intent === "schedule") {
          const parsed = ScheduleSchema.safeParse(values);
          if (!parsed.success) return fail({ sendError: parsed.error.issues[0].message, values });
          const at = parisDateTime(parsed.data.scheduledAt);
          if (!at.ok) return fail({ sendError: at.message, values });
          scheduledAt = at.date;
        }
        const r = await queueCampaign(db, tenant.id, campaign.id, { scheduledAt });
        const who = `${formatInt(r.recipients)} contact${r.recipients > 1 ? "s" : ""}`;
        return redirectWithFlash(request, here, scheduledAt ? `Campagne programmée le ${formatDateTime(scheduledAt)} pour ${who}.` : `Envoi lancé à ${who}.`);
      }
      case "pause":
        pauseCampaign(db, campaign.id);
        return redirectWithFlash(request, here, "Campagne mise en pause : plus aucun email ne part jusqu'à la reprise.");
      case "resume": {
        const resumed = resumeCampaign(db, tenant.id, campaign.id);
        return redirectWithFlash(request, here, resumed === "scheduled" ? "Campagne reprise : elle partira à la date prévue." : resumed === "sent" ? "Campagne reprise : tout était déjà parti, elle est terminée." : "Envoi repris.");
      }
      case "stop": {
        const cancelled = stopCampaign(db, campaign.id);
        return redirectWithFlash(request, here, `Campagne arrêtée : ${formatInt(cancelled)} email${cancelled > 1 ? "s" : ""} non envoyé${cancelled > 1 ? "s" : ""}.`);
      }
      case "delete":
        deleteDraft(db, campaign.id);
        return redirectWithFlash(request, "/dashboard/email/campaigns", "Brouillon supprimé.");
      case "duplicate":
        return redirectWithFlash(request, `/dashboard/email/campaigns/${duplicateCampaign(db, campaign.id)}`, "Copie créée : un nouveau brouillon.");
      default:
        return fail({ error: "Action inconnue." });
    }
  } catch (error) {
    if (error instanceof CampaignError) return fail(intent === "send" || intent === "schedule" ? { sendError: error.message } : { error: error.message });
    throw error;
  }
}
