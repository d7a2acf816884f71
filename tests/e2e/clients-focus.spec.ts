import { expect, test, type Page } from "@playwright/test";
import { tenantFile, query } from "./tenant-file";
import { signIn } from "./helpers";
import { addDays, addMonths, dayKey, dayStart, monthKey, monthStart } from "../../app/kpis/paris-days.server";

// Focus and the pre-brief on coach1's seeded data (read only: nothing here changes a row).
const LABELS = ["Aujourd'hui", "Demain", "Après-demain"];
const euros = (cents: number) =>
  new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);

async function openFocus(page: Page) {
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: /^Bonjour / })).toBeVisible();
}

test("Focus shows the next 48 h grouped by day with their buttons, and the month's figures", async ({ page }) => {
  await openFocus(page);
  const now = Date.now();
  // Not over yet (a session in progress stays) and starting within 48 h.
  const sessions = query<{ id: number; scheduled_at: number }>(
    "SELECT id, scheduled_at FROM coaching_sessions WHERE status = 'confirmed' AND scheduled_at + duration_minutes * 60000 > ? AND scheduled_at <= ? ORDER BY scheduled_at, id",
    now,
    now + 48 * 3_600_000,
  );
  expect(sessions.length).toBeGreaterThanOrEqual(2); // the seed promises at least two
  const running = sessions.filter((s) => s.scheduled_at <= now).length;
  await expect(page.getByTestId("focus-count")).toHaveText(
    `Vous avez ${sessions.length} séances prévues dans les prochaines 48 h${running ? ` (dont ${running} en cours)` : ""}`,
  );
  await expect(page.getByRole("link", { name: "Planifier une séance" })).toHaveAttribute("href", "/dashboard/sessions/new");

  // Each day group has the label of its Paris day and its sessions, each with both buttons.
  const today = dayKey(now);
  const byDay = new Map<string, number>();
  for (const s of sessions) byDay.set(dayKey(s.scheduled_at), (byDay.get(dayKey(s.scheduled_at)) ?? 0) + 1);
  const groups = page.getByTestId("focus-day");
  await expect(groups).toHaveCount(byDay.size);
  let i = 0;
  for (const [day, count] of byDay) {
    const group = groups.nth(i++);
    const offset = LABELS.findIndex((_, n) => addDays(today, n) === day);
    if (offset >= 0) await expect(group.getByRole("heading")).toHaveText(LABELS[offset]);
    const cards = group.getByTestId("focus-session");
    await expect(cards).toHaveCount(count);
    for (let c = 0; c < count; c++) {
      await expect(cards.nth(c).getByRole("link", { name: /^Voir le pré-brief/ })).toBeVisible();
      // Within 30 min of its start (or begun): a button posting intent=start; before, a link to its page.
      const card = cards.nth(c);
      const cardId = Number(await card.getAttribute("data-session-id"));
      const startsAt = sessions.find((x) => x.id === cardId)!.scheduled_at;
      if (startsAt - now <= 30 * 60_000) await expect(card.getByRole("button", { name: /^Démarrer la séance/ })).toBeVisible();
      else await expect(card.getByRole("link", { name: /^Démarrer la séance/ })).toHaveAttribute("href", /^\/dashboard\/sessions\/\d+$/);
      await expect(cards.nth(c)).toContainText(/Séance #\d+/);
    }
  }

  // "À clôturer": confirmed sessions already over, most recent first, at most 10, each to its page.
  const toClose = query<{ id: number }>(
    "SELECT id FROM coaching_sessions WHERE status = 'confirmed' AND scheduled_at + duration_minutes * 60000 <= ? ORDER BY scheduled_at DESC, id DESC",
    now,
  );
  if (toClose.length === 0) await expect(page.getByTestId("to-close")).toHaveCount(0);
  else {
    await expect(page.getByRole("heading", { name: `À clôturer (${toClose.length})` })).toBeVisible();
    const rows = page.getByTestId("to-close").getByRole("listitem");
    await expect(rows).toHaveCount(Math.min(10, toClose.length));
    await expect(rows.first().getByRole("link", { name: /^Clôturer/ })).toHaveAttribute("href", `/dashboard/sessions/${toClose[0].id}`);
  }

  // The month's figures: completed sessions of this Paris month.
  const month = monthKey(now);
  const [fig] = query<{ cents: number; n: number }>(
    "SELECT coalesce(sum(price_cents), 0) AS cents, count(*) AS n FROM coaching_sessions WHERE status = 'completed' AND scheduled_at >= ? AND scheduled_at < ?",
    monthStart(month),
    monthStart(addMonths(month, 1)),
  );
  await expect(page.getByTestId("month-figures")).toHaveText(`Ce mois : ${euros(fig.cents)} • ${fig.n} ${fig.n <= 1 ? "séance réalisée" : "séances réalisées"}`);
  expect(dayStart(today)).toBeLessThanOrEqual(now);

  // On a phone, nothing sticks out sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

test("open a pre-brief: its own page without JavaScript, a dialog with it that gives focus back on close", async ({ page }, testInfo) => {
  await openFocus(page);
  const card = page.getByTestId("focus-session").first();
  const sessionId = Number(await card.getAttribute("data-session-id"));
  const [row] = query<{ first_name: string; last_name: string }>(
    "SELECT c.first_name, c.last_name FROM coaching_sessions s JOIN clients c ON c.id = s.client_id WHERE s.id = ?",
    sessionId,
  );
  const name = `${row.first_name} ${row.last_name}`;
  const link = card.getByRole("link", { name: /^Voir le pré-brief/ });

  if (testInfo.project.name === "no-js") {
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/sessions/${sessionId}/brief$`));
    await expect(page.getByRole("heading", { level: 1, name: `Pré-brief · ${name}` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Dernière séance" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Objectifs en cours" })).toBeVisible();
    await expect(page.getByText("Pour imprimer : Ctrl+P")).toBeVisible();
    await expectOneA4Page(page);
    return;
  }

  await link.click();
  const dialog = page.getByRole("dialog", { name: `Pré-brief · ${name}` });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dialog.getByRole("heading", { name: "Dernière séance" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Fermer" })).toBeFocused();
  // The page behind a modal dialog is inert: Tab never lands there (past the dialog's last
  // control, the browser's own UI takes focus, leaving the document's on <body>).
  for (const key of ["Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect(await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(link).toBeFocused();

  // Again, closed with its button; then the printable page has a working "Imprimer" button.
  await link.click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Fermer" }).click();
  await expect(dialog).toBeHidden();
  await expect(link).toBeFocused();
  await page.goto(`/dashboard/sessions/${sessionId}/brief`);
  await expect(page.getByRole("button", { name: "Imprimer" })).toBeVisible();
  await expectOneA4Page(page);
});

/** Printed, the pre-brief fits one A4 page, without the navigation or the buttons. */
async function expectOneA4Page(page: Page) {
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Démarrer la séance" })).toBeHidden();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  await page.emulateMedia({ media: "screen" });
}

test("the coach asks for the pre-briefs by email in Réglages, and can stop them", async ({ page }) => {
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/settings");
  const box = page.getByRole("checkbox", { name: /Recevoir mes pré-briefs par email le matin des jours de séance/ });
  const section = page.locator("#pre-briefs");
  await box.check();
  await section.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status")).toHaveText(/Pré-briefs par email activés/);
  await expect(box).toBeChecked();
  await page.reload();
  await expect(box).toBeChecked();
  await box.uncheck();
  await section.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status")).toHaveText("Pré-briefs par email désactivés.");
  await expect(box).not.toBeChecked();
});
