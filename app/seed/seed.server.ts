// The demo seed: migrate, optionally wipe, then create the platform accounts and N coaches,
// each with a tenant file full of deterministic French demo data. scripts/seed.ts is its CLI.
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { getEnv } from "~/env.server";
import { migrateAll } from "~/lib/migrate-all.server";
import { createTenantFile, removeTenantFile } from "~/lib/tenant-db.server";
import { ADMIN_EMAIL, DEFAULT_PASSWORD, demoLogins, insertAccounts, planAccounts, type DemoLogin, type PlannedLink } from "./accounts.server";
import { anchorNow } from "./clock.server";
import { adminExists, clearOrphanFile, existingLogins, existingSlugs, findConflicts, openControl, resetControl } from "./control-state.server";
import { fakeTenantData } from "./fake-tenant-data.server";
import { seedAccounts, seedCoach } from "./random.server";
import { writeTenantData } from "./write-tenant-data.server";

export const DEFAULT_COACHES = 3;
export const DEFAULT_LEADS = 60;

export type SeedOptions = {
  reset?: boolean;
  coaches?: number;
  leads?: number;
  password?: string;
  /** Defaults to the start of the current hour; tests pin it. */
  now?: Date;
  /** Demo accounts with a known password must not land in production by accident. */
  allowProduction?: boolean;
  onProgress?: (done: number, total: number) => void;
};

export type SeedCounts = {
  tenants: number;
  leads: number;
  messages: number;
  sequences: number;
  clients: number;
  sessions: number;
  invoices: number;
  creditNotes: number;
  quotes: number;
  payments: number;
};

export type SeedResult =
  | { kind: "seeded"; counts: SeedCounts; seconds: number; removedTenants: number; logins: DemoLogin[]; password: string }
  /** `password` is null when the stored accounts were seeded with another password. */
  | { kind: "already-seeded"; logins: DemoLogin[]; password: string | null };

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedError";
  }
}

export async function runSeed(options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const coaches = options.coaches ?? DEFAULT_COACHES;
  const leadsPerCoach = options.leads ?? DEFAULT_LEADS;
  const password = options.password ?? DEFAULT_PASSWORD;
  const now = options.now ?? anchorNow();
  if (!Number.isInteger(coaches) || coaches < 1) throw new SeedError("The number of coaches must be a positive integer.");
  if (!Number.isInteger(leadsPerCoach) || leadsPerCoach < 1) throw new SeedError("The number of leads must be a positive integer.");
  if (getEnv().NODE_ENV === "production" && !options.allowProduction) {
    throw new SeedError("Refusing to create demo accounts with a known password in production (NODE_ENV=production).");
  }

  migrateAll();
  const control = openControl();
  try {
    let removedTenants = 0;
    if (options.reset) {
      removedTenants = resetControl(control);
    } else if (adminExists(control)) {
      const { logins, adminPasswordHash } = existingLogins(control);
      const matches = await verifyPassword(adminPasswordHash, password);
      return { kind: "already-seeded", logins, password: matches ? password : null };
    }

    seedAccounts();
    const plan = planAccounts(coaches, existingSlugs(control));
    const conflicts = findConflicts(control, plan);
    if (conflicts.length > 0) {
      const shown = conflicts.slice(0, 5).join(", ") + (conflicts.length > 5 ? `, … (${conflicts.length})` : "");
      throw new SeedError(`Demo data would collide with existing rows (${shown}) but ${ADMIN_EMAIL} is missing. Run with --reset.`);
    }
    // argon2 is slow on purpose: hash once, every demo account shares the password.
    const passwordHash = await hashPassword(password);

    const counts: SeedCounts = { tenants: 0, leads: 0, messages: 0, sequences: 0, clients: 0, sessions: 0, invoices: 0, creditNotes: 0, quotes: 0, payments: 0 };
    const created: string[] = [];
    const links: PlannedLink[] = [];
    try {
      for (const coach of plan.coaches) {
        clearOrphanFile(coach.tenantId);
        createTenantFile(coach.tenantId);
        created.push(coach.tenantId);
        seedCoach(coach.number);
        const identity = { number: coach.number, name: coach.name, email: coach.email, tenantId: coach.tenantId };
        const data = fakeTenantData({ leads: leadsPerCoach, now, specialty: coach.specialty, coach: identity });
        await writeTenantData(coach.tenantId, data, now);
        for (const link of data.publicLinks) links.push({ tenantId: coach.tenantId, ...link });
        counts.tenants++;
        counts.leads += data.leads.length;
        counts.messages += data.messages.length;
        counts.sequences += data.sequences.length;
        counts.clients += data.clients.length;
        counts.sessions += data.sessions.length;
        for (const i of data.invoices) i.kind === "credit_note" ? counts.creditNotes++ : counts.invoices++;
        counts.quotes += data.quotes.length;
        counts.payments += data.payments.length;
        options.onProgress?.(counts.tenants, coaches);
      }
      // Last, in one transaction: until it commits, no control row points at the new files.
      insertAccounts(control, plan, passwordHash, now, links);
    } catch (error) {
      for (const id of created) removeTenantFile(id);
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    return { kind: "seeded", counts, seconds, removedTenants, logins: demoLogins(plan), password };
  } finally {
    control.$client.close();
  }
}
