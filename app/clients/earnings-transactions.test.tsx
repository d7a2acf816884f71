// The last transactions as rendered: ⏳ for a session still to come, "À clôturer" with a link to
// the session for a confirmed one whose start has passed.
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { EarningsTransactions, type TransactionRow } from "./earnings-transactions";

const row = (over: Partial<TransactionRow>): TransactionRow => ({
  id: 1,
  scheduledAt: Date.parse("2026-11-15T09:00:00Z"),
  clientId: 7,
  firstName: "Marie",
  lastName: "Dupont",
  number: 4,
  priceCents: 8000,
  status: "confirmed",
  toClose: false,
  ...over,
});

const render = (rows: TransactionRow[]) =>
  renderToStaticMarkup(
    <MemoryRouter>
      <EarningsTransactions rows={rows} />
    </MemoryRouter>,
  );

describe("EarningsTransactions", () => {
  it("shows a forgotten confirmed session as 'À clôturer', linked to the session, not ⏳", () => {
    const html = render([row({ id: 42, toClose: true })]);
    expect(html).toContain("À clôturer");
    expect(html).not.toContain("⏳");
    const link = html.match(/<a [^>]*data-testid="transaction-to-close"[^>]*>.*?<\/a>/)?.[0] ?? "";
    expect(link).toContain('href="/dashboard/sessions/42"');
    expect(link).toContain("À clôturer</a>");
  });

  it("keeps ⏳ En attente for a confirmed session still to come", () => {
    const html = render([row({ id: 43 })]);
    expect(html).toContain("⏳");
    expect(html).toContain("En attente");
    expect(html).not.toContain("À clôturer");
  });
});
