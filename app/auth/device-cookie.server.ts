import crypto from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "~/env.server";
import { normalizeEmail } from "~/platform/users.server";
import { secureCookies } from "./session.server";

// OWASP "device cookies": a browser where an account signed in successfully gets a signed cookie
// naming that account and a random nonce. Sign-in attempts from it are limited per device instead
// of per account, so strangers failing on the email cannot lock the coach out of their own browser
// (decision 0003). Only the server can make one (signed with SESSION_SECRET).
const DEVICE_TTL_SECONDS = 60 * 60 * 24 * 365;
const DeviceSchema = z.object({ account: z.string(), nonce: z.string().min(16) });

let cookie: Cookie | undefined;

function deviceCookie() {
  cookie ??= createCookie("__coach_os_device", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    secrets: [getEnv().SESSION_SECRET],
    maxAge: DEVICE_TTL_SECONDS,
  });
  return cookie;
}

/**
 * The device id (nonce) when the request carries a valid device cookie of this account;
 * null without one, with another account's, or with one the server did not sign.
 */
export async function knownDevice(request: Request, email: string): Promise<string | null> {
  const parsed = DeviceSchema.safeParse(await deviceCookie().parse(request.headers.get("Cookie")));
  if (!parsed.success || parsed.data.account !== normalizeEmail(email)) return null;
  return parsed.data.nonce;
}

/** Adds a fresh device cookie for this account to a successful sign-in's response. */
export async function rememberDevice(response: Response, email: string) {
  const value = { account: normalizeEmail(email), nonce: crypto.randomBytes(18).toString("base64url") };
  response.headers.append("Set-Cookie", await deviceCookie().serialize(value));
  return response;
}
