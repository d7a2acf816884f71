// The template types (001 §3.8) and the French starter design each one opens with.
// No server imports: the list page reads the labels.
import type { EmailTemplateKind } from "../../../db/tenant.schema";
import { DEFAULT_THEME, type Block, type EmailDesign } from "./design";

export const TEMPLATE_KIND_LABELS: Record<EmailTemplateKind, string> = {
  greetings: "Vœux",
  services: "Présentation de services",
  follow_up: "Relance",
  appointment: "Confirmation de rendez-vous",
  check_in: "Suivi",
  client_invite: "Invitation client",
  custom: "Personnalisé",
};

export type Starter = { subject: string; design: EmailDesign; fallbacks: Record<string, string> };

const signature: Block = { type: "signature", name: "Votre nom", role: "Coach", details: "" };
const design = (blocks: Block[], theme: Partial<EmailDesign["theme"]> = {}): EmailDesign => ({ theme: { ...DEFAULT_THEME, ...theme }, blocks: [...blocks, signature] });
const fallbacks = { firstName: "", company: "votre entreprise", date: "prochainement" };

export const STARTERS: Record<EmailTemplateKind, Starter> = {
  greetings: {
    subject: "Meilleurs vœux, {{firstName}} !",
    design: design(
      [
        { type: "title", text: "Belle et heureuse année {{firstName}} !", size: "large", align: "center" },
        { type: "text", text: "Merci pour la confiance que vous m'avez accordée cette année.\n\nJe vous souhaite une nouvelle année pleine d'énergie, de projets et de réussites.", align: "center" },
        { type: "divider" },
      ],
      { accentColor: "#b45309", font: "serif" },
    ),
    fallbacks,
  },
  services: {
    subject: "{{firstName}}, voici comment je peux vous accompagner",
    design: design([
      { type: "title", text: "Mes accompagnements", size: "large" },
      { type: "text", text: "Bonjour {{firstName}},\n\nVoici les formules que je propose pour vous aider à atteindre vos objectifs." },
      { type: "columns", left: "Séance individuelle\nUn point d'une heure, en visio ou en présentiel.", right: "Programme de 3 mois\nUn suivi chaque semaine et un plan sur mesure." },
      { type: "button", label: "Réserver un appel découverte", url: "https://exemple.fr/rendez-vous" },
    ]),
    fallbacks,
  },
  follow_up: {
    subject: "{{firstName}}, on en reparle ?",
    design: design([
      { type: "text", text: "Bonjour {{firstName}},\n\nJe reviens vers vous suite à notre échange. Avez-vous pu réfléchir à votre projet ?\n\nJe reste disponible pour en parler quand vous le souhaitez." },
      { type: "button", label: "Choisir un créneau", url: "https://exemple.fr/rendez-vous" },
    ]),
    fallbacks,
  },
  appointment: {
    subject: "Votre rendez-vous du {{date}} est confirmé",
    design: design([
      { type: "title", text: "C'est confirmé !", size: "large" },
      { type: "text", text: "Bonjour {{firstName}},\n\nVotre rendez-vous du {{date}} est bien noté. Pensez à préparer vos questions.\n\nBesoin de décaler ? Répondez simplement à cet email." },
    ]),
    fallbacks,
  },
  check_in: {
    subject: "Comment ça avance, {{firstName}} ?",
    design: design([
      { type: "text", text: "Bonjour {{firstName}},\n\nOù en êtes-vous depuis notre dernière séance ? Qu'est-ce qui a bien marché, qu'est-ce qui a coincé ?\n\nRépondez-moi en quelques lignes, j'en tiendrai compte pour la suite." },
    ]),
    fallbacks,
  },
  client_invite: {
    subject: "{{firstName}}, bienvenue dans l'aventure !",
    design: design([
      { type: "title", text: "Bienvenue {{firstName}} !", size: "large" },
      { type: "text", text: "Je suis ravi(e) de commencer cet accompagnement avec vous.\n\nPour bien démarrer, réservez votre première séance :" },
      { type: "button", label: "Réserver ma première séance", url: "https://exemple.fr/rendez-vous" },
    ]),
    fallbacks,
  },
  custom: {
    subject: "Des nouvelles pour vous, {{firstName}}",
    design: design([{ type: "text", text: "Bonjour {{firstName}},\n\nÉcrivez votre message ici." }]),
    fallbacks,
  },
};
