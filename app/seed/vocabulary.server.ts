// Fixed French word lists for demo data. Fixed lists (rather than free faker text) keep
// aggregates meaningful: "top 5 professions" or "top lost reasons" only make sense on a
// small vocabulary with uneven weights.
import type { LeadStatus } from "../../db/tenant.schema";

export const SPECIALTIES = ["fitness", "musculation", "yoga", "nutrition", "business", "mindset"] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/** Weights shape the pipeline; every status appears even with 60 leads (see allocate()). */
export const STATUS_WEIGHTS: readonly (readonly [LeadStatus, number])[] = [
  ["new", 10],
  ["engaged", 14],
  ["qualified", 14],
  ["call_proposed", 9],
  ["call_booked", 9],
  ["won", 14],
  ["lost", 15],
  ["follow_up", 15],
];

export const SOURCE_WEIGHTS = [
  ["story", 35],
  ["keyword", 25],
  ["post", 20],
  ["dm_organique", 20],
] as const;

export const LOST_REASON_WEIGHTS = [
  ["Prix trop élevé", 35],
  ["Manque de temps", 25],
  ["Déjà essayé", 15],
  ["Hésitation", 15],
  ["Autre", 10],
] as const;

export const GENDER_WEIGHTS = [
  ["female", 46],
  ["male", 42],
  ["other", 4],
  [null, 8],
] as const;

/** ~15 professions with decreasing weights so the top 5 stands out. */
export const PROFESSION_WEIGHTS = [
  ["Enseignant", 14],
  ["Infirmier", 12],
  ["Développeur", 11],
  ["Commercial", 10],
  ["Chef de projet", 9],
  ["Entrepreneur", 8],
  ["Comptable", 7],
  ["Étudiant", 6],
  ["Aide-soignant", 5],
  ["Kinésithérapeute", 4],
  ["Responsable marketing", 4],
  ["Assistant administratif", 3],
  ["Artisan", 3],
  ["Agent immobilier", 2],
  ["Cadre bancaire", 2],
] as const;

export const DEAL_VALUES_EUR = [497, 697, 997, 1497, 1997, 2997] as const;

/** What the coach helps with, used inside message texts and client goals. */
export const TOPIC: Record<Specialty, string> = {
  fitness: "ta remise en forme",
  musculation: "ta prise de masse",
  yoga: "ta pratique du yoga",
  nutrition: "ton alimentation",
  business: "le lancement de ton activité",
  mindset: "ta confiance en toi",
};

export const CLIENT_GOALS: Record<Specialty, readonly string[]> = {
  fitness: ["Perdre 8 kg avant l'été", "Courir un 10 km", "Retrouver de l'énergie au quotidien", "Se remettre au sport après une grossesse"],
  musculation: ["Prendre 5 kg de muscle", "Passer 100 kg au développé couché", "Sculpter le haut du corps", "S'entraîner sans se blesser"],
  yoga: ["Gagner en souplesse", "Réduire le stress", "Installer une pratique quotidienne", "Soulager le mal de dos"],
  nutrition: ["Rééquilibrer son alimentation", "Arrêter le grignotage", "Perdre du poids durablement", "Mieux manger en travaillant de nuit"],
  business: ["Atteindre 5 000 € de CA mensuel", "Trouver ses 10 premiers clients", "Structurer son offre", "Quitter son CDI dans 6 mois"],
  mindset: ["Prendre confiance en soi", "Gérer son anxiété", "Oser changer de carrière", "Arrêter de procrastiner"],
};

export const SESSION_THEMES: Record<Specialty, readonly string[]> = {
  fitness: ["Bilan de forme", "Cardio et endurance", "Renforcement du tronc", "Programme maison", "Suivi des objectifs"],
  musculation: ["Technique du squat", "Programme push/pull/legs", "Bilan des charges", "Récupération", "Suivi des mensurations"],
  yoga: ["Respiration et ancrage", "Postures debout", "Souplesse du dos", "Méditation guidée", "Enchaînements dynamiques"],
  nutrition: ["Bilan alimentaire", "Préparation des repas", "Gestion des envies", "Lecture des étiquettes", "Suivi du poids"],
  business: ["Positionnement", "Tunnel de vente", "Prospection Instagram", "Tarification", "Plan d'action trimestriel"],
  mindset: ["Croyances limitantes", "Gestion du stress", "Objectifs du mois", "Confiance en soi", "Routine du matin"],
};

export const SESSION_SUMMARIES = [
  "Bonne séance, objectifs de la semaine validés.",
  "Progrès nets depuis la dernière fois, on garde le rythme.",
  "Séance plus difficile, on ajuste le programme.",
  "Point complet sur les résultats du mois.",
  "Client motivé, nouveaux exercices introduits.",
] as const;

export const MARKED_MOMENTS = [
  "Premier objectif atteint",
  "Déclic sur la régularité",
  "Nouveau record personnel",
  "A partagé une difficulté personnelle",
  "Souhaite prolonger l'accompagnement",
] as const;

export const SESSION_NOTES = [
  "Fatigue en début de séance, meilleure énergie sur la fin.",
  "Revenu sur les freins de la semaine : manque de temps le soir.",
  "Très bonne écoute, beaucoup de questions sur la suite.",
  "Difficulté à tenir le rythme prévu, à alléger.",
] as const;

export const SESSION_AGREEMENTS = [
  "Trois créneaux fixes dans l'agenda d'ici la prochaine séance.",
  "Tenir le journal quotidien et l'apporter la prochaine fois.",
  "Tester le nouveau programme deux fois cette semaine.",
  "Préparer une question concrète pour la prochaine séance.",
] as const;

