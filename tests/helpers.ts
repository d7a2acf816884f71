// Test helpers: a migrated control DB per test file, users of each role, signed-in requests.
import { createUserSession } from "~/auth/auth.server";
import { hashPassword } from "~/auth/password.server";
import { resetEnvForTests } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { migrateAll } from "~/lib/migrate-all.server";
import { acceptInvite, lookupInvite } from "~/platform/invites.server";
import { provisionTenant } from "~/platform/tenants.server";
import { createUser, type User } from "~/platform/users.server";

export const PASSWORD = "correct horse battery staple";
export const ORIGIN = "http://localhost";

let passwordHash: string | undefined;

export function setupTestDb() {
  resetEnvForTests();
  migrateAll();
  return controlDb();
}

async function hashed() {
  passwordHash ??= await hashPassword(PASSWORD);
  return passwordHash;
}

export async function makeStaff(role: "admin" | "support", email = `${role}@test.local`) {
  return createUser(controlDb(), { email, name: role === "admin" ? "Ada Admin" : "Sam Support", platformRole: role, passwordHash: await hashed() });
}

/** A provisioned coach whose invitation was accepted: a tenant file and a password. */
export async function makeCoach(name: string, email: string) {
  const db = controlDb();
  const { tenant, user, token } = provisionTenant(db, { name, email, specialty: "fitness" });
  const invite = lookupInvite(db, token);
  if (invite.state !== "valid") throw new Error("invite should be valid");
  acceptInvite(db, { inviteId: invite.inviteId, userId: user.id, passwordHash: await hashed() });
  return { tenant, user };
}

export async function cookieFor(user: User) {
  const response = await createUserSession(user, "/");
  const setCookie = response.headers.get("Set-Cookie");
  if (!setCookie) throw new Error("no session cookie");
  return setCookie.split(";")[0];
}

export function request(path: string, init: { method?: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  const method = init.method ?? (init.form ? "POST" : "GET");
  if (method !== "GET") {
    headers.set("Origin", headers.get("Origin") ?? ORIGIN);
  }
  const body = init.form ? new URLSearchParams(init.form) : undefined;
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

/** Runs a loader/action and returns its Response whether it was returned or thrown. */
export async function settle(result: Promise<unknown>): Promise<Response> {
  try {
    const value = await result;
    if (value instanceof Response) return value;
    return new Response(JSON.stringify(value), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export const args = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} });

export type SignedInCoach = Awaited<ReturnType<typeof makeCoach>> & { cookie: string };

/** Two coaches, each with a tenant and a signed-in session: the isolation tests' cast. */
export async function makeTwoCoaches(): Promise<{ a: SignedInCoach; b: SignedInCoach }> {
  const a = await makeCoach("Alpha Coach", "alpha@example.fr");
  const b = await makeCoach("Beta Coach", "beta@example.fr");
  return { a: { ...a, cookie: await cookieFor(a.user) }, b: { ...b, cookie: await cookieFor(b.user) } };
}
