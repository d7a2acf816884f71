import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { LoginSchema } from "./schemas";
import { controlDb } from "~/lib/control-db.server";
import { clientIp } from "~/lib/request.server";
import { findCoachTenant, findUserByEmail, type User } from "~/platform/users.server";
import { knownDevice } from "./device-cookie.server";
import { verifyPassword } from "./password.server";
import { consumeLoginAttempt, forgiveLoginAttempt } from "./rate-limit.server";
import { getSession, sessionStorage } from "./session.server";

/** A sign-in refusal the login page shows as it is. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "LoginError";
  }
}

const WRONG_CREDENTIALS = "Email ou mot de passe incorrect.";

export const authenticator = new Authenticator<User>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const parsed = LoginSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new LoginError(WRONG_CREDENTIALS);
    const { email, password } = parsed.data;
    const ip = clientIp(request);
    // Counted before the (slow) password check, so parallel attempts cannot slip through; a
    // browser this account signed in from before (device cookie) has its own limit.
    const attempt = await consumeLoginAttempt(email, ip, await knownDevice(request, email));

    const user = findUserByEmail(controlDb(), email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) throw new LoginError(WRONG_CREDENTIALS);
    if (!user.platformRole) {
      const membership = findCoachTenant(controlDb(), user.id);
      if (!membership || membership.tenant.status === "deleted") throw new LoginError("Ce compte n'existe plus.", 403);
      if (membership.tenant.status === "suspended") {
        throw new LoginError("Votre espace est suspendu. Contactez le support Coach OS pour le réactiver.", 403);
      }
    }
    await forgiveLoginAttempt(attempt);
    return user;
  }),
  "form",
);

/**
 * Only paths of this site are honoured, so a crafted link cannot send users elsewhere after
 * signing in. Browsers drop tabs and newlines from URLs (`/\t/evil` becomes `//evil`), so
 * control characters and backslashes are refused, and the path is resolved before use.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || /[\x00-\x20\x7f\\]/.test(to)) return fallback;
  const base = "http://coach-os.invalid";
  const url = new URL(to, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A fresh session id at every sign-in (no session fixation). */
export async function createUserSession(user: User, redirectTo: string) {
  const session = await sessionStorage().getSession();
  session.set("userId", user.id);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

export async function logout(request: Request) {
  const session = await getSession(request);
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}
