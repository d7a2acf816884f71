// French formatting, shared by server and client (no server-only imports here).
const dateFmt = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeZone: "Europe/Paris" });
const dateTimeFmt = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });
const eurFmt = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
const intFmt = new Intl.NumberFormat("fr-FR");

export const formatDate = (d: Date | string | number) => dateFmt.format(new Date(d));
export const formatDateTime = (d: Date | string | number) => dateTimeFmt.format(new Date(d));
export const formatEuros = (cents: number) => eurFmt.format(cents / 100);
export const formatInt = (n: number) => intFmt.format(n);

export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}
