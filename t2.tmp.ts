import Database from "better-sqlite3";
import { applyMigrations } from "~/lib/migrations.server";
for (const variant of ["all", "nofts", "nofts-notags-nostatus"]) {
  for (const f of ["/tmp/x.sqlite", "/tmp/x.sqlite-wal", "/tmp/x.sqlite-shm"]) try { require("fs").rmSync(f) } catch {}
  const sqlite = new Database("/tmp/x.sqlite"); sqlite.pragma("journal_mode = WAL"); applyMigrations(sqlite, "tenant");
  sqlite.pragma("cache_size = -65536");
  if (variant !== "all") sqlite.exec("DROP TRIGGER leads_fts_insert");
  if (variant === "nofts-notags-nostatus") sqlite.exec("DROP TRIGGER lead_tags_insert; DROP TRIGGER lead_status_insert");
  const ins = sqlite.prepare("INSERT INTO leads (first_name, last_name, email, phone, company, job_title, city, source, status, tags, created_at, created_day, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'salon', 'new', '[]', 0, '2025-01-01', 0)");
  const t = performance.now();
  sqlite.transaction(() => { for (let i = 0; i < 50000; i++) ins.run("Éloïse", "Lefèvre", `contact${i}@exemple.fr`, `+3361${String(i).padStart(7,"0")}`, `Cœur & Co ${i%500}`, "Gérant", "Béziers"); })();
  console.log(variant, (performance.now()-t).toFixed(0));
  sqlite.close();
}
