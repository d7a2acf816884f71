// Draws the billing documents with pdfkit: A4, French, DejaVu Sans embedded, PDF/A-3b (pdfkit
// writes the pdfaid XMP and the sRGB output intent itself). No transparency is used (the draft
// watermark is a light grey, not an opacity). Deterministic: with a fixed `creationDate` the same
// input gives the same bytes (pdfkit derives the file ID from the info dictionary), which is
// what lets an issued PDF be regenerated identically if ever needed.
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { BuyerSnapshot, SellerSnapshot } from "../../../db/tenant.schema";
import { FACTURX_CONFORMANCE_LEVEL, FACTURX_FILENAME } from "../facturx/cii";
import { facturxXmp } from "../facturx/xmp";
import { FRANCHISE_MENTION, RECOVERY_INDEMNITY_MENTION, formatQuantity, formatRate } from "../money";
import type { DocLine, DocTotals, InvoiceDoc, QuoteDoc, ReminderDoc } from "./document-model";
import { billingFonts } from "./fonts.server";

export const DRAFT_MARK = "BROUILLON — sans valeur";
export const NO_DISCOUNT_MENTION = "Pas d'escompte pour paiement anticipé.";

type Logo = { data: Buffer; mime: string } | null;
type RenderOptions = {
  logo: Logo;
  /** The PDF's CreationDate (issue instant for issued documents). */
  creationDate: Date;
  facturx?: { xml: string } | null;
  /** Tests and the benchmark: give pdfkit the raw TTF (parsed per document) instead of the pre-parsed fonts. */
  fontSources?: { regular: unknown; bold: unknown };
};

const eur = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
/** Euros with plain spaces: a narrow no-break space reads badly in some PDF viewers' copy-paste. */
export const euros = (cents: number) => eur.format(cents / 100).replace(/[\u202f\u00a0]/g, " ");
const dayFmt = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });
/** "2026-03-14" → "14 mars 2026" */
export const frenchDay = (day: string) => dayFmt.format(new Date(`${day}T12:00:00Z`));
export const frenchInstant = (at: Date) => dayFmt.format(at);
export const penaltyMention = (bps: number) => `Pénalités de retard : taux annuel de ${(bps / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2 })} %`;

const A4 = { width: 595.28, height: 841.89 };
const M = 48; // margins
const CONTENT_W = A4.width - 2 * M;
const FOOTER_H = 34;
const INK = "#1f2933";
const MUTED = "#52606d";
const RULE = "#cbd2d9";
const ACCENT = "#0b5394";

class Writer {
  doc: PDFKit.PDFDocument;
  y = M;
  private pageSetup: (() => void)[] = [];

  constructor(opts: RenderOptions, title: string) {
    const fonts = opts.fontSources ?? billingFonts();
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: M, bottom: M, left: M, right: M },
      pdfVersion: "1.7",
      subset: "PDF/A-3b",
      lang: "fr-FR",
      displayTitle: true,
      bufferPages: true,
      autoFirstPage: false,
      // pdfkit's XMP writes these raw: keep them free of XML specials (number and kind only).
      info: { Title: title.replace(/[<>&"']/g, " "), Creator: "Coach OS", Producer: "Coach OS (pdfkit)", CreationDate: opts.creationDate },
      // A font source instead of Helvetica: no standard (non-embedded) font ever enters the file.
      font: fonts.regular as unknown as string,
    });
    this.doc.registerFont("regular", fonts.regular as unknown as string);
    this.doc.registerFont("bold", fonts.bold as unknown as string);
  }

  onEveryPage(fn: () => void) {
    this.pageSetup.push(fn);
  }

  addPage() {
    this.doc.addPage();
    this.y = M;
    for (const fn of this.pageSetup) fn();
  }

  get bottom() {
    return A4.height - M - FOOTER_H;
  }

  ensure(height: number) {
    if (this.y + height > this.bottom) this.addPage();
  }

  text(str: string, x: number, y: number, opts: { width?: number; size?: number; bold?: boolean; color?: string; align?: "left" | "right" | "center" } = {}) {
    const d = this.doc;
    d.font(opts.bold ? "bold" : "regular")
      .fontSize(opts.size ?? 9)
      .fillColor(opts.color ?? INK);
    d.text(str, x, y, { width: opts.width ?? CONTENT_W, align: opts.align ?? "left", lineGap: 1 });
    return d.y;
  }

