// Factur-X: the invoice as UN/CEFACT CII XML (rsm:CrossIndustryInvoice), profile EN 16931 (the
// "COMFORT" level of Factur-X 1.0, a superset of BASIC). Element order follows the Factur-X
// 1.07.3 EN16931 XSD exactly (the tests validate against it with xmllint).
//
// Mapping (EN 16931 business terms):
//   BT-1 number, BT-2 issue date, BT-3 type 380 invoice / 386 deposit (prepayment) invoice / 381 credit note (BG-3: the invoice it
//   corrects), BT-5 EUR; seller BT-27 legal name, BT-28 trade name, BT-30 SIREN (schemeID 0002),
//   BT-31 VAT number (VA) or, for a VAT-exempt coach, BT-32 tax registration (FC) with the SIREN;
//   buyer BT-44, BT-47 SIREN, BT-48 VAT number; BT-72 service date or BG-14 period; lines BG-25;
//   VAT breakdown BG-23 per rate (category S) or one E line with VATEX-FR-FRANCHISE; BT-9 due
//   date; BG-16 payment means 58 (SEPA credit transfer) with the IBAN/BIC; BG-22 totals.
import { FRANCHISE_MENTION } from "../money";
import type { InvoiceDoc } from "../pdf/document-model";
import { el, serializeXml, type XmlChild } from "./xml";

export const FACTURX_GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017";
/** The XMP fx:ConformanceLevel that goes with the guideline above. */
export const FACTURX_CONFORMANCE_LEVEL = "EN 16931";
export const FACTURX_FILENAME = "factur-x.xml";
export const VATEX_FRANCHISE = "VATEX-FR-FRANCHISE";

const NS = {
  "xmlns:rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
  "xmlns:qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
  "xmlns:ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
  "xmlns:udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
  "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
};

/** Cents → "123.45" (CII amounts: dot, two decimals). */
const amount = (cents: number) => {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};
/** Hundredths → "1.50" */
const quantity = (q: number) => amount(q);
/** Basis points → "20.00", "5.50" */
const percent = (bps: number) => amount(bps);
/** "2026-03-14" → "20260314" (format 102). */
const date102 = (day: string) => day.replaceAll("-", "");
const dateTime = (tag: string, day: string) => el(tag, el("udt:DateTimeString", { format: "102" }, date102(day)));

const vatCategory = (doc: InvoiceDoc, rateBps: number) => (doc.vatRegime === "franchise" ? "E" : rateBps === 0 ? "Z" : "S");

function sellerParty(doc: InvoiceDoc) {
  const s = doc.seller;
  const registrations: XmlChild[] = [];
  if (s.vatNumber) registrations.push(el("ram:SpecifiedTaxRegistration", el("ram:ID", { schemeID: "VA" }, s.vatNumber)));
  else if (s.siren) registrations.push(el("ram:SpecifiedTaxRegistration", el("ram:ID", { schemeID: "FC" }, s.siren)));
  return el(
    "ram:SellerTradeParty",
    el("ram:Name", s.legalName),
    s.siren || s.tradeName
      ? el("ram:SpecifiedLegalOrganization", s.siren ? el("ram:ID", { schemeID: "0002" }, s.siren) : null, s.tradeName ? el("ram:TradingBusinessName", s.tradeName) : null)
      : null,
    el("ram:PostalTradeAddress", el("ram:PostcodeCode", s.postalCode || null), el("ram:LineOne", s.address || null), el("ram:CityName", s.city || null), el("ram:CountryID", s.country || "FR")),
    s.email ? el("ram:URIUniversalCommunication", el("ram:URIID", { schemeID: "EM" }, s.email)) : null,
    ...registrations,
  );
}

