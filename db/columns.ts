import { integer } from "drizzle-orm/sqlite-core";

// Timestamps are stored as Unix milliseconds: cheap to compare and to bucket
// into Europe/Paris days in JS (SQLite has no time-zone database).
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .$defaultFn(() => new Date());

export const updatedAt = () =>
  timestamp("updated_at")
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());