  height(str: string, width: number, size = 9, bold = false) {
    this.doc.font(bold ? "bold" : "regular").fontSize(size);
    return this.doc.heightOfString(str, { width, lineGap: 1 });
  }

  /** A paragraph at the cursor, moving it down (a new page first if it does not fit). */
  para(str: string, opts: { size?: number; bold?: boolean; color?: string; gap?: number; x?: number; width?: number } = {}) {
    const width = opts.width ?? CONTENT_W;
    const h = this.height(str, width, opts.size ?? 9, opts.bold);
    this.ensure(h);
    this.text(str, opts.x ?? M, this.y, { width, size: opts.size, bold: opts.bold, color: opts.color });
    this.y += h + (opts.gap ?? 3);
  }

  rule(y = this.y, color = RULE) {
    this.doc.moveTo(M, y).lineTo(A4.width - M, y).lineWidth(0.6).strokeColor(color).stroke();
  }

  heading(str: string) {
    this.ensure(40);
    this.y += 6;
    this.para(str, { size: 10, bold: true, color: ACCENT, gap: 4 });
  }

  finish(footer: string): Promise<Buffer> {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      const y = A4.height - M - FOOTER_H + 12;
      d.moveTo(M, y - 4).lineTo(A4.width - M, y - 4).lineWidth(0.4).strokeColor(RULE).stroke();
      // Text below the bottom margin would make pdfkit add a page: lift the margin while writing.
      const margin = d.page.margins.bottom;
      d.page.margins.bottom = 0;
      d.font("regular").fontSize(7).fillColor(MUTED);
      d.text(footer, M, y, { width: CONTENT_W - 60, lineGap: 0.5 });
      d.text(`Page ${i + 1} / ${range.count}`, A4.width - M - 60, y, { width: 60, align: "right" });
      d.page.margins.bottom = margin;
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      d.on("data", (c: Buffer) => chunks.push(c));
      d.on("end", () => resolve(Buffer.concat(chunks)));
      d.on("error", reject);
      d.end();
    });
  }
}

function drawLogo(w: Writer, logo: Logo, x: number, y: number, maxW: number, maxH: number) {
  if (!logo) return 0;
  try {
    if (logo.mime === "image/svg+xml") {
      SVGtoPDF(w.doc, logo.data.toString("utf8"), x, y, {
        width: maxW,
        height: maxH,
        preserveAspectRatio: "xMinYMin meet",
        assumePt: true,
        // Text of the SVG in the embedded DejaVu (never a standard, non-embedded PDF font).
        fontCallback: (_family, bold) => (bold ? "bold" : "regular"),
        // Inline images only: an uploaded SVG must not pull files of the server into the PDF.
        imageCallback: (link) => (/^data:image\/(png|jpe?g);base64,/i.test(link.trim()) ? link.trim() : ""),
        warningCallback: () => {},
      });
    } else {
      w.doc.image(logo.data, x, y, { fit: [maxW, maxH] });
    }
    return maxH;
  } catch {
    // A logo pdfkit cannot read never blocks an invoice: the document goes out without it.
    return 0;
  }
}

function draftMarks(w: Writer) {
  w.onEveryPage(() => {
    const d = w.doc;
    d.save();
    d.rotate(-35, { origin: [A4.width / 2, A4.height / 2] });
    d.font("bold").fontSize(40).fillColor("#ececec");
    const margin = d.page.margins.bottom;
    d.page.margins.bottom = 0;
    d.text(DRAFT_MARK, -150, A4.height / 2 - 25, { width: A4.width + 300, align: "center", lineBreak: false });
    d.page.margins.bottom = margin;
    d.restore();
    d.rect(M, M - 30, CONTENT_W, 20).fill("#fff4e5");
    d.font("bold").fontSize(9).fillColor("#8a4b00").text(`${DRAFT_MARK} : aperçu d'un document non émis`, M + 8, M - 25, { width: CONTENT_W - 16, lineBreak: false });
  });
}

