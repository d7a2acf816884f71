import { describe, expect, it } from "vitest";
import { DEFAULT_THEME } from "./design";
import { applyIntent, editorValuesOf, formErrorsOf, readEditorForm, readIntent, templateInputOf } from "./editor-form";

const values = editorValuesOf({
  name: "Test",
  subject: "Objet",
  fallbacks: {},
  design: {
    theme: DEFAULT_THEME,
    blocks: [
      { type: "title", text: "A", size: "large" },
      { type: "text", text: "B" },
      { type: "spacer", height: 10 },
    ],
  },
});

function formOf(v: typeof values, extra: Record<string, string> = {}) {
  const fd = new FormData();
  fd.set("name", v.name);
  fd.set("subject", v.subject);
  for (const [k, x] of Object.entries(v.theme)) fd.set(`theme.${k}`, x);
  v.blocks.forEach((b, i) => Object.entries(b).forEach(([k, x]) => fd.set(`blocks[${i}].${k}`, x)));
  fd.set("blockCount", String(v.blocks.length));
  for (const [k, x] of Object.entries(extra)) fd.set(k, x);
  return fd;
}

describe("editor form", () => {
  it("reads back what it renders", () => {
    expect(readEditorForm(formOf(values))).toMatchObject({ name: "Test", subject: "Objet", blocks: values.blocks, theme: values.theme });
  });

  it("moves, removes and adds rows, keeping what was typed", () => {
    const typed = { ...values, blocks: values.blocks.map((b, i) => (i === 1 ? { ...b, text: "B modifié" } : b)) };
    const up = applyIntent(typed, readIntent(formOf(typed, { intent: "up:1" })));
    expect(up.values.blocks.map((b) => b.text ?? b.type)).toEqual(["B modifié", "A", "spacer"]);
    expect(up.focus).toBe(0);
    const down = applyIntent(typed, readIntent(formOf(typed, { intent: "down:0" })));
    expect(down.values.blocks.map((b) => b.text ?? b.type)).toEqual(["B modifié", "A", "spacer"]);
    expect(applyIntent(typed, { kind: "up", index: 0 }).values.blocks).toEqual(typed.blocks); // already first
    const removed = applyIntent(typed, readIntent(formOf(typed, { intent: "remove:0" })));
    expect(removed.values.blocks.map((b) => b.type)).toEqual(["text", "spacer"]);
    const added = applyIntent(typed, readIntent(formOf(typed, { intent: "add", newBlockType: "button" })));
    expect(added.values.blocks.at(-1)).toEqual({ type: "button", label: "", url: "", color: "", align: "", spacing: "" });
    expect(readIntent(formOf(typed, { intent: "add", newBlockType: "script" }))).toEqual({ kind: "save" });
  });

  it("leaves blank rows out of the save and maps errors back to their row", () => {
    const added = applyIntent(values, { kind: "add", type: "button" }).values;
    const withBad = { ...added, blocks: [added.blocks[0], { type: "image" as const, src: "", alt: "", width: "600", align: "", spacing: "" }, added.blocks[3], { type: "text" as const, text: "x", color: "rouge", align: "", spacing: "" }] };
    const { input, rowOf } = templateInputOf(withBad);
    expect(input.design.blocks.map((b) => b.type)).toEqual(["title", "text"]);
    expect(rowOf).toEqual([0, 3]);
    expect(formErrorsOf({ "design.blocks.1.color": "x", "design.theme.font": "y", subject: "z" }, rowOf)).toEqual({ "blocks.3.color": "x", "theme.font": "y", subject: "z" });
  });
});
