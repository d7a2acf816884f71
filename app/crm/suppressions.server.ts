// Contacts that must not come back: blacklisted by the coach, or erased under GDPR. Only a
// SHA-256 of each normalised identifier is kept (never the email itself), so the list can
// outlive the erasure. Ingestion, CSV import and sends check it.
import crypto from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { TenantDb } from "~/lib/tenant-db.server";
import { cachedStatement } from "~/lib/statements.server";
import { SUPPRESSION_KINDS } from "../../db/tenant.schema";

export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];
export type ContactIds = { email?: string | null; phone?: string | null; instagramId?: string | null };

/** E.164 when the number parses (French numbers by default), else digits and a leading +. */
export function normalizePhone(phone: string) {
  const parsed = parsePhoneNumberFromString(phone, "FR");
  if (parsed?.isValid()) return parsed.number;
  return phone.replace(/[^\d+]/g, "");
}

function normalize(kind: SuppressionKind, value: string) {
  const v = value.trim();
  if (kind === "email") return v.toLowerCase();
  if (kind === "phone") return normalizePhone(v);
  return v;
}

const hashOf = (kind: SuppressionKind, value: string) => crypto.createHash("sha256").update(`${kind}:${normalize(kind, value)}`).digest("hex");

function identifiers(ids: ContactIds) {
  const out: { kind: SuppressionKind; hash: string }[] = [];
  if (ids.email?.trim()) out.push({ kind: "email", hash: hashOf("email", ids.email) });
  if (ids.phone?.trim()) out.push({ kind: "phone", hash: hashOf("phone", ids.phone) });
  if (ids.instagramId?.trim()) out.push({ kind: "instagram", hash: hashOf("instagram", ids.instagramId) });
  return out;
}

const INSERT = "INSERT OR IGNORE INTO suppressions (kind, hash, reason, created_at) VALUES (?, ?, ?, ?)";
const UPGRADE = "UPDATE suppressions SET reason = 'erased' WHERE kind = ? AND hash = ?";
const FIND = "SELECT 1 FROM suppressions WHERE kind = ? AND hash = ?";
const LIFT = "DELETE FROM suppressions WHERE kind = ? AND hash = ?";

/** Records the contact's identifiers (inside the caller's transaction). */
export function suppress(db: TenantDb, ids: ContactIds, reason: "blacklisted" | "erased", now = new Date()) {
  for (const { kind, hash } of identifiers(ids)) {
    cachedStatement(db.$client, INSERT).run(kind, hash, reason, now.getTime());
    if (reason === "erased") cachedStatement(db.$client, UPGRADE).run(kind, hash);
  }
}

/** True when any identifier of the contact is suppressed. */
export function isSuppressed(db: TenantDb, ids: ContactIds) {
  return identifiers(ids).some(({ kind, hash }) => cachedStatement(db.$client, FIND).get(kind, hash) !== undefined);
}

/** The coach lifts the blacklist (or lets an erased contact back in). */
export function liftSuppression(db: TenantDb, ids: ContactIds) {
  for (const { kind, hash } of identifiers(ids)) cachedStatement(db.$client, LIFT).run(kind, hash);
}
