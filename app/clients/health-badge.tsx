import { HEALTH_STYLES, type Health } from "./health";

/**
 * The "santé du coaching" badge: the seed's colour (a dot) and label, and why — in the title
 * (hover), in a tooltip shown on keyboard focus, and in text for screen readers.
 */
export function HealthBadge({ health, reason }: { health: Health; reason: string }) {
  const style = HEALTH_STYLES[health];
  return (
    <span
      tabIndex={0}
      title={reason}
      data-health={health}
      data-testid="health-badge"
      className={`group relative inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 focus:outline-none focus-visible:ring-2 ${style.className}`}
    >
      <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: style.colour }} />
      {style.label}
      <span className="sr-only"> : {reason}</span>
      <span
        aria-hidden
        className="pointer-events-none absolute right-0 top-full z-10 mt-1 hidden w-max max-w-[16rem] rounded bg-slate-900 px-2 py-1 text-xs font-normal text-white shadow group-focus:block"
      >
        {reason}
      </span>
    </span>
  );
}
