// Renders a template's design to an email, HTML and plain text, with React Email's components
// (tables, inline styles), once per campaign: the `{{variables}}` are left in and fillCompiled()
// makes each recipient's copy. Coach text is plain text (React escapes it); in URLs (button and
// image addresses, social links) a variable is written `{{url:name}}` so that its value is
// URL-encoded as well as HTML-escaped when filled.
import { Body, Button, Column, Container, Head, Heading, Hr, Html, Img, Link, Preview, Row, Section, Text } from "@react-email/components";
import { toPlainText } from "@react-email/render";
import type { CSSProperties, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { escapeHtml } from "~/lib/html";
import { fillSubject, fillVariables, TEMPLATE_VARIABLES, type VariableValues } from "../variables";
import { EmailDesignSchema, FONTS, SOCIAL_LABELS, SOCIAL_NETWORKS, SPACINGS, type Block, type EmailDesign, type Theme } from "./design";

export type CompiledEmail = { subject: string; html: string; text: string };

/**
 * Marketing copies end with a visible unsubscribe link whose address is this sentinel in the
 * compiled copy; fillCompiled() puts the recipient's own `/u/:token` URL in its place.
 */
export const UNSUBSCRIBE_SENTINEL = "__COACH_OS_UNSUBSCRIBE_URL__";

export const UNSUBSCRIBE_REASON = "Vous recevez cet email parce que vous êtes en contact avec nous ou avez accepté de recevoir nos nouvelles.";

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const URL_PLACEHOLDER = /\{\{url:([A-Za-z]+)\}\}/g;
/** A URL as written by the coach, its variables marked as URL parts. */
const urlOf = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => `{{url:${name}}}`);

// React Email's `render()` is asynchronous (a stream); compiling a template is a few
// milliseconds of synchronous work, so we call the same steps synchronously: React's static
// markup with React Email's doctype, and React Email's own HTML → text conversion.
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const TEXT_OPTIONS = {
  // Headings keep their case (html-to-text upper-cases them by default, which would break `{{firstName}}`).
  selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
};

/** `unsubscribeFooter`: true for marketing (campaigns, CRM sends), false for transactional copies. */
export function compileTemplate(template: { subject: string; design: Record<string, unknown> | EmailDesign }, { unsubscribeFooter }: { unsubscribeFooter: boolean }): CompiledEmail {
  const design = EmailDesignSchema.parse(template.design);
  const html = DOCTYPE + renderToStaticMarkup(<EmailDocument design={design} unsubscribeFooter={unsubscribeFooter} />);
  const text = toPlainText(html, TEXT_OPTIONS).trim();
  return { subject: template.subject, html, text };
}

/** One recipient's copy: variables filled (HTML-escaped in the HTML copy), the unsubscribe URL set. */
export function fillCompiled(compiled: CompiledEmail, values: VariableValues, fallbacks: Record<string, string> = {}, { unsubscribeUrl }: { unsubscribeUrl?: string } = {}): CompiledEmail {
  const link = (s: string, escape: (v: string) => string) => (unsubscribeUrl ? s.split(UNSUBSCRIBE_SENTINEL).join(escape(unsubscribeUrl)) : s);
  const urls = (s: string, escape: (v: string) => string) =>
    s.replace(URL_PLACEHOLDER, (whole, name: string) => ((TEMPLATE_VARIABLES as readonly string[]).includes(name) ? fillVariables(`{{${name}}}`, values, fallbacks, (v) => escape(encodeURIComponent(v))) : whole));
  const plain = (v: string) => v;
  return {
    // A value never adds a line to the subject (a header).
    subject: fillSubject(compiled.subject, values, fallbacks),
    html: link(fillVariables(urls(compiled.html, escapeHtml), values, fallbacks, escapeHtml), escapeHtml),
    text: link(fillVariables(urls(compiled.text, plain), values, fallbacks), plain),
  };
}

function EmailDocument({ design, unsubscribeFooter }: { design: EmailDesign; unsubscribeFooter: boolean }) {
  const { theme } = design;
  const font = FONTS[theme.font].stack;
  const firstText = design.blocks.find((b) => b.type === "text" || b.type === "title") as { text: string } | undefined;
  return (
    <Html lang="fr" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
      </Head>
      <Body style={{ backgroundColor: theme.background, margin: 0, padding: "24px 0", fontFamily: font, color: theme.textColor }}>
        {firstText ? <Preview>{firstText.text.replace(/\s+/g, " ").slice(0, 120)}</Preview> : null}
        <Container style={{ backgroundColor: theme.contentBackground, maxWidth: "600px", width: "100%", padding: "12px 24px", boxSizing: "border-box" }}>
          {design.blocks.map((block, i) => (
            <BlockView key={i} block={block} theme={theme} font={font} />
          ))}
        </Container>
        {unsubscribeFooter ? (
          <Container style={{ maxWidth: "600px", width: "100%", padding: "12px 24px", boxSizing: "border-box" }}>
            <Text style={{ fontSize: "12px", lineHeight: "18px", color: "#6b7280", textAlign: "center", margin: "8px 0", fontFamily: font }}>
              {UNSUBSCRIBE_REASON}
              <br />
              <Link href={UNSUBSCRIBE_SENTINEL} style={{ color: "#6b7280", textDecoration: "underline" }}>
                Se désinscrire
              </Link>
            </Text>
          </Container>
        ) : null}
      </Body>
    </Html>
  );
}

