// An email template's design (001 §3.8): a theme and a list of blocks. One Zod schema, used by the
// editor's form, by save() and by the renderer. Coach text is plain text with line breaks (never
// HTML); links and images are http(s) only; `{{variables}}` must be among TEMPLATE_VARIABLES.
// No server imports: the editor's components read the labels and limits from here.
import { z } from "zod";
import { TEMPLATE_VARIABLES, unknownVariables } from "../variables";

export const MAX_BLOCKS = 40;

export const FONTS = {
  sans: { label: "Arial (sans empattement)", stack: "Arial, Helvetica, sans-serif" },
  verdana: { label: "Verdana (très lisible)", stack: "Verdana, Geneva, sans-serif" },
  trebuchet: { label: "Trebuchet", stack: "'Trebuchet MS', Helvetica, sans-serif" },
  serif: { label: "Georgia (avec empattement)", stack: "Georgia, 'Times New Roman', serif" },
  mono: { label: "Courier (machine à écrire)", stack: "'Courier New', Courier, monospace" },
} as const;
export type FontKey = keyof typeof FONTS;
const FONT_KEYS = Object.keys(FONTS) as [FontKey, ...FontKey[]];

export const ALIGNMENTS = ["left", "center", "right"] as const;
export type Alignment = (typeof ALIGNMENTS)[number];
export const ALIGNMENT_LABELS: Record<Alignment, string> = { left: "À gauche", center: "Centré", right: "À droite" };

/** Vertical space around each block, in px. */
export const SPACINGS = { compact: 6, normal: 12, airy: 22 } as const;
export type Spacing = keyof typeof SPACINGS;
const SPACING_KEYS = Object.keys(SPACINGS) as [Spacing, ...Spacing[]];
export const SPACING_LABELS: Record<Spacing, string> = { compact: "Serré", normal: "Normal", airy: "Aéré" };

export const BLOCK_TYPES = ["title", "text", "image", "button", "divider", "spacer", "columns", "social", "signature"] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
export const BLOCK_LABELS: Record<BlockType, string> = {
  title: "Titre",
  text: "Texte",
  image: "Image",
  button: "Bouton",
  divider: "Séparateur",
  spacer: "Espace",
  columns: "Deux colonnes",
  social: "Réseaux sociaux",
  signature: "Signature",
};

export const SOCIAL_NETWORKS = ["instagram", "facebook", "linkedin", "youtube", "website"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export const SOCIAL_LABELS: Record<SocialNetwork, string> = { instagram: "Instagram", facebook: "Facebook", linkedin: "LinkedIn", youtube: "YouTube", website: "Site web" };

const ALLOWED = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ");

/** The message for a text using variables that do not exist (names the allowed ones). */
export function unknownVariablesMessage(unknown: string[]) {
  const names = unknown.map((v) => `{{${v}}}`).join(", ");
  return `${unknown.length > 1 ? "Variables inconnues" : "Variable inconnue"} : ${names}. Variables possibles : ${ALLOWED}.`;
}

const withKnownVariables = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const unknown = unknownVariables(value);
    if (unknown.length) ctx.addIssue({ code: "custom", message: unknownVariablesMessage(unknown) });
  });

/** Plain text (line breaks kept), trimmed, at most `max` characters. */
const text = (max: number, required?: string) => {
  const base = z.string({ required_error: required ?? "Ce champ est requis." }).trim().max(max, `${max} caractères au plus.`);
  return withKnownVariables(required ? base.min(1, required) : base);
};

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
/** An http(s) address (variables allowed, e.g. `?email={{clientEmail}}`). */
const url = (required: string, { httpsOnly = false } = {}) =>
  withKnownVariables(
    z
      .string({ required_error: required })
      .trim()
      .min(1, required)
      .max(2000, "2000 caractères au plus.")
      .refine((v) => HTTP_URL.test(v) && (!httpsOnly || /^https:/i.test(v)), httpsOnly ? "Une adresse qui commence par https://." : "Une adresse qui commence par https:// (ou http://)."),
  );
