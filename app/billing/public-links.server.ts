// Public capability links (`/q/:token` quotes, `/pay/:token` invoices). The token is 32 random
// bytes; the control DB maps its SHA-256 to the tenant (no user input becomes a path), and the
// tenant row keeps the token itself, checked again, so a token of tenant A never opens B's rows.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { publicLinks, type PublicLinkKind } from "../../db/control.schema";
import { controlDb } from "~/lib/control-db.server";

export const newPublicToken = () => crypto.randomBytes(32).toString("base64url");
/** What the control DB stores (the demo seed writes its links directly). */
export const publicTokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Idempotent: registering the same token twice is a no-op. */
export function registerPublicLink(tenantId: string, kind: PublicLinkKind, documentId: number, token: string) {
  controlDb()
    .insert(publicLinks)
    .values({ tokenHash: publicTokenHash(token), tenantId, kind, documentId })
    .onConflictDoNothing()
    .run();
}

/** The tenant and document a public token opens, or null (malformed, unknown or of another kind). */
export function resolvePublicLink(kind: PublicLinkKind, token: string | undefined): { tenantId: string; documentId: number } | null {
  if (!token || !TOKEN_SHAPE.test(token)) return null;
  const row = controlDb()
    .select({ tenantId: publicLinks.tenantId, documentId: publicLinks.documentId })
    .from(publicLinks)
    .where(and(eq(publicLinks.tokenHash, publicTokenHash(token)), eq(publicLinks.kind, kind)))
    .get();
  return row ?? null;
}
