// Turns a seed result into the lines the CLI prints: the summary and the demo logins.
import type { DemoLogin } from "./accounts.server";
import type { SeedCounts, SeedResult } from "./seed.server";

const MAX_COACH_LINES = 10;

export function formatSummary(counts: SeedCounts, seconds: number) {
  const n = String;
  return [
    `Seeded ${n(counts.tenants)} tenant(s) in ${seconds.toFixed(2)} s:`,
    `  leads ${n(counts.leads)} · messages ${n(counts.messages)} · sequences ${n(counts.sequences)}`,
    `  clients ${n(counts.clients)} · sessions ${n(counts.sessions)}`,
    `  quotes ${n(counts.quotes)} · invoices ${n(counts.invoices)} · credit notes ${n(counts.creditNotes)} · payments ${n(counts.payments)}`,
  ];
}

/** A table of the logins; with many coaches only the first few are listed. */
export function formatLogins(logins: DemoLogin[], password: string | null) {
  const coaches = logins.filter((l) => l.role === "coach");
  const shown = [...logins.filter((l) => l.role !== "coach"), ...coaches.slice(0, MAX_COACH_LINES)];
  const width = Math.max(...shown.map((l) => l.email.length), 5);
  const lines = [
    password !== null
      ? `Demo logins (password: ${password})`
      : "Demo logins (password: the one in SEED_PASSWORD when they were seeded — it is not the current one)",
    `  ${"Email".padEnd(width)}  Role     Name`,
    ...shown.map((l) => `  ${l.email.padEnd(width)}  ${l.role.padEnd(7)}  ${l.name}`),
  ];
  if (coaches.length > MAX_COACH_LINES) {
    lines.push(`  … and ${coaches.length - MAX_COACH_LINES} more coaches, up to ${coaches[coaches.length - 1].email}`);
  }
  return lines;
}

export function formatResult(result: SeedResult) {
  if (result.kind === "already-seeded") {
    return ["Demo data is already there (admin@example.com exists); nothing changed. Use --reset to start over.", "", ...formatLogins(result.logins, result.password)];
  }
  const removed = result.removedTenants > 0 ? [`Reset: removed ${result.removedTenants} tenant(s) and all control rows.`] : [];
  return [...removed, ...formatSummary(result.counts, result.seconds), "", ...formatLogins(result.logins, result.password)];
}