const optionalUrl = z
  .string()
  .trim()
  .max(2000, "2000 caractères au plus.")
  .refine((v) => v === "" || HTTP_URL.test(v), "Une adresse qui commence par https:// (ou http://).")
  .pipe(withKnownVariables(z.string()));

const COLOR = /^#[0-9a-f]{6}$/i;
const color = z.string().trim().regex(COLOR, "Une couleur au format #RRGGBB, par exemple #4f46e5.").transform((v) => v.toLowerCase());
/** A block's own colour; empty means the theme's. */
const optionalColor = z
  .string()
  .trim()
  .refine((v) => v === "" || COLOR.test(v), "Une couleur au format #RRGGBB, par exemple #4f46e5.")
  .transform((v) => v.toLowerCase())
  .optional();
const align = z.enum(ALIGNMENTS, { errorMap: () => ({ message: "Choisissez un alignement." }) });
const optionalAlign = z
  .string()
  .refine((v): v is Alignment | "" => v === "" || (ALIGNMENTS as readonly string[]).includes(v), "Choisissez un alignement.")
  .optional();
const optionalSpacing = z
  .string()
  .refine((v): v is Spacing | "" => v === "" || Object.hasOwn(SPACINGS, v), "Choisissez un espacement.")
  .optional();

export const ThemeSchema = z.object({
  background: color,
  contentBackground: color,
  textColor: color,
  accentColor: color,
  font: z.enum(FONT_KEYS, { errorMap: () => ({ message: "Choisissez une police." }) }),
  align,
  spacing: z.enum(SPACING_KEYS, { errorMap: () => ({ message: "Choisissez un espacement." }) }),
});
export type Theme = z.infer<typeof ThemeSchema>;

const common = { align: optionalAlign, spacing: optionalSpacing };
const WIDTH_ERROR = "Une largeur en pixels, de 50 à 600.";
const HEIGHT_ERROR = "Une hauteur en pixels, de 4 à 120.";

export const BlockSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("title"), text: text(200, "Saisissez le titre."), size: z.enum(["large", "medium"]).default("large"), color: optionalColor, ...common }),
      z.object({ type: z.literal("text"), text: text(5000, "Saisissez le texte."), color: optionalColor, ...common }),
      z.object({
        type: z.literal("image"),
        src: url("L'adresse (https://…) de l'image.", { httpsOnly: true }),
        alt: text(200, "Décrivez l'image en quelques mots (lue si l'image ne s'affiche pas)."),
        width: z.coerce.number({ invalid_type_error: WIDTH_ERROR }).int(WIDTH_ERROR).min(50, WIDTH_ERROR).max(600, WIDTH_ERROR),
        ...common,
      }),
      z.object({ type: z.literal("button"), label: text(80, "Le texte du bouton."), url: url("L'adresse (https://…) du bouton."), color: optionalColor, ...common }),
      z.object({ type: z.literal("divider"), color: optionalColor, spacing: optionalSpacing }),
      z.object({ type: z.literal("spacer"), height: z.coerce.number({ invalid_type_error: HEIGHT_ERROR }).int(HEIGHT_ERROR).min(4, HEIGHT_ERROR).max(120, HEIGHT_ERROR) }),
      z.object({ type: z.literal("columns"), left: text(2000), right: text(2000), color: optionalColor, ...common }),
      z.object({ type: z.literal("social"), instagram: optionalUrl, facebook: optionalUrl, linkedin: optionalUrl, youtube: optionalUrl, website: optionalUrl, ...common }),
      z.object({ type: z.literal("signature"), name: text(100, "Votre nom."), role: text(100), details: text(500), color: optionalColor, ...common }),
    ],
    { errorMap: (issue, ctx) => ({ message: issue.code === "invalid_union_discriminator" ? "Type de bloc inconnu." : ctx.defaultError }) },
  )
  .superRefine((b, ctx) => {
    if (b.type === "columns" && !b.left && !b.right) ctx.addIssue({ code: "custom", path: ["left"], message: "Écrivez au moins une des deux colonnes." });
    if (b.type === "social" && !SOCIAL_NETWORKS.some((n) => b[n])) ctx.addIssue({ code: "custom", path: ["instagram"], message: "Indiquez au moins un lien." });
  });

