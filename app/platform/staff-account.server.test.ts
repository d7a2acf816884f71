import { describe, expect, it } from "vitest";
import { PASSWORD, setupTestDb } from "../../tests/helpers";
import { verifyPassword } from "~/auth/password.server";
import { findUserByEmail } from "./users.server";
import { createStaffAccount } from "./staff-account.server";

describe("createStaffAccount", () => {
  it("creates an admin with a generated strong password, usable to sign in", async () => {
    const db = setupTestDb();
    const { user, password, generated } = await createStaffAccount(db, { email: "Ops@Example.com", name: "Ops", role: "admin" });
    expect(generated).toBe(true);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(user).toMatchObject({ email: "ops@example.com", platformRole: "admin" });
    expect(await verifyPassword(findUserByEmail(db, "ops@example.com")!.passwordHash, password)).toBe(true);
  });

  it("refuses a taken email and a weak password", async () => {
    const db = setupTestDb();
    await createStaffAccount(db, { email: "sup@example.com", name: "Sup", role: "support", password: PASSWORD });
    await expect(createStaffAccount(db, { email: "sup@example.com", name: "Sup", role: "support" })).rejects.toThrow(/already exists/);
    await expect(createStaffAccount(db, { email: "x@example.com", name: "X", role: "admin", password: "password123" })).rejects.toThrow(/trop facile/);
  });
});
