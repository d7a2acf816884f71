// The demo accounts: who they are (planned from the seeded random stream) and the control
// rows that make them exist (users, tenants, memberships).
import { memberships, publicLinks, tenants, users, type PublicLinkKind } from "../../db/control.schema";
import { publicTokenHash } from "~/billing/public-links.server";
import type { ControlDbOrTx } from "~/lib/control-db.server";
import { newTenantId } from "~/lib/tenant-id.server";
import { slugify } from "~/platform/tenants.server";
import { faker, seededRandomInt } from "./random.server";
import { SPECIALTIES, type Specialty } from "./vocabulary.server";

export const ADMIN_EMAIL = "admin@example.com";
export const SUPPORT_EMAIL = "support@example.com";
export const DEFAULT_PASSWORD = "coach-os-demo";

export const coachEmail = (n: number) => `coach${n}@example.com`;

export type DemoLogin = { email: string; role: "admin" | "support" | "coach"; name: string };

export type PlannedCoach = {
  number: number;
  userId: string;
  email: string;
  name: string;
  tenantId: string;
  slug: string;
  specialty: Specialty;
};

export type AccountPlan = {
  admin: { userId: string; name: string };
  support: { userId: string; name: string };
  coaches: PlannedCoach[];
};

/** Ids look like newUserId()'s (`u_` + 24 hex) but come from the seeded stream. */
function seededUserId() {
  return `u_${faker.string.hexadecimal({ length: 24, casing: "lower", prefix: "" })}`;
}

/**
 * Draws identities in a fixed order so coach k is the same whatever `--coaches` is.
 * `takenSlugs` holds slugs already in the control DB (a non-reset run next to real tenants).
 */
export function planAccounts(coachCount: number, takenSlugs: Set<string>): AccountPlan {
  const admin = { userId: seededUserId(), name: "Admin Coach OS" };
  const support = { userId: seededUserId(), name: "Support Coach OS" };
  const slugs = new Set(takenSlugs);
  const coaches: PlannedCoach[] = [];
  for (let number = 1; number <= coachCount; number++) {
    const name = `${faker.person.firstName()} ${faker.person.lastName()}`;
    const base = slugify(name);
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    coaches.push({
      number,
      userId: seededUserId(),
      email: coachEmail(number),
      name,
      tenantId: newTenantId(seededRandomInt),
      slug,
      // Rotating keeps the first few coaches on different specialties.
      specialty: SPECIALTIES[(number - 1) % SPECIALTIES.length],
    });
  }
  return { admin, support, coaches };
}

export function demoLogins(plan: AccountPlan): DemoLogin[] {
  return [
    { email: ADMIN_EMAIL, role: "admin", name: plan.admin.name },
    { email: SUPPORT_EMAIL, role: "support", name: plan.support.name },
    ...plan.coaches.map((c) => ({ email: c.email, role: "coach" as const, name: `${c.name} (${c.specialty})` })),
  ];
}

/** A public quote or invoice page of a seeded tenant (control DB public_links). */
export type PlannedLink = { tenantId: string; kind: PublicLinkKind; documentId: number; token: string };

const CHUNK = 500;

function chunks<T>(rows: T[]) {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * All control rows in one transaction, the admin included: "admin exists" therefore means
 * a seed finished, which is what the re-run check relies on.
 */
export function insertAccounts(db: ControlDbOrTx, plan: AccountPlan, passwordHash: string, now: Date, links: PlannedLink[] = []) {
  const userRows: (typeof users.$inferInsert)[] = [
    { id: plan.admin.userId, email: ADMIN_EMAIL, name: plan.admin.name, passwordHash, platformRole: "admin", createdAt: now },
    { id: plan.support.userId, email: SUPPORT_EMAIL, name: plan.support.name, passwordHash, platformRole: "support", createdAt: now },
    ...plan.coaches.map((c) => ({ id: c.userId, email: c.email, name: c.name, passwordHash, platformRole: null, createdAt: now })),
  ];
  const tenantRows = plan.coaches.map((c) => ({
    id: c.tenantId,
    slug: c.slug,
    name: c.name,
    specialty: c.specialty,
    status: "active" as const,
    fileName: `${c.tenantId}.sqlite`,
    createdAt: now,
  }));
  const membershipRows = plan.coaches.map((c) => ({ userId: c.userId, tenantId: c.tenantId, role: "owner" as const, createdAt: now }));
  db.transaction((tx) => {
    for (const rows of chunks(userRows)) tx.insert(users).values(rows).run();
    for (const rows of chunks(tenantRows)) tx.insert(tenants).values(rows).run();
    for (const rows of chunks(membershipRows)) tx.insert(memberships).values(rows).run();
    // The public pages of the seeded quotes and invoices route to their tenant by token hash.
    for (const rows of chunks(links)) {
      tx.insert(publicLinks)
        .values(rows.map((l) => ({ tokenHash: publicTokenHash(l.token), tenantId: l.tenantId, kind: l.kind, documentId: l.documentId, createdAt: now })))
        .run();
    }
  });
}
