import Database from "better-sqlite3";
import { applyMigrations } from "~/lib/migrations.server";
const sqlite = new Database(":memory:"); applyMigrations(sqlite, "tenant");
console.log(sqlite.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type='trigger'").all());
console.log(sqlite.prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='leads'").all().map((r:any)=>r.name).join(" "));
