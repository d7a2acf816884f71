/** "répondu en 2 h 10", "répondu en 5 min", "répondu en 3 j 4 h" (shared by server and page). */
export function replyLabel(minutes: number) {
  if (minutes < 60) return `répondu en ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 24) return `répondu en ${h} h${m ? ` ${String(m).padStart(2, "0")}` : ""}`;
  const d = Math.floor(h / 24);
  return `répondu en ${d} j${h % 24 ? ` ${h % 24} h` : ""}`;
}
