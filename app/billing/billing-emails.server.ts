// The words of the billing emails (issue 9): invoice or credit note, quote, payment receipt and
// the three reminders. Pure functions (subject, HTML escaped with escapeHtml, text version);
// send.server.ts and reminders.server.ts attach the PDF and send them.
import type { Email } from "~/email/email.server";
import { escapeHtml } from "~/lib/html";
import { formatDate, formatEuros } from "~/lib/format";

export type EmailContent = Pick<Email, "subject" | "html" | "text">;

/** `YYYY-MM-DD` (a Paris calendar day) → "24 nov. 2026"; noon UTC stays on that day in Paris. */
export const formatDay = (day: string) => formatDate(`${day}T12:00:00Z`);

type Paragraph = string | { link: string; label: string };

/** Greeting, paragraphs, signature: the same text in plain text and escaped HTML. */
function compose(subject: string, greeting: string, paragraphs: Paragraph[], sellerName: string): EmailContent {
  const text = [greeting, ...paragraphs.map((p) => (typeof p === "string" ? p : `${p.label} : ${p.link}`)), `Cordialement,\n${sellerName}`].join("\n\n") + "\n";
  const html = [greeting, ...paragraphs, `Cordialement,<br>${escapeHtml(sellerName)}`]
    .map((p, i) => {
      if (typeof p !== "string") return `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p>`;
      // The signature (last) is already HTML; everything else is text.
      return i === paragraphs.length + 1 ? `<p>${p}</p>` : `<p>${escapeHtml(p)}</p>`;
    })
    .join("\n");
  return { subject, html, text };
}

const hello = (name: string | null) => (name ? `Bonjour ${name},` : "Bonjour,");

export type InvoiceEmailInput = {
  kind: "invoice" | "credit_note";
  number: string;
  issueDate: string;
  dueDate: string | null;
  totalTtcCents: number;
  /** What is left to pay (an invoice partly paid before it is sent). */
  amountDueCents: number;
  /** The invoice a credit note corrects. */
  creditedNumber: string | null;
  sellerName: string;
  buyerName: string | null;
  payUrl: string | null;
};

export function invoiceEmail(i: InvoiceEmailInput): EmailContent {
  if (i.kind === "credit_note") {
    return compose(
      `Avoir n° ${i.number} de ${i.sellerName}`,
      hello(i.buyerName),
      [
        `Veuillez trouver ci-joint l'avoir n° ${i.number} du ${formatDay(i.issueDate)}${i.creditedNumber ? `, relatif à la facture n° ${i.creditedNumber}` : ""}, d'un montant de ${formatEuros(i.totalTtcCents)}.`,
      ],
      i.sellerName,
    );
  }
  const paragraphs: Paragraph[] = [
    `Veuillez trouver ci-joint la facture n° ${i.number} du ${formatDay(i.issueDate)}, d'un montant de ${formatEuros(i.totalTtcCents)}${i.dueDate ? `, à régler au plus tard le ${formatDay(i.dueDate)}` : ""}.`,
  ];
  if (i.amountDueCents !== i.totalTtcCents) paragraphs.push(`Reste à régler : ${formatEuros(i.amountDueCents)}.`);
  if (i.payUrl) paragraphs.push({ link: i.payUrl, label: "Consulter et régler la facture en ligne" });
  return compose(`Facture n° ${i.number} de ${i.sellerName}`, hello(i.buyerName), paragraphs, i.sellerName);
}

export type QuoteEmailInput = {
  number: string;
  issueDate: string | null;
  validUntil: string;
  totalTtcCents: number;
  sellerName: string;
  buyerName: string | null;
  acceptUrl: string;
};

export function quoteEmail(q: QuoteEmailInput): EmailContent {
  return compose(
    `Devis n° ${q.number} de ${q.sellerName}`,
    hello(q.buyerName),
    [
      `Veuillez trouver ci-joint le devis n° ${q.number}${q.issueDate ? ` du ${formatDay(q.issueDate)}` : ""}, d'un montant de ${formatEuros(q.totalTtcCents)}, valable jusqu'au ${formatDay(q.validUntil)}.`,
      "Vous pouvez le lire et l'accepter en ligne (« bon pour accord ») :",
      { link: q.acceptUrl, label: "Consulter et accepter le devis" },
    ],
    q.sellerName,
  );
}

export type ReceiptEmailInput = { number: string; paidCents: number; paidAt: Date; sellerName: string; buyerName: string | null };

export function receiptEmail(r: ReceiptEmailInput): EmailContent {
  return compose(
    `Facture n° ${r.number} acquittée`,
    hello(r.buyerName),
    [
      `Nous avons bien reçu votre règlement de ${formatEuros(r.paidCents)} le ${formatDate(r.paidAt)} : la facture n° ${r.number} est acquittée.`,
      "Vous la trouverez ci-jointe. Merci !",
    ],
    r.sellerName,
  );
}

export type ReminderLevel = 1 | 2 | 3;

export type ReminderEmailInput = {
  level: ReminderLevel;
  number: string;
  issueDate: string;
  dueDate: string;
  amountDueCents: number;
  sellerName: string;
  buyerName: string | null;
  business: boolean;
  penaltyRateBps: number | null;
  payUrl: string | null;
};

const REMINDER_SUBJECTS: Record<ReminderLevel, (n: string) => string> = {
  1: (n) => `Rappel : facture n° ${n} en attente de règlement`,
  2: (n) => `Deuxième relance : facture n° ${n}`,
  3: (n) => `Dernière relance : facture n° ${n}`,
};

export function reminderEmail(r: ReminderEmailInput): EmailContent {
  const paragraphs: Paragraph[] = [
    r.level === 1
      ? `Sauf erreur de notre part, la facture n° ${r.number} du ${formatDay(r.issueDate)}, arrivée à échéance le ${formatDay(r.dueDate)}, n'est pas encore réglée : il reste ${formatEuros(r.amountDueCents)} à payer.`
      : `Sauf erreur de notre part, la facture n° ${r.number} du ${formatDay(r.issueDate)}, échue depuis le ${formatDay(r.dueDate)}, reste impayée à ce jour : il reste ${formatEuros(r.amountDueCents)} à payer. Merci de procéder à son règlement dans les meilleurs délais.`,
    "Vous trouverez ci-joint la relance correspondante. Si vous avez réglé entre-temps, merci de ne pas tenir compte de ce message.",
  ];
  if (r.level === 3) {
    const penalties = r.penaltyRateBps ? `des pénalités de retard au taux annuel de ${(r.penaltyRateBps / 100).toLocaleString("fr-FR")} %` : "des pénalités de retard";
    paragraphs.push(
      `Sans règlement de votre part, ${penalties} seront exigibles${r.business ? ", ainsi que l'indemnité forfaitaire pour frais de recouvrement de 40 €" : ""}.`,
    );
  }
  if (r.payUrl) paragraphs.push({ link: r.payUrl, label: "Consulter et régler la facture en ligne" });
  return compose(REMINDER_SUBJECTS[r.level](r.number), hello(r.buyerName), paragraphs, r.sellerName);
}