function sellerLines(s: SellerSnapshot): string[] {
  const lines: string[] = [];
  if (s.tradeName && s.tradeName !== s.legalName) lines.push(s.tradeName);
  if (s.address) lines.push(s.address);
  if (s.postalCode || s.city) lines.push(`${s.postalCode} ${s.city}`.trim());
  if (s.country && s.country !== "FR") lines.push(s.country);
  if (s.siret) lines.push(`SIRET : ${s.siret}`);
  else if (s.siren) lines.push(`SIREN : ${s.siren}`);
  if (s.siret && s.siren) lines.push(`SIREN : ${s.siren}`);
  if (s.vatNumber) lines.push(`N° TVA intracommunautaire : ${s.vatNumber}`);
  if (s.email) lines.push(s.email);
  return lines;
}

function buyerLines(b: BuyerSnapshot): string[] {
  const lines: string[] = [];
  if (b.contact) lines.push(`À l'attention de ${b.contact}`);
  if (b.address) lines.push(b.address);
  if (b.postalCode || b.city) lines.push(`${b.postalCode ?? ""} ${b.city ?? ""}`.trim());
  if (b.country && b.country !== "FR") lines.push(b.country);
  if (b.siren) lines.push(`SIREN : ${b.siren}`);
  if (b.vatNumber) lines.push(`N° TVA intracommunautaire : ${b.vatNumber}`);
  if (b.email) lines.push(b.email);
  return lines;
}

/** Logo + seller on the left, title + references on the right, then the client's box. */
function header(w: Writer, o: { logo: Logo; title: string; refs: string[]; seller: SellerSnapshot; buyer: BuyerSnapshot; buyerLabel?: string }) {
  const top = w.y;
  const logoH = drawLogo(w, o.logo, M, top, 150, 56);
  let left = top + (logoH ? logoH + 8 : 0);
  left = w.text(o.seller.legalName || "(raison sociale à compléter)", M, left, { width: 260, size: 11, bold: true });
  left = w.text(sellerLines(o.seller).join("\n"), M, left + 2, { width: 260, size: 8.5, color: MUTED });

  const rx = M + CONTENT_W / 2 + 10;
  const rw = CONTENT_W / 2 - 10;
  let right = w.text(o.title, rx, top, { width: rw, size: 20, bold: true, color: ACCENT, align: "right" });
  right = w.text(o.refs.join("\n"), rx, right + 4, { width: rw, size: 9, align: "right" });

  // Client box
  const boxY = Math.max(right + 14, top + 70);
  const body = buyerLines(o.buyer).join("\n");
  const h = 22 + w.height(o.buyer.name, rw - 20, 10.5, true) + (body ? w.height(body, rw - 20, 8.5) : 0);
  w.doc.roundedRect(rx, boxY, rw, h, 4).lineWidth(0.6).strokeColor(RULE).stroke();
  let by = w.text(o.buyerLabel ?? "Client", rx + 10, boxY + 7, { width: rw - 20, size: 7.5, color: MUTED });
  by = w.text(o.buyer.name, rx + 10, by + 1, { width: rw - 20, size: 10.5, bold: true });
  if (body) w.text(body, rx + 10, by + 1, { width: rw - 20, size: 8.5, color: MUTED });
  w.y = Math.max(left, boxY + h) + 16;
}

const COLS = [
  { key: "description", label: "Désignation", width: CONTENT_W - 240, align: "left" as const },
  { key: "quantity", label: "Qté", width: 45, align: "right" as const },
  { key: "unit", label: "PU HT", width: 75, align: "right" as const },
  { key: "vat", label: "TVA", width: 45, align: "right" as const },
  { key: "total", label: "Total HT", width: 75, align: "right" as const },
];

function linesTable(w: Writer, lines: DocLine[], franchise: boolean) {
  const drawHead = () => {
    w.doc.rect(M, w.y, CONTENT_W, 18).fill("#eef2f7");
    let x = M;
    for (const c of COLS) {
      w.text(c.label, x + 4, w.y + 5, { width: c.width - 8, size: 8, bold: true, align: c.align });
      x += c.width;
    }
    w.y += 22;
  };
  w.ensure(60);
  drawHead();
  for (const line of lines) {
    const cells: Record<string, string> = {
      description: line.description,
      quantity: formatQuantity(line.quantity),
      unit: euros(line.unitPriceCents),
      vat: franchise ? "—" : formatRate(line.vatRateBps),
      total: euros(line.totalHtCents),
    };
    const h = w.height(cells.description, COLS[0].width - 8, 9) + 6;
    if (w.y + h > w.bottom) {
      w.addPage();
      drawHead();
    }
    let x = M;
    for (const c of COLS) {
      w.text(cells[c.key], x + 4, w.y + 2, { width: c.width - 8, size: 9, align: c.align });
      x += c.width;
    }
    w.y += h;
    w.doc.moveTo(M, w.y).lineTo(A4.width - M, w.y).lineWidth(0.3).strokeColor(RULE).stroke();
    w.y += 2;
  }
  w.y += 8;
}