type TitleBlock = { type: "title"; text: string; size: "large" | "medium"; color?: string; align?: Alignment | ""; spacing?: Spacing | "" };
type TextBlock = { type: "text"; text: string; color?: string; align?: Alignment | ""; spacing?: Spacing | "" };
type ImageBlock = { type: "image"; src: string; alt: string; width: number; align?: Alignment | ""; spacing?: Spacing | "" };
type ButtonBlock = { type: "button"; label: string; url: string; color?: string; align?: Alignment | ""; spacing?: Spacing | "" };
type DividerBlock = { type: "divider"; color?: string; spacing?: Spacing | "" };
type SpacerBlock = { type: "spacer"; height: number };
type ColumnsBlock = { type: "columns"; left: string; right: string; color?: string; align?: Alignment | ""; spacing?: Spacing | "" };
type SocialBlock = { type: "social"; align?: Alignment | ""; spacing?: Spacing | "" } & Record<SocialNetwork, string>;
type SignatureBlock = { type: "signature"; name: string; role: string; details: string; color?: string; align?: Alignment | ""; spacing?: Spacing | "" };
export type Block = TitleBlock | TextBlock | ImageBlock | ButtonBlock | DividerBlock | SpacerBlock | ColumnsBlock | SocialBlock | SignatureBlock;
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export const EmailDesignSchema = z.object({
  theme: ThemeSchema,
  blocks: z.array(BlockSchema).min(1, "Ajoutez au moins un bloc.").max(MAX_BLOCKS, `${MAX_BLOCKS} blocs au plus.`),
}) as unknown as z.ZodType<EmailDesign, z.ZodTypeDef, unknown>;
export type EmailDesign = { theme: Theme; blocks: Block[] };

export const SubjectSchema = text(200, "Saisissez l'objet de l'email.");
export const NameSchema = z.string().trim().min(1, "Donnez un nom au modèle.").max(100, "100 caractères au plus.");
/** What a missing variable becomes: plain text, no `{{…}}`. */
export const FallbacksSchema = z.object(
  Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, z.string().trim().max(100, "100 caractères au plus.").refine((s) => !/[{}]/.test(s), "Sans accolades { }.").default("")])) as Record<
    (typeof TEMPLATE_VARIABLES)[number],
    z.ZodDefault<z.ZodEffects<z.ZodString>>
  >,
);

export const DEFAULT_THEME: Theme = { background: "#f4f4f5", contentBackground: "#ffffff", textColor: "#1f2937", accentColor: "#4f46e5", font: "sans", align: "left", spacing: "normal" };

/** A new block as the editor adds it (content to be typed). */
export function blankBlock(type: BlockType): Block {
  switch (type) {
    case "title":
      return { type, text: "", size: "large" };
    case "text":
      return { type, text: "" };
    case "image":
      return { type, src: "", alt: "", width: 600 };
    case "button":
      return { type, label: "", url: "" };
    case "divider":
      return { type };
    case "spacer":
      return { type, height: 24 };
    case "columns":
      return { type, left: "", right: "" };
    case "social":
      return { type, instagram: "", facebook: "", linkedin: "", youtube: "", website: "" };
    case "signature":
      return { type, name: "", role: "", details: "" };
  }
}

/** Every piece of coach text in a design (for the variable check and the "used variables" list). */
export function textsOf(design: { blocks: Record<string, unknown>[] }) {
  return design.blocks.flatMap((b) => Object.entries(b).flatMap(([k, v]) => (k !== "type" && typeof v === "string" ? [v] : [])));
}