function buyerParty(doc: InvoiceDoc) {
  const b = doc.buyer;
  return el(
    "ram:BuyerTradeParty",
    el("ram:Name", b.name),
    b.siren ? el("ram:SpecifiedLegalOrganization", el("ram:ID", { schemeID: "0002" }, b.siren)) : null,
    b.contact ? el("ram:DefinedTradeContact", el("ram:PersonName", b.contact)) : null,
    el("ram:PostalTradeAddress", el("ram:PostcodeCode", b.postalCode || null), el("ram:LineOne", b.address || null), el("ram:CityName", b.city || null), el("ram:CountryID", b.country || "FR")),
    b.email ? el("ram:URIUniversalCommunication", el("ram:URIID", { schemeID: "EM" }, b.email)) : null,
    b.vatNumber ? el("ram:SpecifiedTaxRegistration", el("ram:ID", { schemeID: "VA" }, b.vatNumber)) : null,
  );
}

function lineItem(doc: InvoiceDoc, line: InvoiceDoc["lines"][number], index: number) {
  const category = vatCategory(doc, line.vatRateBps);
  return el(
    "ram:IncludedSupplyChainTradeLineItem",
    el("ram:AssociatedDocumentLineDocument", el("ram:LineID", String(index + 1))),
    el("ram:SpecifiedTradeProduct", el("ram:Name", line.description)),
    el("ram:SpecifiedLineTradeAgreement", el("ram:NetPriceProductTradePrice", el("ram:ChargeAmount", amount(line.unitPriceCents)))),
    el("ram:SpecifiedLineTradeDelivery", el("ram:BilledQuantity", { unitCode: "C62" }, quantity(line.quantity))),
    el(
      "ram:SpecifiedLineTradeSettlement",
      el("ram:ApplicableTradeTax", el("ram:TypeCode", "VAT"), el("ram:CategoryCode", category), el("ram:RateApplicablePercent", percent(category === "E" ? 0 : line.vatRateBps))),
      el("ram:SpecifiedTradeSettlementLineMonetarySummation", el("ram:LineTotalAmount", amount(line.totalHtCents))),
    ),
  );
}

function headerTaxes(doc: InvoiceDoc) {
  return doc.totals.vat.map((v) => {
    const category = vatCategory(doc, v.rateBps);
    return el(
      "ram:ApplicableTradeTax",
      el("ram:CalculatedAmount", amount(category === "E" ? 0 : v.vatCents)),
      el("ram:TypeCode", "VAT"),
      category === "E" ? el("ram:ExemptionReason", FRANCHISE_MENTION) : null,
      el("ram:BasisAmount", amount(v.baseCents)),
      el("ram:CategoryCode", category),
      category === "E" ? el("ram:ExemptionReasonCode", VATEX_FRANCHISE) : null,
      el("ram:RateApplicablePercent", percent(category === "E" ? 0 : v.rateBps)),
    );
  });
}

