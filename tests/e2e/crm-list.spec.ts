import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { provisionCoach } from "./helpers";

// Run twice by the config: JavaScript off ("no-js") and on ("js"). Each test gets its own coach.
const LEADS = [
  { instagram_id: "ig_helene", username: "helene.d", first_name: "Hélène", last_name: "Durand", email: "helene@durand.fr", source: "story", status: "qualified", deal_value: 1200 },
  { instagram_id: "ig_marc", username: "marc.d", first_name: "Marc", last_name: "Dupont", email: "marc@forme.fr", source: "post", status: "engaged" },
  { instagram_id: "ig_marie", username: "marie.d", first_name: "Marie", last_name: "Dupont", email: "marie@ar.fr", source: "story", status: "qualified", deal_value: 800 },
  { instagram_id: "ig_lea", username: "lea.m", first_name: "Léa", last_name: "Martin", email: "lea@martin.fr", source: "story", status: "new" },
  { instagram_id: "ig_paul", username: "paul.b", first_name: "Paul", last_name: "Bernard", source: "post", status: "new" },
  { instagram_id: "ig_zoe", username: "zoe.r", first_name: "Zoé", last_name: "Roux", source: "story", status: "call_booked" },
];

async function coachWithLeads(page: Page, request: APIRequestContext, label: string) {
  await provisionCoach(page, label);
  await page.goto("/dashboard/settings");
  await page.getByLabel("Nom du jeton").fill("N8N");
  await page.getByRole("button", { name: "Créer un jeton" }).click();
  const token = await page.getByTestId("new-token").inputValue();
  const res = await request.post("/api/v1/leads", { headers: { Authorization: `Bearer ${token}` }, data: { leads: LEADS } });
  expect(res.status()).toBe(201);
}

const names = (page: Page) => page.getByTestId("leads-table").locator("tbody tr td:nth-child(2) a");

test("a coach searches and filters the leads, saves the view as a segment, tags 3 leads at once and exports them", async ({ page, request }, testInfo) => {
  await coachWithLeads(page, request, `crm-list-${testInfo.project.name}`);

  await page.goto("/dashboard/leads");
  await expect(page.getByTestId("leads-total")).toHaveText("6 leads");
  await page.getByLabel("Recherche").fill("dupon");
  await page.getByRole("checkbox", { name: "Qualifié" }).check();
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/q=dupon&status=qualified/);
  await expect(names(page)).toHaveText(["Marie Dupont"]);

  await page.getByLabel("Nom du segment").fill("Dupont qualifiés");
  await page.getByRole("button", { name: "Enregistrer ce filtre" }).click();
  await expect(page.getByRole("status")).toContainText("Segment « Dupont qualifiés » enregistré.");
  // A second segment with the same name is refused next to the field, the name kept.
  await page.getByLabel("Nom du segment").fill("Dupont qualifiés");
  await page.getByRole("button", { name: "Enregistrer ce filtre" }).click();
  await expect(page.getByText("Un segment porte déjà ce nom")).toBeVisible();

  await page.goto("/dashboard/leads");
  await expect(page.getByTestId("leads-total")).toHaveText("6 leads");
  await page.getByRole("link", { name: "Dupont qualifiés" }).click();
  await expect(page).toHaveURL(/segment=\d+/);
  await expect(names(page)).toHaveText(["Marie Dupont"]);

  // Bulk: tag three checked leads in one form.
  await page.goto("/dashboard/leads?sort=name_asc");
  for (const n of ["Paul Bernard", "Marc Dupont", "Zoé Roux"]) await page.getByLabel(`Sélectionner ${n}`).check();
  await page.getByLabel("Action").selectOption("tag_add");
  await page.getByLabel("Tag à ajouter ou retirer").fill("vip");
  await page.getByRole("button", { name: "Appliquer à la sélection" }).click();
  await expect(page.getByRole("status")).toHaveText("Tag « vip » ajouté à 3 leads.");
  await page.goto("/dashboard/leads?tag=vip&sort=name_asc");
  await expect(names(page)).toHaveText(["Paul Bernard", "Marc Dupont", "Zoé Roux"]);

  // Export the filtered view: a CSV of exactly these rows.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Exporter (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^prénom;nom;email;téléphone;entreprise/);
  expect(lines.slice(1).map((l) => l.split(";").slice(0, 2).join(" "))).toEqual(["Paul Bernard", "Marc Dupont", "Zoé Roux"]);
});

test("a coach moves a lead in the pipeline: select form without JavaScript, drag and drop with it", async ({ page, request }, testInfo) => {
  await coachWithLeads(page, request, `crm-pipe-${testInfo.project.name}`);
  await page.goto("/dashboard/pipeline");
  const column = (status: string) => page.locator(`section[data-status="${status}"]`);
  await expect(column("qualified").getByTestId("count-qualified")).toContainText(/^2 · 2\s000,00/);
  await expect(column("new")).toContainText("Léa Martin");

  if (testInfo.project.name === "no-js") {
    const card = column("new").getByTestId("pipeline-card").filter({ hasText: "Léa Martin" });
    await card.getByLabel("Nouveau statut de Léa Martin").selectOption("qualified");
    await card.getByRole("button", { name: "Déplacer" }).click();
  } else {
    const handle = page.getByLabel("Déplacer Léa Martin");
    const from = (await handle.boundingBox())!;
    const to = (await column("qualified").boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
    await page.mouse.up();
  }
  await expect(column("qualified")).toContainText("Léa Martin");
  await expect(column("qualified").getByTestId("count-qualified")).toContainText("3 ·");
  await page.reload();
  await expect(column("qualified")).toContainText("Léa Martin");
  await expect(column("new")).not.toContainText("Léa Martin");

  if (testInfo.project.name === "js") {
    // The keyboard: focus a card, Space to lift it, → to the next column, Space to drop it.
    await page.getByLabel("Déplacer Paul Bernard").focus();
    // dnd-kit listens for the next keys after a tick, and measures the columns after each move.
    for (const key of ["Space", "ArrowRight", "Space"]) {
      await page.keyboard.press(key);
      await page.waitForTimeout(200);
    }
    await expect(column("engaged")).toContainText("Paul Bernard");
    await page.reload();
    await expect(column("engaged")).toContainText("Paul Bernard");
  }
});