function totalsBox(w: Writer, totals: DocTotals, franchise: boolean, extra: [string, string][] = []) {
  const rows: [string, string, boolean][] = [["Total HT", euros(totals.totalHtCents), false]];
  if (franchise) {
    rows.push(["TVA", euros(0), false]);
  } else {
    for (const v of totals.vat) rows.push([`TVA ${formatRate(v.rateBps)} sur ${euros(v.baseCents)}`, euros(v.vatCents), false]);
    rows.push(["Total TVA", euros(totals.totalVatCents), false]);
  }
  rows.push(["Total TTC", euros(totals.totalTtcCents), true]);
  for (const [a, b] of extra) rows.push([a, b, true]);
  const bw = 250;
  const x = A4.width - M - bw;
  w.ensure(rows.length * 16 + (franchise ? 20 : 6));
  for (const [label, value, strong] of rows) {
    if (strong) w.doc.rect(x, w.y - 2, bw, 16).fill("#eef2f7");
    w.text(label, x + 6, w.y + 1, { width: bw - 100, size: strong ? 10 : 9, bold: strong });
    w.text(value, x + bw - 96, w.y + 1, { width: 90, size: strong ? 10 : 9, bold: strong, align: "right" });
    w.y += 16;
  }
  if (franchise) {
    w.text(FRANCHISE_MENTION, x, w.y + 2, { width: bw, size: 8.5, bold: true, align: "right" });
    w.y += 14;
  }
  w.y += 8;
}

function paymentDetails(s: SellerSnapshot): string[] {
  const out: string[] = [];
  if (s.iban) out.push(`Virement bancaire — IBAN : ${formatIban(s.iban)}${s.bic ? ` — BIC : ${s.bic}` : ""}`);
  return out;
}

