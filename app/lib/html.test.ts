import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html";

describe("escapeHtml", () => {
  it("escapes the five characters of text and attributes, once", () => {
    expect(escapeHtml(`<a href="x?a=1&b='2'">`)).toBe("&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml("Résumé — ok")).toBe("Résumé — ok");
  });
});
