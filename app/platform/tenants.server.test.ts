import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invites, memberships, outbox, tenants, users } from "../../db/control.schema";
import { leads } from "../../db/tenant.schema";
import { setupTestDb } from "../../tests/helpers";
import { getEnv } from "~/env.server";
import { withTenantDb } from "~/lib/tenant-db.server";
import { hashToken, lookupInvite } from "./invites.server";
import { deleteTenant, EmailTakenError, provisionTenant, setTenantStatus } from "./tenants.server";

describe("provisioning", () => {
  it("creates the control rows, a migrated tenant file and a hashed, expiring invitation", async () => {
    const db = setupTestDb();
    const { tenant, user, token } = provisionTenant(db, { name: "Éloïse Durand", email: "Eloise@Example.fr", specialty: "yoga" });

    expect(tenant.id).toMatch(/^t_[a-z2-7]{20}$/);
    expect(tenant.slug).toBe("eloise-durand");
    expect(tenant.status).toBe("active");
    expect(user.email).toBe("eloise@example.fr");
    expect(user.passwordHash).toBeNull();
    expect(db.select().from(memberships).where(eq(memberships.userId, user.id)).all()).toHaveLength(1);

    const file = path.join(getEnv().TENANTS_DIR, `${tenant.id}.sqlite`);
    expect(fs.existsSync(file)).toBe(true);
    await withTenantDb(tenant.id, (tdb) => expect(tdb.select().from(leads).all()).toEqual([]));

    const row = db.select().from(invites).where(eq(invites.userId, user.id)).get()!;
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.tokenHash).not.toContain(token);
    const hours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(72, 1);
    expect(lookupInvite(db, token).state).toBe("valid");
    expect(lookupInvite(db, token, new Date(Date.now() + 73 * 3_600_000)).state).toBe("expired");
  });

  it("gives a second coach with the same name a distinct slug and refuses a taken email", () => {
    const db = setupTestDb();
    const a = provisionTenant(db, { name: "Jo Coach", email: "jo1@example.fr", specialty: "fitness" });
    const b = provisionTenant(db, { name: "Jo Coach", email: "jo2@example.fr", specialty: "fitness" });
    expect(a.tenant.slug).not.toBe(b.tenant.slug);
    const before = fs.readdirSync(getEnv().TENANTS_DIR).length;
    expect(() => provisionTenant(db, { name: "Other", email: "JO1@example.fr", specialty: "x" })).toThrow(EmailTakenError);
    expect(fs.readdirSync(getEnv().TENANTS_DIR).length).toBe(before);
  });

  it("suspension closes the coach's sessions; deletion removes the file and the coach account", async () => {
    const db = setupTestDb();
    const { tenant, user } = provisionTenant(db, { name: "To Delete", email: "del@example.fr", specialty: "x" });
    setTenantStatus(db, tenant.id, "suspended");
    expect(db.select().from(tenants).where(eq(tenants.id, tenant.id)).get()!.status).toBe("suspended");
    expect(lookupInvite(db, "whatever").state).toBe("unknown");

    deleteTenant(db, tenant.id);
    expect(db.select().from(tenants).where(eq(tenants.id, tenant.id)).get()!.status).toBe("deleted");
    expect(db.select().from(users).where(eq(users.id, user.id)).get()).toBeUndefined();
    const file = path.join(getEnv().TENANTS_DIR, `${tenant.id}.sqlite`);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("writes the invitation to the outbox when no Resend key is set", async () => {
    setupTestDb();
    const { sendEmail } = await import("~/email/email.server");
    const sent = await sendEmail({ to: "x@example.fr", subject: "S", html: "<p>h</p>", text: "h" });
    expect(sent.via).toBe("outbox");
    const db = setupTestDb();
    expect(db.select().from(outbox).all().map((e) => e.to)).toContain("x@example.fr");
  });
});
