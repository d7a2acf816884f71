// Quote and reminder PDFs, and the coach's logo (PNG, JPEG, SVG) on them: mentions in the text,
// fonts embedded, a sound file. The SVG logo may carry text (drawn in the embedded DejaVu) and
// may not pull a file of the server into the PDF.
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../../tests/helpers";
import { billingProfile, businessClient, issuedInvoice, personClient, sentQuote } from "../../../tests/pdf-fixtures";
import { pdfFlatText, pdfFonts, qpdfCheck, skipPdfTools } from "../../../tests/pdf-tools";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { updateBillingProfile } from "../billing-profile.server";
import { createDraftInvoice } from "../invoices.server";
import { recordPayment } from "../ledger.server";
import { RECOVERY_INDEMNITY_MENTION } from "../money";
import { invoicePdf, quotePdf, receiptPdf, reminderPdf } from "./documents.server";

type Coach = Awaited<ReturnType<typeof makeCoach>>;
let coach: Coach;
const inC = <T,>(fn: (db: TenantDb) => T) => withTenantDb(coach.tenant.id, fn);

let person: number;
let business: number;

beforeAll(async () => {
  setupTestDb();
  coach = await makeCoach("Quote Coach", "quote@example.fr");
  await inC((db) => {
    billingProfile(db, "franchise");
    person = personClient(db);
    business = businessClient(db);
  });
});

function expectSound(pdf: Buffer) {
  for (const f of pdfFonts(pdf)) expect(f, f.name).toMatchObject({ embedded: true });
  expect(pdfFonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, "")).every((n) => n.startsWith("DejaVuSans"))).toBe(true);
  expect(qpdfCheck(pdf).ok).toBe(true);
}

