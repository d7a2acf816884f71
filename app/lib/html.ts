// The one HTML escaper for strings put in hand-built HTML (emails, small HTML error pages).
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value → safe HTML (the five characters that matter in both). */
export function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
