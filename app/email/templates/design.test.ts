import { describe, expect, it } from "vitest";
import { TEMPLATE_VARIABLES } from "../variables";
import { BLOCK_TYPES, DEFAULT_THEME, EmailDesignSchema, MAX_BLOCKS, unknownVariablesMessage, type Block } from "./design";

const ALL_BLOCKS: Block[] = [
  { type: "title", text: "Bonjour {{firstName}}", size: "large" },
  { type: "text", text: "Ligne 1\nLigne 2" },
  { type: "image", src: "https://exemple.fr/photo.jpg", alt: "Photo", width: 300 },
  { type: "button", label: "Réserver", url: "https://exemple.fr/rdv?e={{clientEmail}}" },
  { type: "divider" },
  { type: "spacer", height: 24 },
  { type: "columns", left: "Gauche", right: "" },
  { type: "social", instagram: "https://instagram.com/coach", facebook: "", linkedin: "", youtube: "", website: "" },
  { type: "signature", name: "Marie", role: "Coach", details: "" },
];

const issues = (design: unknown) => {
  const r = EmailDesignSchema.safeParse(design);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};
const withBlock = (block: Record<string, unknown>) => ({ theme: DEFAULT_THEME, blocks: [block] });

describe("EmailDesignSchema", () => {
  it("accepts a design with every block type", () => {
    expect(ALL_BLOCKS.map((b) => b.type)).toEqual([...BLOCK_TYPES]);
    const parsed = EmailDesignSchema.parse({ theme: DEFAULT_THEME, blocks: ALL_BLOCKS });
    expect(parsed.blocks).toHaveLength(BLOCK_TYPES.length);
  });

  it("coerces numbers typed in a form", () => {
    const parsed = EmailDesignSchema.parse(withBlock({ type: "spacer", height: "32" }));
    expect(parsed.blocks[0]).toEqual({ type: "spacer", height: 32 });
  });

  it("refuses non-http links and non-https images, in French", () => {
    expect(issues(withBlock({ type: "button", label: "x", url: "javascript:alert(1)" }))).toEqual({ "blocks.0.url": "Une adresse qui commence par https:// (ou http://)." });
    expect(issues(withBlock({ type: "image", src: "http://exemple.fr/a.png", alt: "a", width: 100 }))).toEqual({ "blocks.0.src": "Une adresse qui commence par https://." });
    expect(issues(withBlock({ type: "social", instagram: "data:text/html,x", facebook: "", linkedin: "", youtube: "", website: "" }))["blocks.0.instagram"]).toMatch(/https:\/\//);
  });

  it("refuses missing content, out-of-range sizes, bad colours and unknown types", () => {
    expect(issues(withBlock({ type: "title", text: "  " }))).toEqual({ "blocks.0.text": "Saisissez le titre." });
    expect(issues(withBlock({ type: "spacer", height: 500 }))).toEqual({ "blocks.0.height": "Une hauteur en pixels, de 4 à 120." });
    expect(issues(withBlock({ type: "text", text: "x", color: "red" }))).toEqual({ "blocks.0.color": "Une couleur au format #RRGGBB, par exemple #4f46e5." });
    expect(issues(withBlock({ type: "html", html: "<b>x</b>" }))).toEqual({ "blocks.0.type": "Type de bloc inconnu." });
    expect(issues(withBlock({ type: "social", instagram: "", facebook: "", linkedin: "", youtube: "", website: "" }))).toEqual({ "blocks.0.instagram": "Indiquez au moins un lien." });
    expect(issues({ theme: { ...DEFAULT_THEME, font: "Comic Sans" }, blocks: [ALL_BLOCKS[1]] })).toEqual({ "theme.font": "Choisissez une police." });
  });

  it("limits the number of blocks and the length of texts", () => {
    expect(issues({ theme: DEFAULT_THEME, blocks: Array.from({ length: MAX_BLOCKS + 1 }, () => ALL_BLOCKS[1]) })).toEqual({ blocks: `${MAX_BLOCKS} blocs au plus.` });
    expect(EmailDesignSchema.safeParse({ theme: DEFAULT_THEME, blocks: Array.from({ length: MAX_BLOCKS }, () => ALL_BLOCKS[1]) }).success).toBe(true);
    expect(issues(withBlock({ type: "title", text: "x".repeat(201) }))).toEqual({ "blocks.0.text": "200 caractères au plus." });
    expect(issues({ theme: DEFAULT_THEME, blocks: [] })).toEqual({ blocks: "Ajoutez au moins un bloc." });
  });

  it("refuses unknown variables in any text or link, naming the allowed ones", () => {
    const message = unknownVariablesMessage(["prenom"]);
    expect(message).toBe(`Variable inconnue : {{prenom}}. Variables possibles : ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")}.`);
    expect(issues(withBlock({ type: "text", text: "Bonjour {{prenom}}" }))).toEqual({ "blocks.0.text": message });
    expect(issues(withBlock({ type: "button", label: "Go", url: "https://x.fr/?n={{prenom}}" }))).toEqual({ "blocks.0.url": message });
    expect(issues(withBlock({ type: "signature", name: "Marie", role: "", details: "{{tel}} {{mail}}" }))["blocks.0.details"]).toMatch(/^Variables inconnues : \{\{tel\}\}, \{\{mail\}\}\./);
    expect(issues(withBlock({ type: "columns", left: "{{firstName}} {{ company }}", right: "" }))).toEqual({});
  });
});
