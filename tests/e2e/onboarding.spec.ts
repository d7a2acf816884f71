import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

// One flow, run twice by the config: JavaScript off ("no-js") and on ("js").
test("admin provisions a coach, the coach accepts the invitation, support exports the tenant", async ({ page }, testInfo) => {
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `coach-${stamp}@example.fr`;
  const name = `Camille ${testInfo.project.name === "js" ? "Js" : "Nojs"} ${Date.now() % 100000}`;
  const password = "une phrase de passe solide 2026";

  // Admin provisions the coach; bad input first comes back with field errors.
  await signIn(page, "admin@example.com");
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("link", { name: "Nouveau coach" }).first().click();
  await page.getByLabel("Nom").fill(name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Spécialité").fill("yoga");
  await page.getByRole("button", { name: "Créer le coach et l'inviter" }).click();
  await expect(page.getByText("Adresse email invalide.")).toBeVisible();
  await expect(page.getByLabel("Nom")).toHaveValue(name); // nothing lost
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Créer le coach et l'inviter" }).click();
  await expect(page.getByRole("status")).toContainText(`L'invitation a été envoyée à ${email}`);
  const tenantUrl = page.url();

  // The invitation lands in the development outbox.
  await page.goto("/admin/outbox");
  const mail = page.locator("li", { has: page.getByText(email, { exact: true }) });
  const inviteHref = await mail.getByRole("link", { name: "Choisissez votre mot de passe" }).getAttribute("href");
  expect(inviteHref).toMatch(/\/invite\/[\w-]+$/);
  await signOut(page);

  // The coach chooses a password: a weak one is refused with a clear message.
  await page.goto(new URL(inviteHref!).pathname);
  await expect(page.getByRole("heading", { name: `Bienvenue ${name}` })).toBeVisible();
  await page.getByLabel("Mot de passe", { exact: true }).fill("password123");
  await page.getByLabel("Confirmez le mot de passe").fill("password123");
  await page.getByRole("button", { name: "Créer mon mot de passe" }).click();
  await expect(page.getByText(/trop facile à deviner/)).toBeVisible();
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByLabel("Confirmez le mot de passe").fill(password);
  await page.getByRole("button", { name: "Créer mon mot de passe" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText("Votre espace est prêt")).toBeVisible();
  await expect(page.getByTestId("focus-count")).toContainText("Aucune séance prévue dans les prochaines 48 h.");

  // The link is now spent; the coach signs in again with the new password.
  await signOut(page);
  await page.goto(new URL(inviteHref!).pathname);
  await expect(page.getByRole("heading", { name: "Invitation déjà utilisée" })).toBeVisible();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: /Bonjour|Bonsoir/ })).toBeVisible();
  await signOut(page);

  // Support downloads the GDPR export; the file is a sound SQLite database.
  await signIn(page, "support@example.com");
  await page.goto(new URL(tenantUrl).pathname);
  await expect(page.getByRole("button", { name: "Suspendre" })).toHaveCount(0);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /Exporter/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^camille-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.sqlite$/);
  const file = testInfo.outputPath("export.sqlite");
  await download.saveAs(file);
  const db = new Database(file, { readonly: true });
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(db.prepare("SELECT count(*) AS n FROM leads").get()).toEqual({ n: 0 });
  db.close();
  fs.rmSync(file);

  await page.goto("/admin/audit");
  await expect(page.locator('[data-action="tenant.export"]').first()).toBeVisible();
});

test("an admin suspends a coach, who can no longer sign in, then reactivates them", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.locator("tbody tr", { hasText: "coach1@example.com" }).getByRole("link").click();
  await page.getByRole("button", { name: "Suspendre" }).click();
  await expect(page.getByRole("status")).toContainText("Espace suspendu");
  await signOut(page);

  await page.goto("/login");
  await page.getByLabel("Email").fill("coach1@example.com");
  await page.getByLabel("Mot de passe").fill("coach-os-demo");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText(/Votre espace est suspendu/)).toBeVisible();

  await signIn(page, "admin@example.com");
  await page.locator("tbody tr", { hasText: "coach1@example.com" }).getByRole("link").click();
  await page.getByRole("button", { name: "Réactiver" }).click();
  await expect(page.getByRole("status")).toContainText("Espace réactivé");
  await signOut(page);
  await signIn(page, "coach1@example.com");
  await expect(page).toHaveURL(/\/dashboard$/);
});
