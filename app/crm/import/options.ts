// The options step: which key recognises a known contact, what to do with it, tags to add.
import { z } from "zod";
import { splitTags } from "./validate";

export const DEDUPE_KEYS = ["email", "phone", "instagram"] as const;
export const DEDUPE_LABELS: Record<(typeof DEDUPE_KEYS)[number], string> = { email: "Email", phone: "Téléphone", instagram: "Identifiant Instagram" };

export const ImportOptionsSchema = z.object({
  dedupeKey: z.enum(DEDUPE_KEYS, { errorMap: () => ({ message: "Choisissez la clé de dédoublonnage." }) }).default("email"),
  onDuplicate: z.enum(["skip", "update"], { errorMap: () => ({ message: "Choisissez que faire des doublons." }) }).default("skip"),
  tags: z
    .string()
    .max(400, "400 caractères au plus")
    .optional()
    .transform((s) => splitTags(s ?? ""))
    .pipe(z.array(z.string().max(40, "Chaque étiquette : 40 caractères au plus")).max(10, "10 étiquettes au plus")),
});
export type ImportOptions = z.output<typeof ImportOptionsSchema>;

/** Options stored on the import (JSON), with defaults for a draft that has none yet. */
/** What an undo kept (see ./undo.server.ts), stored with the options of the undone import. */
export type UndoKept = { deleted: number; restored: number; keptCreated: { edited: number; notes: number; activities: number; client: number }; keptUpdated: number };

export function readOptions(json: string | null | Record<string, unknown>): ImportOptions & { unchanged?: number; undo?: UndoKept } {
  const raw = typeof json === "string" ? (JSON.parse(json) as Record<string, unknown>) : (json ?? {});
  return {
    dedupeKey: DEDUPE_KEYS.includes(raw.dedupeKey as never) ? (raw.dedupeKey as ImportOptions["dedupeKey"]) : "email",
    onDuplicate: raw.onDuplicate === "update" ? "update" : "skip",
    tags: Array.isArray(raw.tags) ? raw.tags.map(String) : [],
    unchanged: typeof raw.unchanged === "number" ? raw.unchanged : undefined,
    undo: raw.undo && typeof raw.undo === "object" ? (raw.undo as UndoKept) : undefined,
  };
}
