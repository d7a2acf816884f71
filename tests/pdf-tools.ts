// The command-line PDF tools the billing tests read PDFs with (poppler-utils: pdftotext,
// pdffonts; qpdf; libxml2-utils: xmllint). Installed by scripts/ensure-pdf-tools.sh. On a
// developer's machine without them the tests that need them are skipped with a message; under
// CI=true they run anyway and FAIL, so a CI that lost a tool cannot go green silently.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const PDF_TOOLS = ["pdftotext", "pdffonts", "qpdf", "xmllint"] as const;
/** Debian's libsaxonhe-java. */
export const SAXON_JAR = "/usr/share/java/Saxon-HE.jar";

function has(tool: string) {
  if (tool === "saxon") return existsSync(SAXON_JAR);
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

export const missingPdfTools = PDF_TOOLS.filter((t) => !has(t));
/** True when the tool-based tests should be skipped (never under CI). */
export const skipPdfTools = missingPdfTools.length > 0 && process.env.CI !== "true";
if (skipPdfTools) console.warn(`PDF tests skipped: missing ${missingPdfTools.join(", ")} (run scripts/ensure-pdf-tools.sh)`);

/** The EN 16931 Schematron needs a JVM and Saxon-HE; same rule: skipped locally, FAILS under CI. */
export const missingSchematronTools = (["java", "saxon"] as const).filter((t) => !has(t));
export const skipSchematron = missingSchematronTools.length > 0 && process.env.CI !== "true";
if (skipSchematron) console.warn(`EN 16931 Schematron test skipped: missing ${missingSchematronTools.join(", ")} (run scripts/ensure-pdf-tools.sh)`);

// Inside the test file's own temporary folder (tests/setup-env.ts removes it) when there is one.
const dir = mkdtempSync(path.join(process.env.CONTROL_DB_PATH ? path.dirname(process.env.CONTROL_DB_PATH) : tmpdir(), "pdf-"));
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

export type SchematronFailure = { id: string; flag: string; text: string };

/**
 * Runs the EN 16931 CII Schematron (compiled XSLT, tests/fixtures/en16931-schematron) over each
 * XML with Saxon-HE in ONE JVM (compiling the 700 kB stylesheet once); returns the failed
 * assertions of each document, by its key.
 */
export function en16931Schematron(docs: Record<string, string>, xslt: string): Record<string, SchematronFailure[]> {
  const root = path.join(dir, `schematron-${++n}`);
  const input = path.join(root, "in");
  const output = path.join(root, "out");
  mkdirSync(input, { recursive: true });
  mkdirSync(output, { recursive: true });
  for (const [key, xml] of Object.entries(docs)) writeFileSync(path.join(input, `${key}.xml`), xml);
  const r = spawnSync("java", ["-jar", SAXON_JAR, `-s:${input}`, `-xsl:${xslt}`, `-o:${output}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`Saxon failed: ${r.stderr}`);
  const result: Record<string, SchematronFailure[]> = {};
  for (const file of readdirSync(output)) {
    const svrl = readFileSync(path.join(output, file), "utf8");
    result[file.replace(/\.xml$/, "")] = [...svrl.matchAll(/<svrl:failed-assert([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)].map((m) => ({
      id: /id="([^"]*)"/.exec(m[1])?.[1] ?? "?",
      flag: /flag="([^"]*)"/.exec(m[1])?.[1] ?? "?",
      text: m[2].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim(),
    }));
  }
  return result;
}