// Message texts. `{p}` is replaced by the lead's first name, `{t}` by the coach's topic.
export const OPENERS: Record<string, readonly string[]> = {
  story: [
    "Hello {p} ! Merci pour ta réaction à ma story 🙌 Tu t'intéresses à {t} ?",
    "Coucou {p}, j'ai vu ta réponse à ma story, ça m'a fait plaisir ! Tu en es où avec {t} ?",
  ],
  post: [
    "Merci pour ton commentaire sous mon post {p} 🙏 Qu'est-ce qui t'a parlé ?",
    "Hey {p} ! Content que le post t'ait plu. Tu travailles déjà sur {t} ?",
  ],
  keyword: [
    "Salut {p} ! Comme promis, voici le guide gratuit 👉 Dis-moi ce que tu en penses !",
    "Hello {p}, tu as commenté le mot-clé, voici la ressource promise 🎁 Tu cherches à avancer sur {t} ?",
  ],
  dm_organique: [
    "Merci pour ton message {p} ! Raconte-moi un peu ta situation avec {t}.",
    "Hello {p} 😊 Ravi de te lire ! Qu'est-ce qui t'amène ?",
  ],
};

export const RELANCES = [
  "Petite relance {p} 😊 Tu as pu regarder ?",
  "Hello {p}, je me permets de revenir vers toi, ça t'intéresse toujours ?",
  "{p}, je ne veux pas te déranger, dis-moi juste si ce n'est pas le moment 🙏",
] as const;

export const QUESTIONS = [
  "Qu'est-ce qui te bloque aujourd'hui pour {t} ?",
  "Tu as déjà été accompagné(e) sur {t} ?",
  "Sur une échelle de 1 à 10, à quel point c'est prioritaire pour toi ?",
  "Tu aimerais en être où dans 3 mois ?",
  "Combien de temps par semaine tu peux y consacrer ?",
] as const;

export const REPLIES = [
  "Oui carrément !",
  "Merci beaucoup, c'est top",
  "Honnêtement j'ai du mal à m'y tenir",
  "Je galère depuis des mois…",
  "J'ai déjà essayé seul(e) mais sans résultat",
  "Plutôt 8/10, j'ai vraiment envie que ça change",
  "Je peux dégager 3 ou 4 heures par semaine",
  "Oui je suis toujours intéressé(e)",
  "Ça me parle beaucoup ce que tu dis",
] as const;

export const FOLLOW_UPS = ["Et toi tu fais comment ?", "Tu peux m'en dire plus ?", "D'ailleurs j'ai une question", "😅"] as const;

export const CALL_PROPOSALS = [
  "Je te propose qu'on en parle 20 min en visio, ça te dit ?",
  "Le plus simple serait un appel découverte gratuit, tu as des dispos cette semaine ?",
] as const;

export const CALL_ACCEPTS = [
  "Ok pour jeudi 18h !",
  "Oui avec plaisir, mardi midi ça te va ?",
  "Parfait, je prends le créneau de demain 19h",
] as const;

export const CALL_HESITATIONS = ["Je vais y réfléchir", "Je te redis ça dans la semaine"] as const;

export const CALL_CONFIRMATIONS = ["Top, je t'envoie le lien de l'appel 👍", "Génial, c'est noté ! À très vite"] as const;

export const WELCOMES = ["Bienvenue dans l'accompagnement {p} 🎉", "Ravi de te compter parmi mes clients {p} ! On attaque lundi 💪"] as const;

export const OBJECTIONS: Record<string, readonly string[]> = {
  "Prix trop élevé": ["C'est un peu trop cher pour moi en ce moment", "Je n'ai pas le budget pour l'instant"],
  "Manque de temps": ["Je n'ai vraiment pas le temps en ce moment", "Trop de boulot, je reviendrai vers toi"],
  "Déjà essayé": ["J'ai déjà essayé un coaching, ça n'a pas marché", "J'ai déjà testé ce genre de programme"],
  Hésitation: ["Je ne suis pas sûr(e) que ce soit pour moi", "Je préfère attendre un peu"],
  Autre: ["Finalement je vais me débrouiller seul(e)", "Merci mais ce n'est plus d'actualité"],
};

export const UNDERSTANDINGS = ["Je comprends totalement, ma porte reste ouverte 🙏", "Pas de souci, bonne continuation !"] as const;

/** Billing addresses: real postal codes of the cities they name (faker's would not match). */
export const CITIES = [
  ["75011", "Paris"],
  ["75017", "Paris"],
  ["69003", "Lyon"],
  ["13008", "Marseille"],
  ["33000", "Bordeaux"],
  ["31000", "Toulouse"],
  ["44000", "Nantes"],
  ["59000", "Lille"],
  ["67000", "Strasbourg"],
  ["34000", "Montpellier"],
  ["35000", "Rennes"],
  ["06000", "Nice"],
  ["92100", "Boulogne-Billancourt"],
  ["38000", "Grenoble"],
  ["21000", "Dijon"],
  ["37000", "Tours"],
] as const;

export const STREETS = [
  "rue de la République",
  "avenue Jean Jaurès",
  "rue Victor Hugo",
  "boulevard Voltaire",
  "rue du Faubourg Saint-Antoine",
  "place de la Mairie",
  "rue des Lilas",
  "avenue de la Libération",
  "rue Pasteur",
  "chemin des Vignes",
  "rue Nationale",
  "allée des Tilleuls",
] as const;

/** What a coach's business clients are: the seed 001 coach works with law firms and company heads. */
export const COMPANY_FORMS = ["Avocats", "Conseil", "SAS", "SARL", "& Associés", "Expertise", "Architectes"] as const;
