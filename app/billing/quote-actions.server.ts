// (settings incomplete, already invoiced…) come back as a message with status 400.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { CoachContext } from "~/auth/guards.server";
import { redirectWithFlash } from "~/lib/flash.server";
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { invoicePdf } from "./pdf/documents.server";
import { invoiceFromQuote } from "./quote-invoices.server";
import { emailQuote, sendQuoteNow } from "./quote-send.server";
import { deleteDraftQuote, duplicateQuote, refuseQuote, type Quote } from "./quotes.server";
import { appUrlOf } from "~/lib/app-url.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("resend") }),
  z.object({ intent: z.literal("delete") }),
  z.object({ intent: z.literal("duplicate") }),
  z.object({ intent: z.literal("refuse") }),
  z.object({ intent: z.literal("invoice"), part: z.enum(["deposit", "balance", "full"]) }),
]);

const PART_DONE = { deposit: "Facture d'acompte", balance: "Facture de solde", full: "Facture" } as const;

export async function quoteAction(request: Request, db: TenantDb, quote: Quote, { user, tenant }: CoachContext) {
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Action inconnue." }, { status: 400 });
  const v = parsed.data;
  const here = `/dashboard/quotes/${quote.id}`;
  const sendCtx = { tenantId: tenant.id, coachEmail: user.email, coachName: user.name, appUrl: appUrlOf(request) };
  try {
    switch (v.intent) {
      case "send": {
        const { number, emailError } = await sendQuoteNow(db, quote.id, sendCtx);
        return redirectWithFlash(request, here, emailError ? `Devis ${number} envoyé, mais l'email n'est pas parti : ${emailError}` : `Devis ${number} envoyé au client.`);
      }
      case "resend": {
        if (quote.status === "draft") throw new BillingError("Envoyez d'abord le devis.");
        const emailError = await emailQuote(db, quote.id, sendCtx);
        return emailError ? json({ error: emailError }, { status: 400 }) : redirectWithFlash(request, here, "Devis renvoyé par email.");
      }
      case "delete":
        deleteDraftQuote(db, quote.id);
        return redirectWithFlash(request, "/dashboard/quotes", "Brouillon supprimé.");
      case "duplicate": {
        const id = duplicateQuote(db, quote.id);
        return redirectWithFlash(request, `/dashboard/quotes/${id}`, "Copie créée : un nouveau brouillon à modifier puis envoyer.");
      }
      case "refuse":
        refuseQuote(db, quote.id, { by: "coach" });
        return redirectWithFlash(request, here, "Devis marqué refusé.");
      case "invoice": {
        const { invoiceId, number } = invoiceFromQuote(db, quote.id, v.part, { tenantId: tenant.id, coachEmail: user.email });
        await invoicePdf(db, invoiceId); // stored as issued
        return redirectWithFlash(request, here, `${PART_DONE[v.part]} n° ${number} émise.`);
      }
    }
  } catch (error) {
    if (error instanceof BillingError) return json({ error: error.message }, { status: error.code === "not_found" ? 404 : 400 });
    throw error;
  }
}
