import { describe, expect, it } from "vitest";
import { DEFAULT_THEME, type EmailDesign } from "./design";
import { compileTemplate, fillCompiled, UNSUBSCRIBE_REASON, UNSUBSCRIBE_SENTINEL } from "./render.server";

const design: EmailDesign = {
  theme: { ...DEFAULT_THEME, background: "#eeeeee", accentColor: "#be123c", font: "serif" },
  blocks: [
    { type: "title", text: "Bonjour {{firstName}} !", size: "large" },
    { type: "text", text: "Première ligne\nDeuxième ligne chez {{company}}\n\nNouveau paragraphe <b>pas du HTML</b>" },
    { type: "image", src: "https://exemple.fr/photo.jpg", alt: "Portrait de la coach", width: 320 },
    { type: "button", label: "Réserver mon appel", url: "https://exemple.fr/rdv?email={{clientEmail}}&src=mail" },
    { type: "divider", color: "#123456" },
    { type: "spacer", height: 37 },
    { type: "columns", left: "Colonne gauche", right: "Colonne droite" },
    { type: "social", instagram: "https://instagram.com/marie.coach", facebook: "", linkedin: "https://linkedin.com/in/marie", youtube: "", website: "" },
    { type: "signature", name: "Marie Dupont", role: "Coach sportive", details: "06 00 00 00 00\nLyon" },
  ],
};
const compiled = compileTemplate({ subject: "Pour {{firstName}}", design }, { unsubscribeFooter: true });

describe("compileTemplate", () => {
  it("renders an HTML document in French with every block, the theme and the variables left in", () => {
    const { html } = compiled;
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toMatch(/<html[^>]* lang="fr"/);
    expect(html).toContain("<h1");
    expect(html).toContain("Bonjour {{firstName}} !");
    expect(html).toContain("Première ligne</span><span><br/>Deuxième ligne");
    expect(html).toContain("Deuxième ligne chez {{company}}");
    expect(html).toContain("Nouveau paragraphe &lt;b&gt;pas du HTML&lt;/b&gt;");
    expect(html).toMatch(/<img[^>]*alt="Portrait de la coach"[^>]*src="https:\/\/exemple\.fr\/photo\.jpg"[^>]*width="320"|<img[^>]*src="https:\/\/exemple\.fr\/photo\.jpg"/);
    expect(html).toContain('href="https://exemple.fr/rdv?email={{url:clientEmail}}&amp;src=mail"');
    expect(html).toContain("Réserver mon appel");
    expect(html).toContain("background-color:#be123c"); // the button takes the accent colour
    expect(html).toContain("#123456"); // the divider's own colour
    expect(html).toContain("height:37px");
    expect(html).toContain("Colonne gauche");
    expect(html).toContain("Colonne droite");
    expect(html).toContain('href="https://instagram.com/marie.coach"');
    expect(html).toContain(">LinkedIn<");
    expect(html).toContain("Marie Dupont");
    expect(html).toContain("Georgia");
    expect(html).toContain("background-color:#eeeeee");
    expect(html).toContain(`href="${UNSUBSCRIBE_SENTINEL}"`);
    expect(html).toContain("Se désinscrire");
    expect(html).toContain(UNSUBSCRIBE_REASON);
  });

  it("renders the plain-text version with every block, the variables and the unsubscribe link", () => {
    const { text } = compiled;
    expect(text).toContain("Bonjour {{firstName}} !"); // not upper-cased
    expect(text).toContain("Première ligne\nDeuxième ligne chez {{company}}");
    expect(text).toContain("Nouveau paragraphe <b>pas du HTML</b>");
    expect(text).toContain("Réserver mon appel https://exemple.fr/rdv?email={{url:clientEmail}}&src=mail");
    expect(text).toContain("Colonne gauche");
    expect(text).toContain("Instagram https://instagram.com/marie.coach");
    expect(text).toContain("Marie Dupont\nCoach sportive\n06 00 00 00 00\nLyon");
    expect(text).toContain(`Se désinscrire ${UNSUBSCRIBE_SENTINEL}`);
    expect(text).not.toContain("<table");
    expect(text).not.toContain("photo.jpg");
  });

  it("a transactional copy has no unsubscribe footer", () => {
    const t = compileTemplate({ subject: "x", design }, { unsubscribeFooter: false });
    expect(t.html).not.toContain(UNSUBSCRIBE_SENTINEL);
    expect(t.text).not.toContain("Se désinscrire");
  });

  it("refuses a design the schema refuses (a javascript: link never reaches the HTML)", () => {
    expect(() => compileTemplate({ subject: "x", design: { theme: DEFAULT_THEME, blocks: [{ type: "button", label: "x", url: "javascript:alert(1)" }] } }, { unsubscribeFooter: true })).toThrow();
  });
});

describe("fillCompiled", () => {
  const values = { firstName: "<script>alert(1)</script>", clientEmail: "léa+test@exemple.fr" };
  const copy = fillCompiled(compiled, values, { company: "votre entreprise" }, { unsubscribeUrl: "https://app.test/u/abc?x=1&y=2" });

  it("escapes values in the HTML copy (a <script> first name is inert)", () => {
    expect(copy.html).not.toContain("<script>");
    expect(copy.html).toContain("Bonjour &lt;script&gt;alert(1)&lt;/script&gt; !");
    expect(copy.text).toContain("Bonjour <script>alert(1)</script> !");
  });

  it("uses the fallbacks for missing values", () => {
    expect(copy.html).toContain("Deuxième ligne chez votre entreprise");
    expect(copy.text).toContain("Deuxième ligne chez votre entreprise");
    expect(fillCompiled(compiled, {}, {}).html).toContain("Bonjour  !");
  });

  it("URL-encodes values inside links", () => {
    expect(copy.html).toContain('href="https://exemple.fr/rdv?email=l%C3%A9a%2Btest%40exemple.fr&amp;src=mail"');
    expect(copy.text).toContain("https://exemple.fr/rdv?email=l%C3%A9a%2Btest%40exemple.fr&src=mail");
    expect(copy.html).not.toContain("{{");
    expect(copy.text).not.toContain("{{");
  });

  it("puts the recipient's unsubscribe URL in place of the sentinel", () => {
    expect(copy.html).not.toContain(UNSUBSCRIBE_SENTINEL);
    expect(copy.html).toContain('href="https://app.test/u/abc?x=1&amp;y=2"');
    expect(copy.text).toContain("Se désinscrire https://app.test/u/abc?x=1&y=2");
  });

  it("fills the subject without letting a value add a header line", () => {
    expect(fillCompiled(compiled, { firstName: "Léa\r\nBcc: x@y.fr" }).subject).toBe("Pour Léa Bcc: x@y.fr");
    // Other line separators and control characters too, and the coach's fallback as well as the value.
    expect(fillCompiled(compiled, { firstName: "Léa\u2028Bcc:\u0000x\u0085y" }).subject).toBe("Pour Léa Bcc: x y");
    expect(fillCompiled(compiled, {}, { firstName: "cher\ncontact" }).subject).toBe("Pour cher contact");
  });
});
