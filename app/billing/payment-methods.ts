// Payment methods as the coach reads them (pages, PDFs, events): shared by server and browser.
import type { PaymentMethod } from "../../db/tenant.schema";

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  card: "Carte",
  transfer: "Virement",
  cash: "Espèces",
  cheque: "Chèque",
  other: "Autre",
};

/** The choices of a payment entered by hand: a card payment here is one taken outside Stripe. */
export const MANUAL_METHOD_OPTIONS: [PaymentMethod, string][] = [
  ["transfer", "Virement"],
  ["cash", "Espèces"],
  ["cheque", "Chèque"],
  ["card", "Carte (hors ligne)"],
  ["other", "Autre"],
];
