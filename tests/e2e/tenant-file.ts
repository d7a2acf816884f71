// The e2e server's data (scripts/e2e-server.sh): specs that must pick or check rows read
// coach1's tenant file directly, read-only unless the spec says otherwise.
import path from "node:path";
import Database from "better-sqlite3";

/** Path of the tenant file of coach1@example.com in the e2e server's data directory. */
export function tenantFile(email = "coach1@example.com") {
  const control = new Database(".e2e/control.sqlite", { readonly: true });
  try {
    const { tenant_id } = control
      .prepare("SELECT m.tenant_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?")
      .get(email) as { tenant_id: string };
    return path.join(".e2e/tenants", `${tenant_id}.sqlite`);
  } finally {
    control.close();
  }
}

/** Rows of a read-only query on coach1's tenant file. */
export function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(tenantFile(), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
