// The coach's logo, stored in the tenant file (billing_profile.logo / logo_mime). Its type is
// read from the bytes, never from the file name or the browser's Content-Type; the upload is
// parsed with a bounded memory handler, so a huge body is refused without being buffered.
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { TenantDb } from "~/lib/tenant-db.server";
import { readBillingProfile, updateBillingProfile } from "./billing-profile.server";

export const LOGO_MAX_BYTES = 300 * 1024;
export const LOGO_MIMES = ["image/png", "image/jpeg", "image/svg+xml"] as const;
export type LogoMime = (typeof LOGO_MIMES)[number];

export const LOGO_ERRORS = {
  tooLarge: "Logo trop lourd : 300 Ko au maximum. Réduisez l'image (ou exportez-la en SVG) puis réessayez.",
  badType: "Ce fichier n'est pas une image PNG, JPEG ou SVG. Choisissez votre logo dans l'un de ces formats.",
  missing: "Choisissez un fichier image (PNG, JPEG ou SVG).",
} as const;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

// What may come before an SVG's root element: a BOM, the XML declaration, comments,
// processing instructions and a DOCTYPE (with an internal subset), separated by white space.
const PROLOG_ITEM = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)/i;

function isSvg(bytes: Uint8Array) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); // an SVG is UTF-8 text
  } catch {
    return false;
  }
  text = text.replace(/^\uFEFF/, "");
  for (let m = PROLOG_ITEM.exec(text); m; m = PROLOG_ITEM.exec(text)) text = text.slice(m[0].length);
  return /^\s*<svg[\s>/]/.test(text);
}

/** The logo's real type from its first bytes (magic numbers, or an XML document whose root is <svg>). */
export function sniffLogoMime(bytes: Uint8Array): LogoMime | null {
  if (startsWith(bytes, PNG)) return "image/png";
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  if (isSvg(bytes)) return "image/svg+xml";
  return null;
}

export const LOGO_TOO_LARGE = Symbol("logo too large");

const isMultipart = (request: Request) => (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");

/**
 * The settings page's posted form: multipart (the logo form) through a memory handler capped at
 * LOGO_MAX_BYTES per part — only the `intent` and `logo` parts are kept — otherwise the usual
 * URL-encoded form. LOGO_TOO_LARGE when a part goes over the cap (reading stops there).
 */
export async function readSettingsForm(request: Request): Promise<FormData | typeof LOGO_TOO_LARGE> {
  if (!isMultipart(request)) return request.formData();
  const handler = unstable_createMemoryUploadHandler({ maxPartSize: LOGO_MAX_BYTES, filter: ({ name }) => name === "intent" || name === "logo" });
  try {
    return await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return LOGO_TOO_LARGE;
    throw error;
  }
}

/** Stores the uploaded logo, typed from its bytes; the French error to show otherwise. */
export async function saveLogo(db: TenantDb, file: FormDataEntryValue | null): Promise<string | null> {
  if (!(file instanceof Blob) || file.size === 0) return LOGO_ERRORS.missing;
  if (file.size > LOGO_MAX_BYTES) return LOGO_ERRORS.tooLarge;
  const bytes = Buffer.from(await file.arrayBuffer());
  const mime = sniffLogoMime(bytes);
  if (!mime) return LOGO_ERRORS.badType;
  updateBillingProfile(db, { logo: bytes, logoMime: mime });
  return null;
}

export function removeLogo(db: TenantDb) {
  updateBillingProfile(db, { logo: null, logoMime: null });
}

export function readLogo(db: TenantDb): { bytes: Buffer; mime: LogoMime } | null {
  const { logo, logoMime } = readBillingProfile(db);
  if (!logo || !logoMime || !(LOGO_MIMES as readonly string[]).includes(logoMime)) return null;
  return { bytes: logo, mime: logoMime as LogoMime };
}

/** The HTTP response serving a logo: private cache, and an SVG that cannot run a script. */
export function logoResponse({ bytes, mime }: { bytes: Buffer; mime: LogoMime }) {
  const headers = new Headers({
    "Content-Type": mime,
    "Content-Length": String(bytes.byteLength),
    "Cache-Control": "private, max-age=0, must-revalidate",
    "X-Content-Type-Options": "nosniff",
  });
  if (mime === "image/svg+xml") headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}
