import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { LoginSchema } from "./schemas";
import { controlDb } from "~/lib/control-db.server";
import { clientIp } from "~/lib/request.server";
import { findCoachTenant, findUserByEmail, type User } from "~/models/users.server";
import { verifyPassword } from "./password.server";
import { assertLoginAllowed, consumeLoginAttempt, resetLoginAttempts } from "./rate-limit.server";
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
    await assertLoginAllowed(email, ip);

    const user = findUserByEmail(controlDb(), email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await consumeLoginAttempt(email, ip);
      throw new LoginError(WRONG_CREDENTIALS);
    }
    if (!user.platformRole) {
      const membership = findCoachTenant(controlDb(), user.id);
      if (!membership || membership.tenant.status === "deleted") throw new LoginError("Ce compte n'existe plus.", 403);
      if (membership.tenant.status === "suspended") {
        throw new LoginError("Votre espace est suspendu. Contactez le support Coach OS pour le réactiver.", 403);
      }
    }
    await resetLoginAttempts(email);
    return user;
  }),
  "form",
);

/** Only same-site paths are honoured, so a crafted link cannot send users elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
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
