// The coach's company and billing settings: one row of billing_profile (id 1), created on first read.
import { eq } from "drizzle-orm";
import { billingProfile } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

export type BillingProfile = typeof billingProfile.$inferSelect;

export function readBillingProfile(db: TenantDb): BillingProfile {
  const row = db.select().from(billingProfile).where(eq(billingProfile.id, 1)).get();
  if (row) return row;
  return db.insert(billingProfile).values({ id: 1 }).onConflictDoNothing().returning().get() ?? db.select().from(billingProfile).where(eq(billingProfile.id, 1)).get()!;
}

export type BillingProfileUpdate = Partial<Omit<BillingProfile, "id" | "updatedAt">>;

export function updateBillingProfile(db: TenantDb, values: BillingProfileUpdate, now = new Date()) {
  readBillingProfile(db);
  db.update(billingProfile).set({ ...values, updatedAt: now }).where(eq(billingProfile.id, 1)).run();
}
