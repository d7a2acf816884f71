// Billing PDFs (issue 9), in its own process: `tsx bench/pdf.ts [renders]`.
// Milliseconds per invoice PDF over 200 renders (after 20 warm-up), p50/p95, and the process's
// RSS: a B2C invoice of a VAT-exempt coach (3 lines), a B2B Factur-X invoice with VAT (3 lines,
// CII XML built and embedded), a 40-line invoice (3 pages); then the same B2C invoice with the
// DejaVu TTF files handed to pdfkit as buffers (parsed by every document) instead of the fonts
// parsed once per process; and serving a stored PDF. The last line is JSON for bench/run.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ms, time } from "./lib";

const renders = Number(process.argv[2] ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coach-os-bench-pdf-"));
process.env.CONTROL_DB_PATH = path.join(dir, "control.sqlite");
process.env.TENANTS_DIR = path.join(dir, "tenants");
process.env.SESSION_SECRET = "bench-session-secret-0123456789abcdef";

const { migrateAll } = await import("~/lib/migrate-all.server");
const { controlDb } = await import("~/lib/control-db.server");
const { provisionTenant } = await import("~/platform/tenants.server");
const { withTenantDb } = await import("~/lib/tenant-db.server");
const { findInvoice } = await import("~/billing/invoices.server");
const { invoiceDocument, invoicePdf, renderInvoice } = await import("~/billing/pdf/documents.server");
const { renderInvoicePdf } = await import("~/billing/pdf/render.server");
const { billingFontFiles } = await import("~/billing/pdf/fonts.server");
const fx = await import("../tests/pdf-fixtures");

migrateAll();
const { tenant } = provisionTenant(controlDb(), { name: "Bench PDF", email: "bench-pdf@example.fr", specialty: "fitness" });
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const rssStart = mb();

const results = await withTenantDb(tenant.id, async (db) => {
  fx.billingProfile(db, "franchise");
  const b2c = fx.issuedInvoice(db, tenant.id, fx.personClient(db));
  const many = fx.issuedInvoice(db, tenant.id, fx.personClient(db), {
    lines: Array.from({ length: 40 }, (_, i) => ({ description: `Séance n° ${i + 1} — travail sur les objectifs du trimestre`, quantity: 100, unitPriceCents: 8000, vatRateBps: 0 })),
  });
  fx.billingProfile(db, "standard");
  const b2b = fx.issuedInvoice(db, tenant.id, fx.businessClient(db));
  const inv = (id: number) => findInvoice(db, id)!;
  const opts = { iterations: renders, warmup: 20 };

  const out: Record<string, string> = {};
  const row = (name: string, s: { median: number; p95: number }) => {
    out[name] = `p50 ${ms(s.median)}, p95 ${ms(s.p95)}`;
    console.log(`  ${name}: ${out[name]} (rss ${mb()} MB)`);
  };
  console.log(`Billing PDFs, ${renders} renders each after 20 warm-up (rss at start ${rssStart} MB)`);
  row("B2C invoice, VAT-exempt, 1 page", await time(() => renderInvoice(db, inv(b2c.id)), opts));
  row("B2B invoice with VAT + Factur-X (CII XML embedded)", await time(() => renderInvoice(db, inv(b2b.id)), opts));
  row("40-line invoice, 3 pages", await time(() => renderInvoice(db, inv(many.id)), { iterations: Math.max(20, renders / 4), warmup: 5 }));
  const doc = invoiceDocument(db, inv(b2c.id));
  const files = billingFontFiles();
  row("B2C invoice, TTF buffers parsed per document (not used)", await time(() => renderInvoicePdf(doc, { logo: null, creationDate: new Date(0), fontSources: files }), { iterations: Math.max(20, renders / 4), warmup: 5 }));
  await invoicePdf(db, b2c.id);
  row("stored PDF served (invoice_pdfs read)", await time(() => invoicePdf(db, b2c.id), opts));
  const size = (await invoicePdf(db, b2b.id)).pdf.length;
  out["Factur-X PDF size"] = `${Math.round(size / 1024)} KB`;
  out["RSS after"] = `${mb()} MB (start ${rssStart} MB)`;
  console.log(`  Factur-X PDF size: ${out["Factur-X PDF size"]}; RSS after: ${out["RSS after"]}`);
  return out;
});

fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(results));
