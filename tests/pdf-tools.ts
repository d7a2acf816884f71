// The command-line PDF tools the billing tests read PDFs with (poppler-utils: pdftotext,
// pdffonts; qpdf; libxml2-utils: xmllint). Installed by scripts/ensure-pdf-tools.sh. On a
// developer's machine without them the tests that need them are skipped with a message; under
// CI=true they run anyway and FAIL, so a CI that lost a tool cannot go green silently.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const PDF_TOOLS = ["pdftotext", "pdffonts", "qpdf", "xmllint"] as const;

function has(tool: string) {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

export const missingPdfTools = PDF_TOOLS.filter((t) => !has(t));
/** True when the tool-based tests should be skipped (never under CI). */
export const skipPdfTools = missingPdfTools.length > 0 && process.env.CI !== "true";
if (skipPdfTools) console.warn(`PDF tests skipped: missing ${missingPdfTools.join(", ")} (run scripts/ensure-pdf-tools.sh)`);

const dir = mkdtempSync(path.join(tmpdir(), "coach-pdf-"));
let n = 0;

export function pdfFile(pdf: Buffer) {
  const file = path.join(dir, `doc-${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Text of the PDF in drawing order (-raw: columns never interleave). */
export function pdfText(pdf: Buffer) {
  const out = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdfFile(pdf), "-"], { encoding: "utf8" });
  return out.replace(/[\u00a0\u202f]/g, " ");
}

/** Same text with every whitespace run collapsed: for mentions that may wrap. */
export function pdfFlatText(pdf: Buffer) {
  return pdfText(pdf).replace(/\s+/g, " ");
}

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean };

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = execFileSync("pdffonts", [pdfFile(pdf)], { encoding: "utf8" });
  return out
    .split("\n")
    .slice(2)
    .filter((l) => l.trim())
    .map((line) => {
      // name type [type…] encoding emb sub uni object ID
      const cols = line.trim().split(/\s+/);
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0], type: cols.slice(1, -6).join(" "), embedded: emb === "yes", subset: sub === "yes", unicode: uni === "yes" };
    });
}

/** qpdf --check: exit 0 and "No syntax or stream encoding errors found". */
export function qpdfCheck(pdf: Buffer) {
  const r = spawnSync("qpdf", ["--check", pdfFile(pdf)], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export function qpdfAttachments(pdf: Buffer): string[] {
  const out = execFileSync("qpdf", ["--list-attachments", pdfFile(pdf)], { encoding: "utf8" });
  if (/has no embedded files/.test(out)) return [];
  return out
    .split("\n")
    .filter((l) => /^\S/.test(l))
    .map((l) => l.replace(/\s*->.*$/, "").trim())
    .filter(Boolean);
}

export function qpdfAttachment(pdf: Buffer, key: string) {
  return execFileSync("qpdf", [`--show-attachment=${key}`, pdfFile(pdf)], { encoding: "utf8" });
}

/** The XMP metadata stream of the document (uncompressed by pdfkit). */
export function xmpOf(pdf: Buffer) {
  const text = pdf.toString("latin1");
  const start = text.indexOf("<?xpacket begin");
  const end = text.indexOf("<?xpacket end", start);
  return Buffer.from(text.slice(start, text.indexOf("?>", end) + 2), "latin1").toString("utf8");
}

/** xmllint --schema: validity of an XML document against an XSD file. */
export function xmllintSchema(xml: string, xsd: string) {
  const file = path.join(dir, `doc-${++n}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** xmllint well-formedness only. */
export function xmllintWellFormed(xml: string) {
  const file = path.join(dir, `doc-${++n}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("xmllint", ["--noout", file], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
