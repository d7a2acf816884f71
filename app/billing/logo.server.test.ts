import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { logoResponse, sniffLogoMime } from "./logo.server";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("sniffLogoMime", () => {
  it("reads PNG and JPEG from their magic numbers, whatever follows", () => {
    expect(sniffLogoMime(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]))).toBe("image/png");
    expect(sniffLogoMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xdb, 0]))).toBe("image/jpeg");
    expect(sniffLogoMime(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]))).toBeNull(); // truncated signature
  });

  it.each([
    ["a bare root", '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ["a BOM, white space and the XML declaration", '\uFEFF  \n<?xml version="1.0"?>\n<svg>\n</svg>'],
    ["comments and a DOCTYPE with an internal subset", '<!-- Inkscape --><!DOCTYPE svg [ <!ENTITY a "b"> ]><!-- x --><svg width="1"></svg>'],
  ])("recognises an SVG with %s", (_, text) => expect(sniffLogoMime(bytes(text))).toBe("image/svg+xml"));

  it.each([
    ["an HTML page holding an SVG", "<html><body><svg></svg></body></html>"],
    ["plain text", "svg logo"],
    ["an element named svgfoo", "<svgfoo/>"],
    ["a compressed SVGZ", gzipSync(bytes("<svg/>"))],
    ["bytes that are not UTF-8 text", Uint8Array.from([0x3c, 0x73, 0x76, 0x67, 0x20, 0xff, 0xfe])],
    ["a GIF", bytes("GIF89a")],
  ])("refuses %s", (_, content) => expect(sniffLogoMime(typeof content === "string" ? bytes(content) : content)).toBeNull());
});

describe("logoResponse", () => {
  it("adds the script-blocking CSP to an SVG only", () => {
    const svg = logoResponse({ bytes: Buffer.from("<svg/>"), mime: "image/svg+xml" });
    expect(svg.headers.get("Content-Security-Policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const png = logoResponse({ bytes: Buffer.from([0x89]), mime: "image/png" });
    expect(png.headers.get("Content-Security-Policy")).toBeNull();
    expect(png.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(png.headers.get("Cache-Control")).toMatch(/^private/);
  });
});
