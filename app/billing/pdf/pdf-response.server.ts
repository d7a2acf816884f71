// The HTTP answer for a billing PDF: inline (the browser's viewer), its file name, an ETag that
// lets a second download be a 304.
export function pdfResponse(request: Request, { pdf, filename, etag, immutable }: { pdf: Buffer; filename: string; etag: string; immutable: boolean }) {
  const tag = `"${etag}"`;
  const headers = new Headers({
    "Content-Type": "application/pdf",
    // File names are ASCII by construction (Facture-2026-0001.pdf); quotes cannot occur.
    "Content-Disposition": `inline; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    ETag: tag,
    // Private documents: never in a shared cache; revalidated (ETag) before reuse.
    "Cache-Control": immutable ? "private, no-cache" : "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  const match = request.headers.get("If-None-Match");
  if (immutable && match && match.split(",").some((t) => t.trim() === tag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(pdf.length));
  return new Response(request.method === "HEAD" ? null : new Uint8Array(pdf), { headers });
}
