// Email templates (issue 10), in its own process: `tsx bench/email-render.ts [renders]`.
// compileTemplate() runs once per campaign (React Email to HTML + plain text) and fillCompiled()
// once per recipient: milliseconds per call for a 40-block template (the most a template may
// have) and for a demo starter, and the fill of 10,000 recipients. The last line is JSON for bench/run.ts.
import { ms, time } from "./lib";

const { compileTemplate, fillCompiled } = await import("~/email/templates/render.server");
const { STARTERS } = await import("~/email/templates/starters");
const { DEFAULT_THEME, MAX_BLOCKS } = await import("~/email/templates/design");

const renders = Number(process.argv[2] ?? 100);
const kinds = ["title", "text", "button", "columns", "signature"] as const;
const blocks = Array.from({ length: MAX_BLOCKS }, (_, i) => {
  const kind = kinds[i % kinds.length];
  if (kind === "title") return { type: kind, text: `Titre ${i} pour {{firstName}}`, size: "large" };
  if (kind === "text") return { type: kind, text: `Bonjour {{firstName}},\n\n${"Un paragraphe de texte. ".repeat(20)}` };
  if (kind === "button") return { type: kind, label: "Réserver", url: "https://exemple.fr/rdv?e={{clientEmail}}" };
  if (kind === "columns") return { type: kind, left: "Gauche ".repeat(20), right: "Droite ".repeat(20) };
  return { type: kind, name: "Marie", role: "Coach", details: "06 00 00 00 00" };
});
const big = { subject: "Pour {{firstName}}", design: { theme: DEFAULT_THEME, blocks } };

const compileBig = await time(() => compileTemplate(big, { unsubscribeFooter: true }), { iterations: renders, warmup: 10 });
const compileStarter = await time(() => compileTemplate(STARTERS.services, { unsubscribeFooter: true }), { iterations: renders, warmup: 10 });
const compiled = compileTemplate(big, { unsubscribeFooter: true });
const started = performance.now();
for (let i = 0; i < 10_000; i++) fillCompiled(compiled, { firstName: `Léa ${i}`, clientEmail: `lea${i}@exemple.fr` }, {}, { unsubscribeUrl: `https://app.test/u/${i}` });
const fill10k = performance.now() - started;

const out = {
  [`compile ${MAX_BLOCKS} blocks (HTML + text)`]: `median ${ms(compileBig.median)}, p95 ${ms(compileBig.p95)} (${Math.round(compiled.html.length / 1024)} KiB of HTML)`,
  "compile a starter template": `median ${ms(compileStarter.median)}, p95 ${ms(compileStarter.p95)}`,
  "fill 10,000 recipients' copies (40 blocks)": `${(fill10k / 1000).toFixed(2)} s`,
};
for (const [k, v] of Object.entries(out)) console.error(`  ${k}: ${v}`);
console.log(JSON.stringify(out));
