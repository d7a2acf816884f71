import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = process.env.SEED_PASSWORD ?? "coach-os-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Admin provisions a coach and the coach accepts the invitation: returns them signed in on /dashboard. */
export async function provisionCoach(page: Page, label: string) {
  const email = `coach-${label}-${Date.now()}@example.fr`;
  const password = "une phrase de passe solide 2026";
  await signIn(page, "admin@example.com");
  await page.goto("/admin/tenants/new");
  await page.getByLabel("Nom").fill(`Coach ${label}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Spécialité").fill("fitness");
  await page.getByRole("button", { name: "Créer le coach et l'inviter" }).click();
  await expect(page.getByRole("status")).toContainText(email);
  await page.goto("/admin/outbox");
  const mail = page.locator("li", { has: page.getByText(email, { exact: true }) });
  const href = await mail.getByRole("link", { name: "Choisissez votre mot de passe" }).getAttribute("href");
  await signOut(page);
  await page.goto(new URL(href!).pathname);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByLabel("Confirmez le mot de passe").fill(password);
  await page.getByRole("button", { name: "Créer mon mot de passe" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { email, password };
}
