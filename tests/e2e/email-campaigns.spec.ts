// Campaigns end to end (JavaScript off and on): a campaign to a segment is sent by the
// in-server worker (no RESEND_API_KEY: to the dev outbox), signed Resend webhook events move its
// metrics, a recipient unsubscribes from the link of the email (GET page, POST confirm) and the
// next campaign to the same segment shows them excluded.
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { resendEvent, signResendWebhook } from "../../app/email/resend-webhook.test-helpers";
import { DEFAULT_THEME } from "../../app/email/templates/design";
import { signIn } from "./helpers";
import { query, tenantFile } from "./tenant-file";

/** Three leads tagged `tag`, a segment of them and a template, written into coach1's file. */
function prepare(tag: string) {
  const db = new Database(tenantFile());
  db.pragma("busy_timeout = 5000");
  try {
    const now = Date.now();
    const insert = db.prepare(
      "INSERT INTO leads (instagram_id, first_name, last_name, email, tags, created_at, created_day, updated_at) VALUES (?, ?, 'Campagne', ?, ?, ?, '2026-01-01', ?)",
    );
    for (let i = 1; i <= 3; i++) insert.run(`${tag}-${i}`, `Invité${i}`, `${tag}-${i}@example.fr`, JSON.stringify([tag]), now, now);
    db.prepare("INSERT INTO segments (name, query, created_at) VALUES (?, ?, ?)").run(`Segment ${tag}`, `tag=${tag}`, now);
    const design = { theme: DEFAULT_THEME, blocks: [{ type: "text", text: "Bonjour {{firstName}}, voici nos nouvelles." }] };
    db.prepare("INSERT INTO email_templates (name, kind, subject, design, fallbacks, version, created_at, updated_at) VALUES (?, 'custom', ?, ?, '{}', 1, ?, ?)").run(
      `Modèle ${tag}`,
      "Les nouvelles de {{firstName}}",
      JSON.stringify(design),
      now,
      now,
    );
  } finally {
    db.close();
  }
}

/** The unsubscribe link in the last email the dev outbox got for this address. */
function unsubscribeLinkOf(email: string) {
  const outbox = new Database(".e2e/control.sqlite", { readonly: true });
  try {
    const mail = outbox.prepare('SELECT text FROM outbox WHERE "to" = ? ORDER BY id DESC').get(email) as { text: string };
    return /https?:\/\/\S+\/u\/[\w.-]+/.exec(mail.text)![0];
  } finally {
    outbox.close();
  }
}

async function newCampaign(page: Page, tag: string, name: string) {
  await page.goto("/dashboard/email/campaigns");
  await page.getByRole("link", { name: "Nouvelle campagne" }).click();
  await page.getByLabel("Nom de la campagne").fill(name);
  await page.getByLabel("Modèle").selectOption({ label: `Modèle ${tag}` });
  await page.getByLabel("Segment (destinataires)").selectOption({ label: `Segment ${tag}` });
  await page.getByRole("button", { name: "Créer le brouillon" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("campaign to a segment: send, webhook metrics, unsubscribe, excluded next time", async ({ page, request }, testInfo) => {
  const tag = `e2e${testInfo.project.name.replace(/\W/g, "")}${Date.now()}`;
  prepare(tag);
  await signIn(page, "coach1@example.com");
  await page.goto("/dashboard/email/campaigns");
  await expect(page.getByTestId("outbox-notice")).toContainText("Envoi réel non configuré");

  const name = `Nouvelles ${tag}`;
  await newCampaign(page, tag, name);
  await expect(page.getByTestId("campaign-audience")).toContainText("3 destinataires");
  await page.getByLabel(/Je confirme l'envoi de cette campagne à 3 contacts/).check();
  await page.getByRole("button", { name: "Envoyer maintenant" }).click();
  await expect(page.getByRole("status")).toContainText("Envoi lancé à 3 contacts");

  // The in-server worker sends to the outbox; with JS the page refreshes itself.
  if (testInfo.project.name === "js") {
    await expect(page.getByTestId("campaign-status")).toHaveText("Envoyée", { timeout: 30_000 });
  } else {
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("campaign-status")).toHaveText("Envoyée", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
  }
  await expect(page.getByTestId("campaign-progress")).toContainText("3 envoyés sur 3");

  // Signed Resend events for these sends: all delivered, one clicked.
  const tenantId = path.basename(tenantFile(), ".sqlite");
  const sends = query<{ id: number; resendId: string; email: string }>(
    "SELECT s.id, s.resend_id AS resendId, s.to_email AS email FROM email_sends s JOIN email_campaigns c ON c.id = s.campaign_id WHERE c.name = ? ORDER BY s.id",
    name,
  );
  expect(sends).toHaveLength(3);
  const post = async (type: string, s: (typeof sends)[number]) => {
    const body = resendEvent(type, { emailId: s.resendId, tenantId, sendId: s.id, link: type === "email.clicked" ? "https://example.fr" : undefined });
    const res = await request.post("/webhooks/resend", { data: body, headers: { "Content-Type": "application/json", ...signResendWebhook(body) } });
    expect(res.status()).toBe(200);
  };
  for (const s of sends) await post("email.delivered", s);
  await post("email.clicked", sends[0]);
  await page.reload();
  await expect(page.getByTestId("metric-delivered")).toHaveText("3");
  await expect(page.getByTestId("metric-clicks")).toHaveText("1");

  // The second recipient unsubscribes from the link in their email (dev outbox).
  const link = unsubscribeLinkOf(sends[1].email);
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { name: /Ne plus recevoir les emails de/ })).toBeVisible();
  expect(query("SELECT 1 FROM email_sends WHERE id = ? AND unsubscribed_at IS NOT NULL", sends[1].id)).toHaveLength(0); // GET changed nothing
  await page.getByRole("button", { name: "Me désinscrire" }).click();
  await expect(page.getByTestId("unsubscribed")).toHaveText("Vous êtes désinscrit");
  // The third one through their mailbox's RFC 8058 one-click button: a POST from elsewhere.
  const oneClick = await request.post(new URL(unsubscribeLinkOf(sends[2].email)).pathname, {
    headers: { Origin: "https://mail.example.com", "Content-Type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(oneClick.status()).toBe(200);
  await page.goto(`/dashboard/email/campaigns`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByTestId("metric-unsubscribes")).toHaveText("2");

  // The next campaign to the same segment leaves them out.
  await newCampaign(page, tag, `Relance ${tag}`);
  await expect(page.getByTestId("campaign-audience")).toContainText("1 destinataire, 2 exclus");
  await expect(page.getByTestId("campaign-exclusions")).toContainText("2 désinscrit");
});
