// "Envoyer le devis": number and freeze it (markQuoteSent), then email it with its PDF and the
// acceptance link. The email is a second step: if it fails, the quote stays sent (its number is
// taken, the public link works) and the coach is told, to send the link another way or retry.
import type { TenantDb } from "~/lib/tenant-db.server";
import { BillingError } from "./billing-error";
import { markQuoteSent } from "./quotes.server";
import { sendQuote } from "./send.server";

export const publicQuotePath = (token: string) => `/q/${token}`;

export type QuoteSendContext = { tenantId: string; coachEmail: string | null; coachName: string; appUrl: string; now?: Date };

export async function sendQuoteNow(db: TenantDb, quoteId: number, ctx: QuoteSendContext): Promise<{ number: string; emailError: string | null }> {
  const { number } = markQuoteSent(db, quoteId, ctx);
  return { number, emailError: await emailQuote(db, quoteId, ctx) };
}

/** Emails a sent quote (again); returns the French reason when it could not go. */
export async function emailQuote(db: TenantDb, quoteId: number, ctx: QuoteSendContext): Promise<string | null> {
  try {
    await sendQuote(db, quoteId, { tenantId: ctx.tenantId, appUrl: ctx.appUrl, coachName: ctx.coachName, now: ctx.now });
    return null;
  } catch (error) {
    if (error instanceof BillingError) return error.message;
    console.error(`[tenant ${ctx.tenantId}] quote ${quoteId}: email failed`, error);
    return "L'email n'a pas pu partir. Le devis est bien envoyé : copiez son lien public pour le transmettre, ou réessayez plus tard.";
  }
}