/** Everything an issued invoice needs for its XML; a draft has no number and gets none. */
export function facturxXml(doc: InvoiceDoc, opts: { paidCents?: number } = {}): string {
  if (!doc.number || !doc.issueDate) throw new Error("Factur-X: only an issued document has a number and a date");
  const creditNote = doc.kind === "credit_note";
  const paid = creditNote ? 0 : Math.max(0, Math.min(opts.paidCents ?? 0, doc.totals.totalTtcCents));
  const period = doc.serviceEndDate && doc.serviceDate && doc.serviceEndDate !== doc.serviceDate;
  const s = doc.seller;
  const notes: XmlChild[] = [];
  if (doc.notes) notes.push(el("ram:IncludedNote", el("ram:Content", doc.notes)));
  if (doc.vatRegime === "franchise") notes.push(el("ram:IncludedNote", el("ram:Content", FRANCHISE_MENTION), el("ram:SubjectCode", "TXD")));
  if (s.penaltyRateBps >= 0 && !creditNote) {
    notes.push(el("ram:IncludedNote", el("ram:Content", `Pénalités de retard : taux annuel de ${(s.penaltyRateBps / 100).toLocaleString("fr-FR")} %. Pas d'escompte pour paiement anticipé.`), el("ram:SubjectCode", "PMT")));
  }
  if (doc.buyer.kind === "business" && !creditNote) {
    notes.push(el("ram:IncludedNote", el("ram:Content", "Indemnité forfaitaire pour frais de recouvrement : 40 €"), el("ram:SubjectCode", "PMD")));
  }
  if (s.legalMentions) notes.push(el("ram:IncludedNote", el("ram:Content", s.legalMentions), el("ram:SubjectCode", "REG")));

  const root = el(
    "rsm:CrossIndustryInvoice",
    NS,
    el("rsm:ExchangedDocumentContext", el("ram:GuidelineSpecifiedDocumentContextParameter", el("ram:ID", FACTURX_GUIDELINE_EN16931))),
    el("rsm:ExchangedDocument", el("ram:ID", doc.number), el("ram:TypeCode", creditNote ? "381" : doc.schedulePart === "deposit" ? "386" : "380"), dateTime("ram:IssueDateTime", doc.issueDate), ...notes),
    el(
      "rsm:SupplyChainTradeTransaction",
      ...doc.lines.map((l, i) => lineItem(doc, l, i)),
      el("ram:ApplicableHeaderTradeAgreement", sellerParty(doc), buyerParty(doc)),
      el("ram:ApplicableHeaderTradeDelivery", doc.serviceDate && !period ? el("ram:ActualDeliverySupplyChainEvent", dateTime("ram:OccurrenceDateTime", doc.serviceDate)) : null),
      el(
        "ram:ApplicableHeaderTradeSettlement",
        el("ram:PaymentReference", doc.number),
        el("ram:InvoiceCurrencyCode", "EUR"),
        s.iban && !creditNote
          ? el(
              "ram:SpecifiedTradeSettlementPaymentMeans",
              el("ram:TypeCode", "58"),
              el("ram:Information", "Virement SEPA"),
              el("ram:PayeePartyCreditorFinancialAccount", el("ram:IBANID", s.iban.replace(/\s+/g, ""))),
              s.bic ? el("ram:PayeeSpecifiedCreditorFinancialInstitution", el("ram:BICID", s.bic)) : null,
            )
          : null,
        ...headerTaxes(doc),
        period ? el("ram:BillingSpecifiedPeriod", dateTime("ram:StartDateTime", doc.serviceDate!), dateTime("ram:EndDateTime", doc.serviceEndDate!)) : null,
        // BR-CO-25: a positive amount due needs a due date or payment terms (a credit note has no due date).
        creditNote
          ? el("ram:SpecifiedTradePaymentTerms", el("ram:Description", `Avoir à déduire de la facture ${doc.credited?.number ?? ""} ou remboursé.`.replace("  ", " ")))
          : doc.dueDate
            ? el("ram:SpecifiedTradePaymentTerms", el("ram:Description", paymentTermsText(doc)), dateTime("ram:DueDateDateTime", doc.dueDate))
            : null,
        el(
          "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
          el("ram:LineTotalAmount", amount(doc.lines.reduce((sum, l) => sum + l.totalHtCents, 0))),
          el("ram:TaxBasisTotalAmount", amount(doc.totals.totalHtCents)),
          el("ram:TaxTotalAmount", { currencyID: "EUR" }, amount(doc.totals.totalVatCents)),
          el("ram:GrandTotalAmount", amount(doc.totals.totalTtcCents)),
          paid > 0 ? el("ram:TotalPrepaidAmount", amount(paid)) : null,
          el("ram:DuePayableAmount", amount(doc.totals.totalTtcCents - paid)),
        ),
        doc.credited
          ? el(
              "ram:InvoiceReferencedDocument",
              el("ram:IssuerAssignedID", doc.credited.number),
              doc.credited.issueDate ? el("ram:FormattedIssueDateTime", el("qdt:DateTimeString", { format: "102" }, date102(doc.credited.issueDate))) : null,
            )
          : null,
      ),
    ),
  );
  return serializeXml(root);
}

function paymentTermsText(doc: InvoiceDoc) {
  const terms = doc.seller.iban ? "Virement bancaire" : "Paiement";
  return `${terms} au plus tard le ${doc.dueDate!.split("-").reverse().join("/")}. Pas d'escompte pour paiement anticipé.`;
}
