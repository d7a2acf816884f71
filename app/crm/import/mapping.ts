// Column headers → lead fields. French and English headers, Google Contacts' export, and the
// CRM's own export (so that an export re-imports as is); accents, case and punctuation ignored.

export const IMPORT_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "company",
  "jobTitle",
  "city",
  "source",
  "status",
  "instagramId",
  "tags",
  "score",
  "dealValue",
  "createdAt",
  "consent",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_LABELS: Record<ImportField, string> = {
  firstName: "Prénom",
  lastName: "Nom",
  email: "Email",
  phone: "Téléphone",
  company: "Entreprise",
  jobTitle: "Poste",
  city: "Ville",
  source: "Source",
  status: "Statut",
  instagramId: "Identifiant Instagram",
  tags: "Étiquettes",
  score: "Score",
  dealValue: "Valeur de l'affaire (€)",
  createdAt: "Date de création",
  consent: "Consentement (oui/non)",
};

/** Column index (as a string) → field; unmapped columns are absent. */
export type ColumnMapping = Record<string, ImportField>;

export function normalizeHeader(header: string) {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const SYNONYMS: Record<ImportField, string[]> = {
  firstName: ["prenom", "first name", "firstname", "given name", "prenoms"],
  lastName: ["nom", "last name", "lastname", "family name", "surname", "nom de famille"],
  email: ["email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "email address", "e mail address", "e mail 1 value", "email 1 value"],
  phone: ["telephone", "tel", "phone", "mobile", "portable", "phone number", "numero de telephone", "phone 1 value", "telephone mobile", "mobile phone"],
  company: ["entreprise", "societe", "company", "organisation", "organization", "organization 1 name", "raison sociale"],
  jobTitle: ["poste", "fonction", "job title", "title", "titre", "organization 1 title", "job"],
  city: ["ville", "city", "commune", "address 1 city", "localite"],
  source: ["source", "origine", "provenance", "canal"],
  status: ["statut", "status", "etape", "stage"],
  instagramId: ["instagram", "instagram id", "username", "instagram username", "id instagram", "identifiant instagram", "compte instagram", "pseudo instagram", "ig"],
  tags: ["tags", "tag", "etiquettes", "etiquette", "labels", "mots cles"],
  score: ["score", "note lead", "lead score"],
  dealValue: ["valeur", "deal value", "montant", "valeur de l affaire", "valeur affaire", "value", "amount", "deal"],
  createdAt: ["date de creation", "cree le", "created", "created at", "date creation", "creation", "date d ajout"],
  consent: ["consentement", "consent", "opt in", "optin", "accepte les emails", "newsletter"],
};

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const s of SYNONYMS[field]) LOOKUP.set(s, field);

/** The field a header names, or null. */
export function fieldForHeader(header: string): ImportField | null {
  const h = normalizeHeader(header);
  return LOOKUP.get(h) ?? LOOKUP.get(h.replace(/ \d+$/, "")) ?? null;
}

/** Automatic mapping: each field goes to the first column naming it. */
export function autoMapping(header: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<ImportField>();
  header.forEach((h, i) => {
    const field = fieldForHeader(h);
    if (field && !taken.has(field)) {
      mapping[String(i)] = field;
      taken.add(field);
    }
  });
  return mapping;
}

/** Reads a mapping posted by the form (`col-<i>` = field or ""), keeping only known fields, each once. */
export function mappingFromForm(form: FormData | URLSearchParams, columns: number): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (let i = 0; i < columns; i++) {
    const value = String(form.get(`col-${i}`) ?? "");
    if ((IMPORT_FIELDS as readonly string[]).includes(value) && !taken.has(value)) {
      mapping[String(i)] = value as ImportField;
      taken.add(value);
    }
  }
  return mapping;
}
