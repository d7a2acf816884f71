import { inviteEmail, sendEmail } from "~/email/email.server";
import { controlDb } from "~/lib/control-db.server";
import { createInvite, INVITE_TTL_MS } from "./invites.server";
import { appUrlOf } from "~/lib/app-url.server";

/**
 * Emails a one-time invitation link. Returns an error sentence instead of throwing:
 * the tenant exists either way and the admin can resend from its page.
 */
export async function sendInvite(request: Request, invite: { token?: string; user: { id: string; email: string; name: string }; tenantId: string }) {
  const token = invite.token ?? createInvite(controlDb(), { userId: invite.user.id, tenantId: invite.tenantId });
  const base = appUrlOf(request);
  try {
    await sendEmail({
      to: invite.user.email,
      ...inviteEmail({ name: invite.user.name, url: `${base}/invite/${token}`, expiresAt: new Date(Date.now() + INVITE_TTL_MS) }),
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : "erreur inconnue";
  }
}
