// The coach's pre-brief email preference and the Paris day of the last one sent, in the
// tenant's settings table (the tenant's file carries its own state: no control-DB column).
import { eq } from "drizzle-orm";
import { settings } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

const ENABLED_KEY = "prebrief.email";
const SENT_KEY = "prebrief.lastSentDay";

function read(db: TenantDb, key: string) {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? null;
}

function write(db: TenantDb, key: string, value: string) {
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

export const prebriefEmailEnabled = (db: TenantDb) => read(db, ENABLED_KEY) === "on";
export const savePrebriefEmail = (db: TenantDb, on: boolean) => write(db, ENABLED_KEY, on ? "on" : "off");
export const lastPrebriefDay = (db: TenantDb) => read(db, SENT_KEY);

/**
 * Claims `day` for this tenant's email: true only for the first caller of the day, so that a
 * re-run (or two overlapping runs) sends at most one email. `release` undoes a failed send.
 */
export function claimPrebriefDay(db: TenantDb, day: string) {
  // IMMEDIATE: two overlapping runs cannot both read "not sent yet".
  return db.$client
    .transaction(() => {
      if (read(db, SENT_KEY) === day) return false;
      write(db, SENT_KEY, day);
      return true;
    })
    .immediate();
}

export function releasePrebriefDay(db: TenantDb, day: string, previous: string | null) {
  if (read(db, SENT_KEY) !== day) return;
  if (previous === null) db.delete(settings).where(eq(settings.key, SENT_KEY)).run();
  else write(db, SENT_KEY, previous);
}
