// Writes generated rows into a freshly created tenant file through drizzle: multi-row
// INSERTs in chunks (SQLite caps bound parameters at 32766 per statement) inside one
// transaction, which is what makes 10,000 leads and 80,000 messages take seconds.
import { getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  clients,
  coachingSessions,
  invoiceLines,
  invoices,
  leads,
  messageSequences,
  messages,
  payments,
} from "../../../db/tenant.schema";
import { evictTenantDb, withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import type { TenantData } from "./fake-tenant-data.server";

const MAX_PARAMS = 32_000;

export async function writeTenantData(tenantId: string, data: TenantData) {
  try {
    await withTenantDb(tenantId, (db) => {
      db.transaction((tx) => {
        // Parents before children: foreign keys are enforced.
        insertAll(tx, leads, data.leads);
        insertAll(tx, messages, data.messages);
        insertAll(tx, messageSequences, data.sequences);
        insertAll(tx, clients, data.clients);
        insertAll(tx, coachingSessions, data.sessions);
        insertAll(tx, invoices, data.invoices);
        insertAll(tx, invoiceLines, data.invoiceLines);
        insertAll(tx, payments, data.payments);
      });
    });
  } finally {
    // Seeding touches each file once: do not keep hundreds of handles open in the LRU.
    evictTenantDb(tenantId);
  }
}

type Tx = Parameters<Parameters<TenantDb["transaction"]>[0]>[0];

function insertAll<T extends SQLiteTable>(tx: Tx, table: T, rows: T["$inferInsert"][]) {
  if (rows.length === 0) return;
  // drizzle binds every column of every row (defaults included), so chunk by column count.
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += size) tx.insert(table).values(rows.slice(i, i + size)).run();
}
