import { redirect } from "@remix-run/node";
import type { PlatformRole } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";
import { SchemaBehindError } from "~/lib/migrations.server";
import { assertSameOrigin } from "~/lib/request.server";
import { noteTenant } from "~/lib/request-context.server";
import { TenantUnavailableError, type TenantDb } from "~/lib/tenant-db.server";
import { noteTenantWrite, withReportedTenantDb } from "~/platform/tenant-health.server";
import { findCoachTenant, findUserById, type User } from "~/platform/users.server";
import { getSession, sessionStorage } from "./session.server";

export async function getUserId(request: Request) {
  const session = await getSession(request);
  return session.get("userId") ?? null;
}

export async function getUser(request: Request) {
  const userId = await getUserId(request);
  return userId ? (findUserById(controlDb(), userId) ?? null) : null;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  return redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

function forbidden(what: string) {
  return new Response(`Accès refusé : ${what}.`, { status: 403 });
}

/**
 * Every guard checks the Origin of mutations, so each action gets CSRF protection
 * by starting with its guard.
 */
export async function requireUser(request: Request): Promise<User> {
  assertSameOrigin(request);
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

export async function requireAnonymous(request: Request) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
}

export function homeFor(user: Pick<User, "platformRole">) {
  return user.platformRole ? "/admin" : "/dashboard";
}

/** Admin and support may read the admin area; only admins may change anything. */
export async function requireStaff(request: Request) {
  const user = await requireUser(request);
  if (!user.platformRole) throw forbidden("réservé à l'équipe Coach OS (admin ou support)");
  return user as User & { platformRole: PlatformRole };
}

export async function requireAdmin(request: Request) {
  const user = await requireUser(request);
  if (user.platformRole !== "admin") throw forbidden("réservé aux administrateurs");
  return user;
}

export type CoachContext = { user: User; tenant: NonNullable<ReturnType<typeof findCoachTenant>>["tenant"] };

// The layout and the page of one request both ask: resolve the coach once per request.
const coachOfRequest = new WeakMap<Request, Promise<CoachContext>>();

/**
 * A coach and their tenant, resolved from the session's user — never from the URL
 * or a form field. A suspended or deleted tenant ends the session.
 */
export function requireCoach(request: Request): Promise<CoachContext> {
  let ctx = coachOfRequest.get(request);
  if (!ctx) coachOfRequest.set(request, (ctx = resolveCoach(request)));
  return ctx;
}

async function resolveCoach(request: Request): Promise<CoachContext> {
  const user = await requireUser(request);
  if (user.platformRole) throw redirect("/admin");
  const membership = findCoachTenant(controlDb(), user.id);
  if (!membership || membership.tenant.status !== "active") {
    const session = await getSession(request);
    throw redirect("/login?reason=suspended", {
      headers: { "Set-Cookie": await sessionStorage().destroySession(session) },
    });
  }
  noteTenant(membership.tenant.id);
  return { user, tenant: membership.tenant };
}

/** What a coach sees while their file cannot be used; support sees the tenant flagged in /admin. */
export const TENANT_UNAVAILABLE_MESSAGE =
  "Votre espace est momentanément indisponible. Le support Coach OS est prévenu et s'en occupe ; réessayez un peu plus tard.";

/**
 * requireCoach + the tenant database for the duration of `fn`. A file left behind by a
 * deploy is refused (never used) and the coach gets a clear 503 instead of a crash page; so
 * does a coach whose file is damaged or missing (reported to support), while every other
 * coach is served as usual.
 */
export async function withCoachDb<T>(request: Request, fn: (db: TenantDb, ctx: CoachContext) => T | Promise<T>) {
  const ctx = await requireCoach(request);
  try {
    return await withReportedTenantDb(ctx.tenant.id, async (db) => {
      const result = await fn(db, ctx);
      if (request.method !== "GET" && request.method !== "HEAD") noteTenantWrite(ctx.tenant.id, db);
      return result;
    });
  } catch (error) {
    if (error instanceof SchemaBehindError) {
      console.error(`[tenant ${ctx.tenant.id}] ${error.message}`);
      throw new Response("Votre espace est en cours de mise à jour. Réessayez dans quelques minutes ; si cela dure, contactez le support.", {
        status: 503,
        headers: { "Retry-After": "120" },
      });
    }
    if (error instanceof TenantUnavailableError) {
      throw new Response(TENANT_UNAVAILABLE_MESSAGE, { status: 503, headers: { "Retry-After": "300" } });
    }
    if (isBusy(error)) {
      // Another writer holds this coach's file (an import in progress, the nightly job): nothing was changed.
      throw new Response("Votre espace est occupé (un import est peut-être en cours). Rien n'a été modifié : réessayez dans quelques secondes.", {
        status: 503,
        headers: { "Retry-After": "5" },
      });
    }
    throw error;
  }
}

function isBusy(error: unknown) {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}
