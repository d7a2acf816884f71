// "Imprimer": window.print() with JavaScript; without it, a hint to use the browser's own command
// (a button that does nothing would be a broken promise).
import { useEffect, useState } from "react";

export function PrintButton() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) {
    return <span className="text-sm text-slate-600">Pour imprimer : Ctrl+P (ou ⌘+P)</span>;
  }
  return (
    <button type="button" className="btn-secondary" onClick={() => window.print()}>
      Imprimer
    </button>
  );
}
