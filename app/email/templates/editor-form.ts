// The template editor's form, as typed: without JavaScript every block is a row of fields named
// `blocks[i].field` in ONE form, and the row buttons (intent `up:i`, `down:i`, `remove:i`, `add`)
// change the list while keeping — and saving — everything typed. A block whose content fields
// are all blank is not saved (a new row waiting to be filled), like a blank invoice line.
// No server imports: the editor component shares the field lists.
import { TEMPLATE_VARIABLES } from "../variables";
import { BLOCK_TYPES, blankBlock, DEFAULT_THEME, MAX_BLOCKS, SOCIAL_NETWORKS, type BlockType, type EmailDesign, type Theme } from "./design";

export const THEME_FIELDS = ["background", "contentBackground", "textColor", "accentColor", "font", "align", "spacing"] as const satisfies readonly (keyof Theme)[];

export const BLOCK_FIELDS: Record<BlockType, readonly string[]> = {
  title: ["text", "size", "color", "align", "spacing"],
  text: ["text", "color", "align", "spacing"],
  image: ["src", "alt", "width", "align", "spacing"],
  button: ["label", "url", "color", "align", "spacing"],
  divider: ["color", "spacing"],
  spacer: ["height"],
  columns: ["left", "right", "color", "align", "spacing"],
  social: [...SOCIAL_NETWORKS, "align", "spacing"],
  signature: ["name", "role", "details", "color", "align", "spacing"],
};
/** The fields that make a block "filled" (a block without any is a blank row). */
const CONTENT_FIELDS: Record<BlockType, readonly string[]> = {
  title: ["text"],
  text: ["text"],
  image: ["src", "alt"],
  button: ["label", "url"],
  divider: [],
  spacer: [],
  columns: ["left", "right"],
  social: SOCIAL_NETWORKS,
  signature: ["name", "role", "details"],
};

export type RawBlock = { type: BlockType } & Record<string, string>;
export type EditorValues = { name: string; subject: string; theme: Record<string, string>; blocks: RawBlock[]; fallbacks: Record<string, string> };
export type EditorErrors = Record<string, string>;

const isBlockType = (v: string): v is BlockType => (BLOCK_TYPES as readonly string[]).includes(v);
const str = (fd: FormData, name: string) => String(fd.get(name) ?? "");

/** The stored template as the form's values (every field a string). */
export function editorValuesOf(t: { name: string; subject: string; design: EmailDesign; fallbacks: Record<string, string> }): EditorValues {
  return {
    name: t.name,
    subject: t.subject,
    theme: Object.fromEntries(THEME_FIELDS.map((f) => [f, String(t.design.theme[f] ?? DEFAULT_THEME[f])])),
    blocks: t.design.blocks.map((b) => rawOf(b as unknown as Record<string, unknown>)),
    fallbacks: Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, t.fallbacks[v] ?? ""])),
  };
}

function rawOf(block: Record<string, unknown>): RawBlock {
  const type = block.type as BlockType;
  const base = blankBlock(type) as unknown as Record<string, unknown>;
  return { type, ...Object.fromEntries(BLOCK_FIELDS[type].map((f) => [f, String(block[f] ?? base[f] ?? "")])) } as RawBlock;
}

/** The form as posted (rows `blocks[i].field`, their count in `blockCount`; unknown types dropped). */
export function readEditorForm(fd: FormData): EditorValues {
  const count = Math.min(MAX_BLOCKS + 1, Math.max(0, Number(fd.get("blockCount")) || 0));
  const blocks: RawBlock[] = [];
  for (let i = 0; i < count; i++) {
    const type = str(fd, `blocks[${i}].type`);
    if (!isBlockType(type)) continue;
    blocks.push({ type, ...Object.fromEntries(BLOCK_FIELDS[type].map((f) => [f, str(fd, `blocks[${i}].${f}`)])) } as RawBlock);
  }
  return {
    name: str(fd, "name"),
    subject: str(fd, "subject"),
    theme: Object.fromEntries(THEME_FIELDS.map((f) => [f, str(fd, `theme.${f}`)])),
    blocks,
    fallbacks: Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, str(fd, `fallbacks.${v}`)])),
  };
}

export type EditorIntent = { kind: "save" } | { kind: "add"; type: BlockType } | { kind: "up" | "down" | "remove"; index: number };

export function readIntent(fd: FormData): EditorIntent {
  const intent = str(fd, "intent");
  if (intent === "add") {
    const type = str(fd, "newBlockType");
    return isBlockType(type) ? { kind: "add", type } : { kind: "save" };
  }
  const m = /^(up|down|remove):(\d{1,3})$/.exec(intent);
  return m ? { kind: m[1] as "up" | "down" | "remove", index: Number(m[2]) } : { kind: "save" };
}

/** The list after the row button; `focus` is the row to show (its new position). */
export function applyIntent(values: EditorValues, intent: EditorIntent): { values: EditorValues; focus: number | null; message: string | null } {
  const blocks = [...values.blocks];
  if (intent.kind === "add") {
    if (blocks.length >= MAX_BLOCKS) return { values, focus: null, message: `${MAX_BLOCKS} blocs au plus.` };
    blocks.push(rawOf(blankBlock(intent.type) as unknown as Record<string, unknown>));
    return { values: { ...values, blocks }, focus: blocks.length - 1, message: "Bloc ajouté." };
  }
  if (intent.kind === "save" || intent.index >= blocks.length) return { values, focus: null, message: null };
  const i = intent.index;
  if (intent.kind === "remove") {
    blocks.splice(i, 1);
    return { values: { ...values, blocks }, focus: Math.min(i, blocks.length - 1), message: "Bloc supprimé." };
  }
  const j = intent.kind === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= blocks.length) return { values, focus: i, message: null };
  [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
  return { values: { ...values, blocks }, focus: j, message: intent.kind === "up" ? "Bloc monté." : "Bloc descendu." };
}

export const isBlankBlock = (b: RawBlock) => CONTENT_FIELDS[b.type].length > 0 && CONTENT_FIELDS[b.type].every((f) => !b[f]?.trim());

/**
 * What save() receives: blank rows left out. `rowOf[k]` is the form row of the k-th saved block,
 * so that an error on `design.blocks.k.url` shows under row `rowOf[k]`.
 */
export function templateInputOf(values: EditorValues) {
  const rowOf: number[] = [];
  const blocks = values.blocks.filter((b, i) => (isBlankBlock(b) ? false : (rowOf.push(i), true)));
  return { input: { name: values.name, subject: values.subject, design: { theme: values.theme, blocks }, fallbacks: values.fallbacks }, rowOf };
}

/** save()'s error keys → the form's (`design.blocks.2.url` → `blocks.<row>.url`, `design.theme.font` → `theme.font`). */
export function formErrorsOf(errors: Record<string, string>, rowOf: number[]): EditorErrors {
  const out: EditorErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const block = /^design\.blocks\.(\d+)(\..+)?$/.exec(key);
    const mapped = block ? `blocks.${rowOf[Number(block[1])] ?? block[1]}${block[2] ?? ""}` : key.replace(/^design\./, "");
    out[mapped] ??= message;
  }
  return out;
}
