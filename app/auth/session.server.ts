import crypto from "node:crypto";
import { createCookie, createSessionStorage } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { sessions } from "../../db/control.schema";
import { getEnv } from "~/env.server";
import { controlDb } from "~/lib/control-db.server";
import { prepared } from "~/lib/prepared.server";

export const SESSION_TTL_MS = 1000 * 60 * 60 * 24 * 14; // 14 days

type SessionData = { userId: string };
type FlashData = { flash: string };

let storage: ReturnType<typeof makeStorage> | undefined;

/** `Secure` for this app's cookies: in production, unless SECURE_COOKIES says otherwise. */
export function secureCookies() {
  const env = getEnv();
  return env.SECURE_COOKIES ? env.SECURE_COOKIES === "true" : env.NODE_ENV === "production";
}

function makeStorage() {
  const env = getEnv();
  const cookie = createCookie("__coach_os", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    secrets: [env.SESSION_SECRET],
    maxAge: SESSION_TTL_MS / 1000,
  });
  // Sessions live in the control DB so that they can be revoked (sign-out everywhere, suspension).
  return createSessionStorage<SessionData, FlashData>({
    cookie,
    async createData(data, expires) {
      const id = crypto.randomBytes(24).toString("base64url");
      controlDb()
        .insert(sessions)
        .values({
          id,
          userId: data.userId ?? null,
          data: JSON.stringify(data),
          expiresAt: expires ?? new Date(Date.now() + SESSION_TTL_MS),
        })
        .run();
      return id;
    },
    async readData(id) {
      const db = controlDb();
      const row = prepared(db, "session.byId", () =>
        db.select().from(sessions).where(eq(sessions.id, sql.placeholder("id"))).prepare(),
      ).get({ id });
      if (!row) return null;
      if (row.expiresAt.getTime() < Date.now()) {
        controlDb().delete(sessions).where(eq(sessions.id, id)).run();
        return null;
      }
      return JSON.parse(row.data);
    },
    async updateData(id, data, expires) {
      controlDb()
        .update(sessions)
        .set({
          userId: data.userId ?? null,
          data: JSON.stringify(data),
          expiresAt: expires ?? new Date(Date.now() + SESSION_TTL_MS),
        })
        .where(eq(sessions.id, id))
        .run();
    },
    async deleteData(id) {
      controlDb().delete(sessions).where(eq(sessions.id, id)).run();
    },
  });
}

export function sessionStorage() {
  storage ??= makeStorage();
  return storage;
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export function revokeSessionsOfUsers(userIds: string[]) {
  const db = controlDb();
  for (const userId of userIds) db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
