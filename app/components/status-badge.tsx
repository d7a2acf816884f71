const STYLES: Record<string, { label: string; className: string }> = {
  active: { label: "Actif", className: "bg-emerald-100 text-emerald-800" },
  suspended: { label: "Suspendu", className: "bg-amber-100 text-amber-800" },
  deleted: { label: "Supprimé", className: "bg-slate-200 text-slate-700" },
};

export function StatusBadge({ status }: { status: string }) {
  const style = STYLES[status] ?? { label: status, className: "bg-slate-100 text-slate-700" };
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${style.className}`}>{style.label}</span>;
}
