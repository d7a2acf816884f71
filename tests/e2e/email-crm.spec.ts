import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { query, tenantFile } from "./tenant-file";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). Each project writes its own
// template and notifications into coach1's tenant file (the template editor is another spec's
// flow) and works on its own lead.

const design = {
  theme: { background: "#f4f4f5", contentBackground: "#ffffff", textColor: "#1f2937", accentColor: "#4f46e5", font: "sans", align: "left", spacing: "normal" },
  blocks: [
    { type: "title", text: "Bonjour {{firstName}}", size: "large" },
    { type: "text", text: "Un petit mot pour prendre de vos nouvelles." },
  ],
};

/** Writes into coach1's tenant file (the server runs in WAL mode: a short write is fine). */
function write(fn: (db: Database.Database) => void) {
  const db = new Database(tenantFile());
  db.pragma("busy_timeout = 5000");
  try {
    fn(db);
  } finally {
    db.close();
  }
}

test("send one email from a lead: choose a template, preview, confirm, see it on the timeline", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const subject = `Nouvelles (${project}) pour {{firstName}}`;
  let templateId = 0;
  write((db) => {
    const now = Date.now();
    templateId = Number(
      db
        .prepare("INSERT INTO email_templates (name, kind, subject, design, fallbacks, version, created_at, updated_at) VALUES (?, 'check_in', ?, ?, '{}', 1, ?, ?)")
        .run(`Suivi e2e ${project}`, subject, JSON.stringify(design), now, now).lastInsertRowid,
    );
  });
  // A reachable lead of its own per project, far from the ids other specs pick.
  const [lead] = query<{ id: number; first_name: string }>(
    `SELECT id, first_name FROM leads WHERE email IS NOT NULL AND blacklisted = 0 AND first_name IS NOT NULL AND status NOT IN ('won', 'lost')
     ORDER BY id DESC LIMIT 1 OFFSET ?`,
    project === "js" ? 11 : 10,
  );
  expect(lead).toBeTruthy();
  const expected = `Nouvelles (${project}) pour ${lead.first_name}`;

  await signIn(page, "coach1@example.com");
  await page.goto(`/dashboard/leads/${lead.id}`);
  await page.getByRole("link", { name: "Envoyer un email" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/leads/${lead.id}/email$`));
  await page.getByLabel("Modèle").selectOption(String(templateId));
  await page.getByRole("button", { name: "Prévisualiser" }).click();
  await expect(page.getByTestId("preview-subject")).toHaveText(expected);
  await expect(page.frameLocator("iframe[title=\"Aperçu de l'email (HTML)\"]").getByRole("heading", { name: `Bonjour ${lead.first_name}` })).toBeVisible();
  await page.getByRole("button", { name: "Confirmer l'envoi" }).click();

  await expect(page).toHaveURL(new RegExp(`/dashboard/leads/${lead.id}(#timeline)?$`));
  await expect(page.getByRole("status")).toHaveText(`Email « ${expected} » mis dans la file d'envoi.`);
  const item = page.getByTestId("timeline-email").filter({ hasText: expected });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(/Dans la file d'envoi|Envoyé|Délivré/);
  const rows = query<{ n: number }>("SELECT count(*) AS n FROM email_sends WHERE lead_id = ? AND subject = ?", lead.id, expected);
  expect(rows[0].n).toBe(1);
});

test("bulk: email two leads checked on the list, with the count confirmed, back to the list", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const name = `Relance groupée e2e ${project}`;
  let templateId = 0;
  write((db) => {
    const now = Date.now();
    templateId = Number(
      db
        .prepare("INSERT INTO email_templates (name, kind, subject, design, fallbacks, version, created_at, updated_at) VALUES (?, 'follow_up', ?, ?, '{}', 1, ?, ?)")
        .run(name, `Groupé (${project}) {{firstName}}`, JSON.stringify(design), now, now).lastInsertRowid,
    );
  });
  // Two reachable leads of the list's first page (newest first, blacklisted hidden), never emailed
  // before: other specs (campaigns) unsubscribe some of their recipients.
  const leads = query<{ id: number }>(
    `SELECT id FROM (SELECT id, email FROM leads WHERE blacklisted = 0 ORDER BY created_at DESC, id DESC LIMIT 40)
     WHERE email IS NOT NULL AND id NOT IN (SELECT lead_id FROM email_sends WHERE lead_id IS NOT NULL) LIMIT 2 OFFSET ?`,
    project === "js" ? 4 : 1,
  );
  expect(leads).toHaveLength(2);

  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/leads");
  for (const l of leads) await page.locator(`input[name="id"][value="${l.id}"]`).check();
  await page.getByLabel("Action").selectOption("email");
  await page.getByRole("button", { name: "Appliquer à la sélection" }).click();
  await expect(page).toHaveURL(/\/dashboard\/leads\/email\?ids=/);
  await page.getByLabel("Modèle").selectOption(String(templateId));
  await page.getByRole("button", { name: "Prévisualiser" }).click();
  await expect(page.getByTestId("email-preview")).toBeVisible();
  await page.getByRole("combobox", { name: "Aperçu pour" }).selectOption(String(leads[1].id));
  await page.getByRole("button", { name: "Prévisualiser" }).click();
  await expect(page.getByRole("combobox", { name: "Aperçu pour" })).toHaveValue(String(leads[1].id));
  await expect(page.getByTestId("bulk-email-confirm")).toContainText("2 destinataires");
  await page.getByRole("button", { name: "Envoyer à 2 destinataires" }).click();
  await expect(page).toHaveURL(/\/dashboard\/leads$/);
  await expect(page.getByRole("status").first()).toContainText("2 emails « Groupé");
  const queued = query<{ n: number }>(`SELECT count(*) AS n FROM email_sends WHERE template_id = ? AND lead_id IN (${leads.map((l) => l.id).join(",")})`, templateId);
  expect(queued[0].n).toBe(2);
});

test("notifications: bell, mark one read, mark all read, clear the read ones", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const titles = [1, 2, 3].map((i) => `E2E ${project} notification ${i}`);
  write((db) => {
    const insert = db.prepare("INSERT INTO notifications (kind, title, body, href, created_at) VALUES ('lead_new', ?, 'Reçu par l''API (N8N, ManyChat).', '/dashboard/leads', ?)");
    titles.forEach((t, i) => insert.run(t, Date.now() + i));
  });
  const row = (title: string) => page.getByTestId("notifications").locator("li", { hasText: title });

  await signIn(page, "coach1@example.com");
  await page.getByRole("link", { name: /^Notifications \(\d+ non lues?\)$/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  for (const t of titles) await expect(row(t)).toHaveAttribute("data-unread", "true");
  await expect(row(titles[0]).getByRole("link", { name: titles[0] })).toHaveAttribute("href", "/dashboard/leads");

  await page.getByRole("button", { name: `Marquer comme lu : ${titles[1]}` }).click();
  await expect(page.getByRole("status")).toHaveText("Notification marquée comme lue.");
  await expect(row(titles[1])).toHaveAttribute("data-unread", "false");
  await expect(row(titles[0])).toHaveAttribute("data-unread", "true");

  await page.getByRole("button", { name: "Tout marquer comme lu" }).click();
  await expect(page.getByRole("status")).toHaveText("Toutes les notifications sont lues.");
  for (const t of titles) await expect(row(t)).toHaveAttribute("data-unread", "false");
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Effacer les notifications lues" }).click();
  await expect(page.getByRole("status")).toContainText("effacée");
  for (const t of titles) await expect(page.getByText(t)).toHaveCount(0);
});
