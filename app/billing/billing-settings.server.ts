// What the settings page's "Facturation" section reads and writes (the route stays thin).
import type { SubmissionResult } from "@conform-to/react";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readBillingProfile, updateBillingProfile } from "./billing-profile.server";
import { billingSettingsColumns, billingSettingsDefaults, type BillingSettings } from "./billing-settings-schema";

/**
 * The form's values, the row's version (a key that resets the form once saved) and the logo
 * preview's version (null without a logo); never the logo's bytes.
 */
export function billingSettingsView(db: TenantDb) {
  const profile = readBillingProfile(db);
  const version = profile.updatedAt.getTime();
  return { values: billingSettingsDefaults(profile), version, logoVersion: profile.logo ? version : null };
}

export function saveBillingSettings(db: TenantDb, settings: BillingSettings) {
  updateBillingProfile(db, billingSettingsColumns(settings));
}

/** A Conform-shaped result for the logo form, whose only field is the file. */
export function logoErrorResult(message: string): SubmissionResult<string[]> {
  return { status: "error", error: { logo: [message] } };
}
