import crypto from "node:crypto";
import type { PlatformRole } from "../../db/control.schema";
import { hashPassword, passwordProblems } from "~/auth/password.server";
import type { ControlDb } from "~/lib/control-db.server";
import { createUser, findUserByEmail } from "./users.server";

/**
 * Creates an admin or support account (the first admin of a new deployment). Without a
 * password, a strong random one is generated: the caller shows it once.
 */
export async function createStaffAccount(db: ControlDb, input: { email: string; name: string; role: PlatformRole; password?: string }) {
  if (findUserByEmail(db, input.email)) throw new Error(`An account already exists for ${input.email}.`);
  const password = input.password ?? crypto.randomBytes(18).toString("base64url");
  const problems = passwordProblems(password, [input.email, input.name]);
  if (problems.length > 0) throw new Error(problems.join(" "));
  const user = createUser(db, { email: input.email, name: input.name, platformRole: input.role, passwordHash: await hashPassword(password) });
  return { user, password, generated: input.password === undefined };
}