/** Plain text with its line breaks: paragraphs on blank lines, `<br>` inside them. */
function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </span>
      ))}
    </>
  );
}
const paragraphs = (text: string) => text.split(/(?:\r?\n){2,}/).filter((p) => p.trim() !== "");

function BlockView({ block, theme, font }: { block: Block; theme: Theme; font: string }) {
  const align = ("align" in block && block.align) || theme.align;
  const pad = SPACINGS[("spacing" in block && block.spacing) || theme.spacing];
  const color = ("color" in block && block.color) || theme.textColor;
  const box = (children: ReactNode, style: CSSProperties = {}) => <Section style={{ padding: `${pad}px 0`, textAlign: align, ...style }}>{children}</Section>;
  const textStyle: CSSProperties = { margin: "0 0 12px", fontSize: "16px", lineHeight: "24px", color, textAlign: align, fontFamily: font };
  switch (block.type) {
    case "title":
      return box(
        <Heading as={block.size === "medium" ? "h2" : "h1"} style={{ margin: 0, color, textAlign: align, fontFamily: font, fontSize: block.size === "medium" ? "22px" : "28px", lineHeight: "1.3" }}>
          <Lines text={block.text} />
        </Heading>,
      );
    case "text":
      return box(
        paragraphs(block.text).map((p, i, all) => (
          <Text key={i} style={{ ...textStyle, margin: i === all.length - 1 ? 0 : textStyle.margin }}>
            <Lines text={p} />
          </Text>
        )),
      );
    case "image":
      return box(<Img src={urlOf(block.src)} alt={block.alt} width={block.width} style={{ display: "inline-block", maxWidth: "100%", height: "auto", border: 0 }} />);
    case "button": {
      const background = block.color || theme.accentColor;
      return box(
        <Button href={urlOf(block.url)} style={{ backgroundColor: background, color: readableOn(background), padding: "12px 24px", borderRadius: "6px", fontSize: "16px", fontWeight: 600, textDecoration: "none", fontFamily: font }}>
          {block.label}
        </Button>,
      );
    }
    case "divider":
      return box(<Hr style={{ borderColor: block.color || "#e5e7eb", borderTopWidth: "1px", margin: 0 }} />);
    case "spacer":
      return (
        <Section>
          <Row>
            <Column style={{ height: `${block.height}px`, lineHeight: `${block.height}px`, fontSize: "1px" }}>&nbsp;</Column>
          </Row>
        </Section>
      );
    case "columns":
      return box(
        <Row>
          {[block.left, block.right].map((side, i) => (
            <Column key={i} style={{ width: "50%", verticalAlign: "top", padding: i === 0 ? "0 8px 0 0" : "0 0 0 8px" }}>
              {paragraphs(side).map((p, j) => (
                <Text key={j} style={textStyle}>
                  <Lines text={p} />
                </Text>
              ))}
            </Column>
          ))}
        </Row>,
      );
    case "social": {
      const links = SOCIAL_NETWORKS.filter((n) => block[n]);
      return box(
        <Text style={{ ...textStyle, margin: 0 }}>
          {links.map((n, i) => (
            <span key={n}>
              {i > 0 ? " · " : null}
              <Link href={urlOf(block[n])} style={{ color: theme.accentColor, textDecoration: "underline" }}>
                {SOCIAL_LABELS[n]}
              </Link>
            </span>
          ))}
        </Text>,
      );
    }
    case "signature":
      return box(
        <Text style={{ ...textStyle, margin: 0 }}>
          <strong>{block.name}</strong>
          {block.role ? (
            <>
              <br />
              {block.role}
            </>
          ) : null}
          {block.details ? (
            <>
              <br />
              <Lines text={block.details} />
            </>
          ) : null}
        </Text>,
      );
  }
}

/** White or near-black text, whichever reads better on the button's colour. */
function readableOn(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.45 ? "#111827" : "#ffffff";
}