export function formatIban(iban: string) {
  return iban
    .replace(/\s+/g, "")
    .replace(/(.{4})/g, "$1 ")
    .trim();
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function footerText(s: SellerSnapshot) {
  const id = s.siret ? `SIRET ${s.siret}` : s.siren ? `SIREN ${s.siren}` : "";
  return [s.legalName, s.tradeName && s.tradeName !== s.legalName ? s.tradeName : null, [s.address, `${s.postalCode} ${s.city}`.trim()].filter(Boolean).join(", "), id, s.vatNumber ? `TVA ${s.vatNumber}` : null]
    .filter(Boolean)
    .join(" — ");
}

export function invoiceTitle(doc: Pick<InvoiceDoc, "kind">) {
  return doc.kind === "credit_note" ? "AVOIR" : "FACTURE";
}

function invoiceRefs(doc: InvoiceDoc): string[] {
  const refs = [doc.number ? `N° ${doc.number}` : "N° attribué à l'émission"];
  refs.push(`Date d'émission : ${doc.issueDate ? frenchDay(doc.issueDate) : "à l'émission"}`);
  if (doc.serviceDate && doc.serviceEndDate && doc.serviceEndDate !== doc.serviceDate) refs.push(`Période de la prestation : du ${frenchDay(doc.serviceDate)} au ${frenchDay(doc.serviceEndDate)}`);
  else if (doc.serviceDate) refs.push(`Date de la prestation : ${frenchDay(doc.serviceDate)}`);
  if (doc.kind === "invoice" && doc.dueDate) refs.push(`Échéance : ${frenchDay(doc.dueDate)}`);
  return refs;
}

/** Mentions of payment and lateness, shared by the invoice and the reminder. */
function latePaymentMentions(doc: InvoiceDoc): string[] {
  const out = [`${penaltyMention(doc.seller.penaltyRateBps)}, exigibles dès le lendemain de la date d'échéance.`];
  if (doc.buyer.kind === "business") out.push(RECOVERY_INDEMNITY_MENTION);
  out.push(NO_DISCOUNT_MENTION);
  return out;
}

function invoiceLinesAndTotals(w: Writer, doc: InvoiceDoc) {
  const franchise = doc.vatRegime === "franchise";
  linesTable(w, doc.lines, franchise);
  totalsBox(w, doc.totals, franchise);
}

function invoiceBody(w: Writer, doc: InvoiceDoc, opts: { logo: Logo }) {
  header(w, { logo: opts.logo, title: invoiceTitle(doc), refs: invoiceRefs(doc), seller: doc.seller, buyer: doc.buyer });
  if (doc.credited) {
    w.para(`Avoir sur la facture n° ${doc.credited.number}${doc.credited.issueDate ? ` du ${frenchDay(doc.credited.issueDate)}` : ""}`, { size: 10.5, bold: true, gap: 6 });
  }
  if (doc.title && !doc.credited) w.para(doc.title, { size: 10.5, bold: true, gap: 6 });
  if (doc.quoteNumber) {
    const part = doc.schedulePart === "deposit" ? "Facture d'acompte" : doc.schedulePart === "balance" ? "Facture de solde" : "Facture";
    w.para(`${part} — devis n° ${doc.quoteNumber}`, { size: 9, color: MUTED, gap: 6 });
  }
  invoiceLinesAndTotals(w, doc);
  if (doc.notes) {
    w.heading(doc.kind === "credit_note" ? "Motif" : "Notes");
    w.para(doc.notes);
  }
  if (doc.kind === "invoice") {
    w.heading("Conditions de paiement");
    if (doc.dueDate) {
      const days = doc.issueDate ? daysBetween(doc.issueDate, doc.dueDate) : null;
      const terms = days === null ? "" : days <= 0 ? " (paiement à réception)" : ` (${days} jours à compter de la date d'émission)`;
      w.para(`Date d'échéance : ${frenchDay(doc.dueDate)}${terms}. Montant à régler : ${euros(doc.totals.totalTtcCents)}.`);
    } else {
      w.para("Date d'échéance : fixée à l'émission selon vos conditions de paiement.");
    }
    for (const line of paymentDetails(doc.seller)) w.para(line, { bold: true });
    if (doc.number) w.para(`Référence à rappeler avec votre paiement : ${doc.number}`);
    for (const line of latePaymentMentions(doc)) w.para(line);
  } else {
    w.heading("Remboursement");
    w.para(`Le montant de cet avoir, ${euros(doc.totals.totalTtcCents)}, vient en déduction de la facture n° ${doc.credited?.number ?? "—"} ou vous est remboursé.`);
  }
  if (doc.seller.legalMentions) {
    w.heading("Mentions légales");
    w.para(doc.seller.legalMentions, { size: 8, color: MUTED });
  }
}

function newWriter(opts: RenderOptions, title: string, draft: boolean) {
  const w = new Writer(opts, title);
  if (draft) draftMarks(w);
  w.addPage();
  return w;
}

export type PaidStamp = { paidAt: Date; payments: { at: Date; amountCents: number; method: string }[] };

/** The receipt's stamp under the title: the stored invoice never carries it (frozen at issue). */
function paidStampBlock(w: Writer, stamp: PaidStamp) {
  w.ensure(40 + stamp.payments.length * 14);
  const label = `ACQUITTÉE le ${frenchInstant(stamp.paidAt)}`;
  const width = w.doc.font("bold").fontSize(13).widthOfString(label) + 24;
  w.doc.roundedRect(M, w.y, width, 24, 3).lineWidth(1.4).strokeColor("#1e7b34").stroke();
  w.text(label, M + 12, w.y + 6, { width: width - 24, size: 13, bold: true, color: "#1e7b34" });
  w.y += 32;
  for (const p of stamp.payments) w.para(`${p.amountCents < 0 ? "Remboursement" : "Paiement"} du ${frenchInstant(p.at)} (${p.method}) : ${euros(p.amountCents)}`, { size: 8.5, color: MUTED, gap: 2 });
  w.y += 6;
}

/** An invoice or credit note; with `facturx`, the XML is embedded and the XMP declares it. */
export async function renderInvoicePdf(doc: InvoiceDoc, opts: RenderOptions & { paidStamp?: PaidStamp | null }): Promise<Buffer> {
  const title = `${invoiceTitle(doc) === "AVOIR" ? "Avoir" : "Facture"} ${doc.number ?? "brouillon"}`;
  const w = newWriter(opts, title, doc.draft);
  if (opts.paidStamp) {
    // A receipt: the invoice as issued, preceded by the stamp and the payments received.
    header(w, { logo: opts.logo, title: invoiceTitle(doc), refs: invoiceRefs(doc), seller: doc.seller, buyer: doc.buyer });
    paidStampBlock(w, opts.paidStamp);
    invoiceLinesAndTotals(w, doc);
    return w.finish(footerText(doc.seller));
  }
  invoiceBody(w, doc, opts);
  if (opts.facturx) {
    w.doc.file(Buffer.from(opts.facturx.xml, "utf8"), {
      name: FACTURX_FILENAME,
      type: "text/xml",
      relationship: "Alternative",
      description: "Factur-X : facture électronique structurée (CII, EN 16931)",
      creationDate: opts.creationDate,
      modifiedDate: opts.creationDate,
    } as PDFKit.Mixins.PDFAttachmentOptions);
    w.doc.appendXML(facturxXmp({ fileName: FACTURX_FILENAME, conformanceLevel: FACTURX_CONFORMANCE_LEVEL }));
  }
  return w.finish(footerText(doc.seller));
}

export async function renderQuotePdf(doc: QuoteDoc, opts: RenderOptions): Promise<Buffer> {
  const franchise = doc.vatRegime === "franchise";
  const w = newWriter(opts, `Devis ${doc.number ?? "brouillon"}`, doc.draft);
  const refs = [doc.number ? `N° ${doc.number}` : "N° attribué à l'envoi", `Date : ${doc.issueDate ? frenchDay(doc.issueDate) : "à l'envoi"}`, `Valable jusqu'au ${frenchDay(doc.validUntil)}`];
  header(w, { logo: opts.logo, title: "DEVIS", refs, seller: doc.seller, buyer: doc.buyer });
  if (doc.title) w.para(doc.title, { size: 10.5, bold: true, gap: 6 });
  linesTable(w, doc.lines, franchise);
  totalsBox(w, doc.totals, franchise);
  if (doc.notes) {
    w.heading("Notes");
    w.para(doc.notes);
  }
  w.heading("Échéancier de paiement");
  if (doc.depositPercent > 0) {
    w.para(`Acompte de ${doc.depositPercent} % : ${euros(doc.depositCents)}${doc.depositDueDate ? `, à régler le ${frenchDay(doc.depositDueDate)}` : ", à régler à l'acceptation"}.`);
    w.para(`Solde : ${euros(doc.balanceCents)}${doc.balanceDueDate ? `, à régler le ${frenchDay(doc.balanceDueDate)}` : ", à régler à réception de la facture de solde"}.`);
  } else {
    w.para(`Totalité : ${euros(doc.totals.totalTtcCents)}${doc.balanceDueDate ? `, à régler le ${frenchDay(doc.balanceDueDate)}` : ", à régler à réception de la facture"}.`);
  }
  for (const line of paymentDetails(doc.seller)) w.para(line);
  w.para(`${penaltyMention(doc.seller.penaltyRateBps)}.`);
  if (doc.buyer.kind === "business") w.para(RECOVERY_INDEMNITY_MENTION);
  w.para(NO_DISCOUNT_MENTION);
  if (doc.seller.termsOfSale) {
    w.heading("Conditions générales de vente");
    w.para(doc.seller.termsOfSale, { size: 8, color: MUTED });
  }
  w.heading("Bon pour accord");
  if (doc.accepted) {
    w.para(`Devis accepté le ${frenchInstant(doc.accepted.at)} par ${doc.accepted.name}, en ligne (case « bon pour accord » cochée et nom saisi).`, { bold: true });
    if (doc.earlyStartRequestedAt) w.para(`Le client a demandé expressément que la prestation commence avant la fin du délai de rétractation de 14 jours (le ${frenchInstant(doc.earlyStartRequestedAt)}).`);
  } else {
    w.ensure(80);
    w.para("Date, nom et signature du client, précédés de la mention « Bon pour accord » :", { gap: 4 });
    w.doc.rect(M, w.y, 260, 60).lineWidth(0.6).strokeColor(RULE).stroke();
    w.y += 68;
  }
  if (doc.seller.legalMentions) {
    w.heading("Mentions légales");
    w.para(doc.seller.legalMentions, { size: 8, color: MUTED });
  }
  return w.finish(footerText(doc.seller));
}

const REMINDER_SUBTITLES = { 1: "Rappel de paiement", 2: "Deuxième relance", 3: "Dernière relance avant mise en demeure" } as const;

export function reminderWording(r: ReminderDoc): string[] {
  const inv = r.invoice;
  const facts = `la facture n° ${inv.number} du ${frenchDay(inv.issueDate!)}, d'un montant de ${euros(inv.totals.totalTtcCents)}, arrivée à échéance le ${frenchDay(inv.dueDate!)}`;
  const due = `Reste à régler : ${euros(r.amountDueCents)} (${r.daysLate} jour${r.daysLate > 1 ? "s" : ""} de retard).`;
  if (r.level === 1)
    return [
      "Bonjour,",
      `Sauf erreur de notre part, ${facts}, n'a pas encore été réglée. ${due}`,
      "Il s'agit peut-être d'un simple oubli : nous vous remercions de bien vouloir procéder au règlement dès que possible. Si votre paiement a été effectué entre-temps, merci de ne pas tenir compte de ce rappel.",
    ];
  if (r.level === 2)
    return [
      "Bonjour,",
      `Malgré notre précédent rappel, ${facts}, demeure impayée. ${due}`,
      "Nous vous demandons de procéder à son règlement sous 8 jours. Passé ce délai, les pénalités de retard prévues ci-dessous seront appliquées.",
    ];
  return [
    "Madame, Monsieur,",
    `Malgré nos relances, ${facts}, reste impayée à ce jour. ${due}`,
    "Par la présente, nous vous mettons en demeure de régler cette somme sous 8 jours à compter de la réception de ce courrier. À défaut, nous engagerons les démarches de recouvrement nécessaires, les pénalités de retard étant exigibles de plein droit.",
  ];
}

export async function renderReminderPdf(r: ReminderDoc, opts: RenderOptions): Promise<Buffer> {
  const inv = r.invoice;
  const w = newWriter(opts, `Relance ${inv.number}`, false);
  const refs = [REMINDER_SUBTITLES[r.level], `Date : ${frenchDay(r.day)}`, `Facture n° ${inv.number}`, `Échéance : ${frenchDay(inv.dueDate!)}`];
  header(w, { logo: opts.logo, title: "RELANCE", refs, seller: inv.seller, buyer: inv.buyer });
  w.para(`Objet : ${REMINDER_SUBTITLES[r.level].toLowerCase()} — facture n° ${inv.number}`, { size: 10.5, bold: true, gap: 8 });
  for (const p of reminderWording(r)) w.para(p, { size: 10, gap: 8 });
  const rows: [string, string][] = [
    ["Facture", inv.number ?? ""],
    ["Date d'émission", frenchDay(inv.issueDate!)],
    ["Date d'échéance", frenchDay(inv.dueDate!)],
    ["Jours de retard", String(r.daysLate)],
    ["Montant TTC de la facture", euros(inv.totals.totalTtcCents)],
    ["Montant restant dû", euros(r.amountDueCents)],
  ];
  w.ensure(rows.length * 16 + 10);
  for (const [a, b] of rows) {
    w.text(a, M, w.y, { width: 200, size: 9.5, color: MUTED });
    w.text(b, M + 200, w.y, { width: 200, size: 9.5, bold: true });
    w.y += 16;
  }
  w.heading("Règlement");
  for (const line of paymentDetails(inv.seller)) w.para(line, { bold: true });
  w.para(`Référence à rappeler avec votre paiement : ${inv.number}`);
  for (const line of latePaymentMentions(inv)) w.para(line);
  w.y += 10;
  w.para("Nous vous prions d'agréer nos salutations distinguées.", { size: 10 });
  w.para(inv.seller.legalName, { size: 10, bold: true });
  return w.finish(footerText(inv.seller));
}
