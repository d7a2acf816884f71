import crypto from "node:crypto";
import path from "node:path";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648 base32, lowercase
export const TENANT_ID_PATTERN = /^t_[a-z2-7]{20}$/;

/** Tenant ids are made here and only here: `t_` + 20 random base32 characters. */
export function newTenantId(random: (max: number) => number = crypto.randomInt) {
  let id = "t_";
  for (let i = 0; i < 20; i++) id += ALPHABET[random(ALPHABET.length)];
  return id;
}

export function isTenantId(value: unknown): value is string {
  return typeof value === "string" && TENANT_ID_PATTERN.test(value);
}

export class InvalidTenantIdError extends Error {
  constructor() {
    super("Invalid tenant id");
    this.name = "InvalidTenantIdError";
  }
}

/**
 * The only way a tenant file path is built. The id must match the strict pattern
 * and the result must sit directly inside the tenants directory.
 */
export function tenantFilePath(tenantsDir: string, tenantId: unknown) {
  if (!isTenantId(tenantId)) throw new InvalidTenantIdError();
  const dir = path.resolve(tenantsDir);
  const file = path.join(dir, `${tenantId}.sqlite`);
  if (path.dirname(file) !== dir) throw new InvalidTenantIdError();
  return file;
}
