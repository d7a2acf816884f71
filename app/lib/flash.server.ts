import { redirect } from "@remix-run/node";
import { getSession, sessionStorage } from "~/auth/session.server";

/** Redirects after a successful mutation with a one-time message shown on the next page. */
export async function redirectWithFlash(request: Request, to: string, message: string) {
  const session = await getSession(request);
  session.flash("flash", message);
  return redirect(to, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

/** Reads (and consumes) the flash message; pass `headers` to the loader's response. */
export async function readFlash(request: Request) {
  const session = await getSession(request);
  const message = session.get("flash") ?? null;
  return { message, headers: { "Set-Cookie": await sessionStorage().commitSession(session) } };
}
