const STYLES: Record<string, { label: string; className: string }> = {
  active: { label: "Actif", className: "bg-emerald-100 text-emerald-800" },
  suspended: { label: "Suspendu", className: "bg-amber-100 text-amber-800" },
  deleted: { label: "Supprimé", className: "bg-slate-200 text-slate-700" },
};

export function StatusBadge({ status }: { status: string }) {
  const style = STYLES[status] ?? { label: status, className: "bg-slate-100 text-slate-700" };
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${style.className}`}>{style.label}</span>;
}

/** A tenant whose file cannot be used: says so, with why (also as text for screen readers). */
export function HealthBadge({ health, reason }: { health: string; reason: string | null }) {
  if (health !== "unavailable") return null;
  return (
    <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800" title={reason ?? undefined}>
      Indisponible<span className="sr-only"> : {reason ?? "raison inconnue"}</span>
    </span>
  );
}
