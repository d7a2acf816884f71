// A migrated tenant file for the billing tests, with filled billing settings, clients and sessions.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { memoryTenant } from "~/crm/test-tenant.test-helpers";
import type { TenantDb } from "~/lib/tenant-db.server";
import { updateBillingProfile } from "./billing-profile.server";

export const SELLER = {
  tradeName: "Coaching Dupont",
  legalName: "Marie Dupont EI",
  address: "12 rue des Lilas",
  postalCode: "69001",
  city: "Lyon",
  siren: "732829320",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPP",
} as const;

export function fileTenant(prefix = "billing-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, "tenant.sqlite");
  const db = memoryTenant(file);
  db.$client.pragma("journal_mode = WAL");
  db.$client.pragma("busy_timeout = 5000");
  return { db, file, dir };
}

export function fillSeller(db: TenantDb, extra: Parameters<typeof updateBillingProfile>[1] = {}) {
  updateBillingProfile(db, { ...SELLER, ...extra });
}

const id = (db: TenantDb, q: string, ...p: unknown[]) => (db.$client.prepare(q).get(...p) as { id: number }).id;

export function addClient(db: TenantDb, first: string, last: string, business?: { company: string }) {
  if (!business) return id(db, "INSERT INTO clients (first_name, last_name, email, address, postal_code, city, created_at, updated_at) VALUES (?, ?, 'client@example.fr', '3 rue Haute', '69001', 'Lyon', 0, 0) RETURNING id", first, last);
  return id(
    db,
    `INSERT INTO clients (first_name, last_name, email, kind, company, address, postal_code, city, siren, created_at, updated_at)
     VALUES (?, ?, 'compta@example.fr', 'business', ?, '1 place Bellecour', '69002', 'Lyon', '552100554', 0, 0) RETURNING id`,
    first,
    last,
    business.company,
  );
}

export function addSession(db: TenantDb, clientId: number, at: number, status = "completed", priceCents = 8000, theme: string | null = "Confiance") {
  return id(
    db,
    "INSERT INTO coaching_sessions (client_id, scheduled_at, duration_minutes, price_cents, status, theme, created_at, updated_at) VALUES (?, ?, 60, ?, ?, ?, 0, 0) RETURNING id",
    clientId,
    at,
    priceCents,
    status,
    theme,
  );
}

export const freeLine = (description: string, unitPriceCents: number, quantity = 100, vatRateBps = 0) => ({ description, quantity, unitPriceCents, vatRateBps });