describe.skipIf(skipPdfTools)("quote PDF", () => {
  it("a sent quote: DEVIS, number, validity, schedule (deposit and balance), terms of sale, a signature block", async () => {
    const { pdf, filename } = await inC(async (db) => quotePdf(db, sentQuote(db, person, { number: "D-2026-0007" })));
    expect(filename).toBe("Devis-D-2026-0007.pdf");
    const text = pdfFlatText(pdf);
    expect(text).toContain("DEVIS");
    expect(text).toContain("N° D-2026-0007");
    expect(text).toContain("Date : 14 mars 2026");
    expect(text).toContain("Valable jusqu'au 15 avril 2026");
    expect(text).toContain("Accompagnement « Cap 2026 »");
    expect(text).toContain("Total TTC 308,25 €");
    expect(text).toContain("TVA non applicable, art. 293 B du CGI");
    // 30 % of 308,25 = 92,475 → 92,48 (half away from zero); balance 215,77
    expect(text).toContain("Acompte de 30 % : 92,48 €, à régler le 20 mars 2026.");
    expect(text).toContain("Solde : 215,77 €, à régler le 1 mai 2026.");
    expect(text).toContain("Conditions générales de vente");
    expect(text).toContain("Toute séance annulée moins de 48 h à l'avance est due.");
    expect(text).toContain("Pénalités de retard : taux annuel de 12,15 %");
    expect(text).toContain("« Bon pour accord »");
    expect(text).not.toContain("Devis accepté le");
    expect(text).not.toContain(RECOVERY_INDEMNITY_MENTION);
    expect(text).not.toContain("BROUILLON");
    expectSound(pdf);
  });

  it("an accepted quote shows who accepted it and when", async () => {
    const { pdf } = await inC(async (db) => quotePdf(db, sentQuote(db, person, { status: "accepted", number: "D-2026-0008" })));
    const text = pdfFlatText(pdf);
    expect(text).toContain("Devis accepté le 16 mars 2026 par Camille Lefèvre");
  });

  it("a draft quote is a BROUILLON preview and a business quote carries the 40 € mention", async () => {
    const { pdf, filename } = await inC(async (db) => quotePdf(db, sentQuote(db, business, { status: "draft" })));
    expect(filename).toMatch(/^Devis-brouillon-\d+\.pdf$/);
    const text = pdfFlatText(pdf);
    expect(text).toContain("BROUILLON — sans valeur");
    expect(text).toContain("N° attribué à l'envoi");
    expect(text).toContain("Dupont & Fils <SARL>");
    expect(text).toContain(RECOVERY_INDEMNITY_MENTION);
  });

  it("an unknown quote is a not_found BillingError", async () => {
    await expect(inC((db) => quotePdf(db, 987_654))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe.skipIf(skipPdfTools)("reminder PDF", () => {
  it("levels 1 to 3: courteous, firm, formal notice; invoice number, due date, days late, amount still due, penalties", async () => {
    const texts = await inC(async (db) => {
      const inv = issuedInvoice(db, coach.tenant.id, business);
      recordPayment(db, { invoiceId: inv.id, amountCents: 10_000, method: "transfer", paidAt: new Date("2026-04-01T10:00:00Z") });
      const out: { number: string; text: string; filename: string }[] = [];
      for (const level of [1, 2, 3] as const) {
        const r = await reminderPdf(db, inv.id, level, "2026-05-13");
        expectSound(r.pdf);
        out.push({ number: inv.number, text: pdfFlatText(r.pdf), filename: r.filename });
      }
      return out;
    });
    const [one, two, three] = texts;
    expect(one.filename).toBe(`Relance-1-${one.number}.pdf`);
    for (const { text, number } of texts) {
      expect(text).toContain("RELANCE");
      expect(text).toContain(`Facture n° ${number}`);
      expect(text).toContain("Échéance : 13 avril 2026");
      expect(text).toContain("Jours de retard 30");
      // 328,24 − 100 paid
      expect(text).toContain("Montant restant dû 228,24 €");
      expect(text).toContain("Pénalités de retard : taux annuel de 12,15 %");
      expect(text).toContain(RECOVERY_INDEMNITY_MENTION);
      expect(text).toContain("IBAN : FR76 3000 6000 0112 3456 7890 189");
    }
    expect(one.text).toContain("Rappel de paiement");
    expect(one.text).toContain("simple oubli");
    expect(two.text).toContain("Deuxième relance");
    expect(two.text).toContain("Malgré notre précédent rappel");
    expect(three.text).toContain("Dernière relance avant mise en demeure");
    expect(three.text).toContain("nous vous mettons en demeure de régler cette somme sous 8 jours");
    expect(one.text).not.toContain("mise en demeure");
  });

  it("a B2C reminder has no 40 € mention; a draft cannot be reminded", async () => {
    const text = await inC(async (db) => {
      const inv = issuedInvoice(db, coach.tenant.id, person);
      return pdfFlatText((await reminderPdf(db, inv.id, 1, "2026-04-14")).pdf);
    });
    expect(text).toContain("Jours de retard 1");
    expect(text).not.toContain(RECOVERY_INDEMNITY_MENTION);
    const draft = await inC((db) => createDraftInvoice(db, { clientId: person, lines: [{ description: "x", quantity: 100, unitPriceCents: 100, vatRateBps: 0 }] }));
    await expect(inC((db) => reminderPdf(db, draft, 1, "2026-04-14"))).rejects.toThrow("Seule une facture émise et échue se relance.");
  });
});

describe.skipIf(skipPdfTools)("receipt (facture acquittée)", () => {
  it("a fully paid invoice has a receipt stamped ACQUITTÉE with its payments; the stored invoice PDF stays as issued", async () => {
    const { receipt, stored, number } = await inC(async (db) => {
      const inv = issuedInvoice(db, coach.tenant.id, person);
      const before = await invoicePdf(db, inv.id);
      await expect(receiptPdf(db, inv.id)).rejects.toThrow("Seule une facture entièrement payée a un reçu.");
      recordPayment(db, { invoiceId: inv.id, amountCents: 20_000, method: "transfer", paidAt: new Date("2026-03-20T10:00:00Z") });
      recordPayment(db, { invoiceId: inv.id, amountCents: 12_824, method: "cheque", paidAt: new Date("2026-04-02T10:00:00Z") });
      const after = await invoicePdf(db, inv.id);
      expect(Buffer.compare(after.pdf, before.pdf)).toBe(0);
      return { receipt: await receiptPdf(db, inv.id), stored: after, number: inv.number };
    });
    expect(receipt.filename).toBe(`Facture-${number}-acquittee.pdf`);
    const text = pdfFlatText(receipt.pdf);
    expect(text).toContain("ACQUITTÉE le 2 avril 2026");
    expect(text).toContain("Paiement du 20 mars 2026 (Virement) : 200,00 €");
    expect(text).toContain("Paiement du 2 avril 2026 (Chèque) : 128,24 €");
    expect(text).toContain(`N° ${number}`);
    expect(text).toContain("Total TTC 328,24 €");
    expect(pdfFlatText(stored.pdf)).not.toContain("ACQUITTÉE");
    expectSound(receipt.pdf);
  });
});

/** A valid 2×2 RGB PNG, built here (no binary fixture). */
function tinyPng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 11, 83, 148, 255, 255, 255, 0, 255, 255, 255, 11, 83, 148]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

describe.skipIf(skipPdfTools)("the coach's logo", () => {
  it("a PNG logo is drawn as an image", async () => {
    const pdf = await inC(async (db) => {
      updateBillingProfile(db, { logo: tinyPng(), logoMime: "image/png" });
      return (await quotePdf(db, sentQuote(db, person, { number: "D-2026-0020" }))).pdf;
    });
    expect(pdf.toString("latin1")).toMatch(/\/Subtype \/Image/);
    expectSound(pdf);
  });

  it("an SVG logo: its text uses the embedded font, and an <image> pointing at a server file is ignored", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#0b5394"/>
      <text x="10" y="40" font-family="Arial" font-weight="bold" font-size="24" fill="#fff">Sérénité</text>
      <image href="/etc/hostname" width="10" height="10"/><image href="file:///etc/passwd" width="10" height="10"/></svg>`;
    const pdf = await inC(async (db) => {
      updateBillingProfile(db, { logo: Buffer.from(svg), logoMime: "image/svg+xml" });
      return (await quotePdf(db, sentQuote(db, person, { number: "D-2026-0021" }))).pdf;
    });
    expect(pdfFlatText(pdf)).toContain("Sérénité");
    expect(pdf.toString("latin1")).not.toMatch(/\/Subtype \/Image/);
    expectSound(pdf);
  });

  it("an unreadable logo never blocks the document", async () => {
    const { pdf, issuedNumber } = await inC(async (db) => {
      updateBillingProfile(db, { logo: Buffer.from("not an image"), logoMime: "image/png" });
      const inv = issuedInvoice(db, coach.tenant.id, person);
      return { pdf: (await invoicePdf(db, inv.id)).pdf, issuedNumber: inv.number };
    });
    expect(pdfFlatText(pdf)).toContain(`N° ${issuedNumber}`);
    expectSound(pdf);
  });
});
