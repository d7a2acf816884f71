import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { tenantFile } from "./tenant-file";
import { signIn } from "./helpers";

// Focus's actions on rows this spec creates itself in coach1's tenant (its own client per run
// and project): starting a session from Focus, a pre-brief gone meanwhile, a long pre-brief printed.
function write<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(tenantFile());
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function makeClient(label: string) {
  const now = Date.now();
  return write((db) =>
    Number(db.prepare("INSERT INTO clients (first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?)").run("E2E", label, now, now).lastInsertRowid),
  );
}

function makeSession(clientId: number, values: { scheduledAt: number; status?: string; summary?: string; notes?: string; agreed?: string }) {
  const now = Date.now();
  return write((db) =>
    Number(
      db
        .prepare(
          "INSERT INTO coaching_sessions (client_id, scheduled_at, status, summary, notes, agreed, price_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 8000, ?, ?)",
        )
        .run(clientId, values.scheduledAt, values.status ?? "confirmed", values.summary ?? null, values.notes ?? null, values.agreed ?? null, now, now).lastInsertRowid,
    ),
  );
}

const label = (page: Page, what: string) => `${what} ${test.info().project.name} ${Date.now()}`;

test("Démarrer la séance on Focus starts a session about to begin and opens its page", async ({ page }) => {
  const clientId = makeClient(label(page, "Démarrage"));
  const id = makeSession(clientId, { scheduledAt: Date.now() + 10 * 60_000 });
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard");
  const card = page.locator(`[data-testid=focus-session][data-session-id="${id}"]`);
  await card.getByRole("button", { name: /^Démarrer la séance/ }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/sessions/${id}$`));
  await expect(page.getByText("Séance démarrée")).toBeVisible();
  const started = write((db) => db.prepare("SELECT started_at FROM coaching_sessions WHERE id = ?").get(id) as { started_at: number | null });
  expect(started.started_at).not.toBeNull();
  // Cleared so that it does not stay "en cours" / "À clôturer" for the other specs.
  write((db) => db.prepare("DELETE FROM coaching_sessions WHERE client_id = ?").run(clientId));
  write((db) => db.prepare("DELETE FROM clients WHERE id = ?").run(clientId));
});

test("a pre-brief whose session is gone meanwhile: Focus stays, the dialog says so (a 404 page without JavaScript)", async ({ page }, testInfo) => {
  const clientId = makeClient(label(page, "Disparue"));
  const id = makeSession(clientId, { scheduledAt: Date.now() + 40 * 3_600_000 });
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard");
  const card = page.locator(`[data-testid=focus-session][data-session-id="${id}"]`);
  await expect(card).toBeVisible();
  write((db) => db.prepare("DELETE FROM coaching_sessions WHERE id = ?").run(id));
  write((db) => db.prepare("DELETE FROM clients WHERE id = ?").run(clientId));
  await card.getByRole("link", { name: /^Voir le pré-brief/ }).click();
  if (testInfo.project.name === "no-js") {
    await expect(page.getByText("Cette séance n'existe pas (ou plus).")).toBeVisible();
    return;
  }
  const dialog = page.getByTestId("brief-dialog");
  await expect(dialog.getByText("Pré-brief indisponible")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: /^Bonjour / })).toBeVisible();
  await dialog.getByRole("button", { name: "Fermer" }).click();
  await expect(dialog).toBeHidden();
});

test("a pre-brief with very long notes still prints on one A4 page", async ({ page }) => {
  const clientId = makeClient(label(page, "Bavard"));
  const long = (word: string) => Array.from({ length: 400 }, (_, i) => `${word} ${i}`).join(" ");
  makeSession(clientId, { scheduledAt: Date.now() - 7 * 86_400_000, status: "completed", summary: long("résumé"), notes: long("note"), agreed: long("convenu") });
  // Ten days ahead: outside Focus's 48 h, so no other spec's counts change.
  const id = makeSession(clientId, { scheduledAt: Date.now() + 10 * 86_400_000 });
  const now = Date.now();
  write((db) => {
    const insert = db.prepare("INSERT INTO client_notes (client_id, body, created_at) VALUES (?, ?, ?)");
    for (let i = 0; i < 5; i++) insert.run(clientId, long(`remarque${i}`), now - i * 1000);
  });
  try {
    await signIn(page, "coach1@example.com");
    await page.goto(`/dashboard/sessions/${id}/brief`);
    await expect(page.getByText("Vos notes de séance")).toBeVisible();
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  } finally {
    write((db) => {
      db.prepare("DELETE FROM client_notes WHERE client_id = ?").run(clientId);
      db.prepare("DELETE FROM coaching_sessions WHERE client_id = ?").run(clientId);
      db.prepare("DELETE FROM clients WHERE id = ?").run(clientId);
    });
  }
});

test("a confirmed session already over is listed À clôturer on Focus, linking to its page", async ({ page }) => {
  const name = label(page, "Oubliée");
  const clientId = makeClient(name);
  const id = makeSession(clientId, { scheduledAt: Date.now() - 3 * 86_400_000 });
  try {
    await signIn(page, "coach1@example.com");
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: /^À clôturer \(\d+\)$/ })).toBeVisible();
    const row = page.getByTestId("to-close").locator(`[data-session-id="${id}"]`);
    await expect(row).toContainText(`E2E ${name}`);
    await row.getByRole("link", { name: /^Clôturer/ }).click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/sessions/${id}$`));
  } finally {
    write((db) => {
      db.prepare("DELETE FROM coaching_sessions WHERE client_id = ?").run(clientId);
      db.prepare("DELETE FROM clients WHERE id = ?").run(clientId);
    });
  }
});
