// DejaVu Sans (regular and bold), read and parsed ONCE per process: pdfkit accepts an already
// parsed fontkit font, which spares every document the parse of two 700 kB TTF files (see
// bench/pdf.ts). The fontkit used is pdfkit's own (resolved from pdfkit's folder), so the
// objects are exactly what pdfkit would have built itself. Each document still embeds its own
// subset of the glyphs it uses (pdffonts: "emb yes").
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type FontkitFont = { postscriptName: string; layout: (...args: unknown[]) => unknown; hasGlyphForCodePoint: (cp: number) => boolean };
type Fontkit = { create: (buffer: Uint8Array) => FontkitFont };

const require = createRequire(import.meta.url);

function fontDir() {
  return path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

let fonts: { regular: FontkitFont; bold: FontkitFont } | null = null;

/** The two faces every billing PDF uses, parsed on first use and kept for the process. */
export function billingFonts() {
  if (!fonts) {
    const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as Fontkit;
    const dir = fontDir();
    fonts = {
      regular: fontkit.create(readFileSync(path.join(dir, "DejaVuSans.ttf"))),
      bold: fontkit.create(readFileSync(path.join(dir, "DejaVuSans-Bold.ttf"))),
    };
  }
  return fonts;
}

/** The raw files, for the benchmark's "parse per document" comparison. */
export function billingFontFiles() {
  const dir = fontDir();
  return { regular: readFileSync(path.join(dir, "DejaVuSans.ttf")), bold: readFileSync(path.join(dir, "DejaVuSans-Bold.ttf")) };
}
