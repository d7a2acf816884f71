// A tiny XML writer: elements are built as data and serialised with every text and attribute
// escaped, so a client named "Dupont & Fils <SARL>" stays well-formed. Empty/absent children
// (null, undefined, false) are dropped, which keeps optional CII elements out of the tree.

export type XmlNode = { name: string; attrs: Record<string, string>; children: XmlChild[] };
export type XmlChild = XmlNode | string | number | null | undefined | false;

export function el(name: string, attrsOrChild?: Record<string, string | null | undefined> | XmlChild, ...children: XmlChild[]): XmlNode {
  const isAttrs = attrsOrChild !== null && typeof attrsOrChild === "object" && !("name" in attrsOrChild && "children" in attrsOrChild);
  const attrs: Record<string, string> = {};
  if (isAttrs) {
    for (const [k, v] of Object.entries(attrsOrChild as Record<string, string | null | undefined>)) if (v != null) attrs[k] = v;
  }
  return { name, attrs, children: isAttrs ? children : [attrsOrChild as XmlChild, ...children] };
}

/** Characters XML 1.0 forbids (control characters) are removed; the five specials escaped. */
export function escapeXml(text: string) {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const present = (c: XmlChild): c is XmlNode | string | number => c !== null && c !== undefined && c !== false;

function write(node: XmlNode, indent: string, out: string[]) {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  const kids = node.children.filter(present);
  if (kids.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
  } else if (kids.every((k) => typeof k !== "object")) {
    out.push(`${indent}<${node.name}${attrs}>${kids.map((k) => escapeXml(String(k))).join("")}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const k of kids) {
      if (typeof k === "object") write(k, `${indent}  `, out);
      else out.push(`${indent}  ${escapeXml(String(k))}`);
    }
    out.push(`${indent}</${node.name}>`);
  }
}

export function serializeXml(root: XmlNode) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, "", out);
  return `${out.join("\n")}\n`;
}
