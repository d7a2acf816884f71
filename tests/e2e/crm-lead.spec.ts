import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { tenantFile, query } from "./tenant-file";
import { signIn } from "./helpers";

// One flow, run twice by the config: JavaScript off ("no-js") and on ("js"). Each project
// works on its own seeded leads, found in coach1's tenant file of the e2e server.
type Lead = { id: number; first_name: string; last_name: string };

test("open a lead, fix a field, add a note and an activity, close it won, download its data, erase another contact", async ({ page }, testInfo) => {
  const offset = testInfo.project.name === "js" ? 2 : 0;
  // Open leads with a name and no client record (so that "won" creates one and erasure is allowed).
  const leads = query<Lead>(
    `SELECT id, first_name, last_name FROM leads WHERE status NOT IN ('won', 'lost') AND first_name IS NOT NULL AND last_name IS NOT NULL
     AND id NOT IN (SELECT lead_id FROM clients WHERE lead_id IS NOT NULL) ORDER BY id LIMIT 2 OFFSET ?`,
    offset,
  );
  expect(leads).toHaveLength(2);
  const [lead, toErase] = leads;
  const name = `${lead.first_name} ${lead.last_name}`;

  await signIn(page, "coach1@example.com");
  await page.goto(`/dashboard/leads/${lead.id}`);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  // A bad phone comes back with its message; the other typed values stay.
  await page.getByLabel("Ville").fill("Bordeaux");
  await page.getByLabel("Valeur du deal (€)").fill("1 250,50");
  await page.getByLabel("Téléphone").fill("123");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await expect(page.getByText(/Numéro de téléphone invalide/)).toBeVisible();
  await expect(page.getByLabel("Ville")).toHaveValue("Bordeaux");
  await expect(page.getByLabel("Valeur du deal (€)")).toHaveValue("1 250,50");
  await page.getByLabel("Téléphone").fill("06 12 34 56 78");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await expect(page.getByRole("status")).toHaveText("Fiche enregistrée.");
  await expect(page.getByLabel("Téléphone")).toHaveValue("+33612345678");
  await expect(page.getByLabel("Ville")).toHaveValue("Bordeaux");

  // A note and an activity land on the timeline.
  const noteText = `Rappeler après les vacances (${testInfo.project.name})`;
  await page.getByLabel("Nouvelle note").fill(noteText);
  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await expect(page.getByTestId("timeline")).toContainText(noteText);
  await page.getByLabel("Type", { exact: true }).selectOption("video_call");
  await page.getByLabel("Priorité").selectOption("high");
  await page.getByLabel("Date (heure de Paris)").fill("2026-12-01");
  await page.getByLabel("Heure", { exact: true }).fill("18:30");
  await page.getByLabel("Durée (minutes)").fill("45");
  await page.getByLabel("Notes de l'activité").fill("Visio découverte");
  await page.getByRole("button", { name: "Ajouter l'activité" }).click();
  const activity = page.getByTestId("timeline").locator("li", { hasText: "Visio découverte" });
  await expect(activity).toContainText("prévue le 1 déc. 2026, 18:30");
  await expect(activity).toContainText("45 min");
  await activity.getByRole("button", { name: "Marquer faite" }).click();
  await expect(page.getByTestId("timeline").locator("li", { hasText: "Visio découverte" })).toContainText("Faite");

  // Lost needs a reason; won creates the client once, however often it is clicked.
  await page.getByLabel("Nouveau statut").selectOption("lost");
  await page.getByRole("button", { name: "Changer le statut" }).click();
  await expect(page.getByText("Choisissez la raison de la perte.")).toBeVisible();
  await page.getByRole("button", { name: "Gagné", exact: true }).click();
  await expect(page.getByRole("link", { name: "voir la fiche client" })).toBeVisible();
  await page.getByRole("button", { name: "Gagné", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("rien n'a été dupliqué");
  const clients = query<{ id: number }>("SELECT id FROM clients WHERE lead_id = ?", lead.id);
  expect(clients).toHaveLength(1);
  await expect(page.getByRole("link", { name: "voir la fiche client" })).toHaveAttribute("href", `/dashboard/clients/${clients[0].id}`);
  await expect(page.getByTestId("timeline")).toContainText("→ Gagné");

  // GDPR access: a JSON file with everything about the person.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Télécharger ses données (JSON)" }).click()]);
  expect(download.suggestedFilename()).toBe(`contact-${lead.id}-donnees.json`);
  const file = testInfo.outputPath("contact.json");
  await download.saveAs(file);
  const data = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(data.lead).toMatchObject({ id: lead.id, first_name: lead.first_name, city: "Bordeaux", deal_value_cents: 125050 });
  expect(data.notes.map((n: { body: string }) => n.body)).toContain(noteText);
  expect(data.client.lead_id).toBe(lead.id);

  // GDPR erasure of another contact, confirmed by typing SUPPRIMER.
  const erasedName = `${toErase.first_name} ${toErase.last_name}`;
  const [{ instagram_id: erasedInstagram }] = query<{ instagram_id: string }>(
    "SELECT instagram_id FROM leads WHERE id = ?",
    toErase.id,
  );
  // Before: the list finds it by its Instagram handle and the export holds it.
  await page.goto(`/dashboard/leads?q=${encodeURIComponent(erasedInstagram)}`);
  await expect(page.getByText(erasedName).first()).toBeVisible();
  expect(await (await page.request.get("/dashboard/leads/export.csv")).text()).toContain(erasedInstagram);
  await page.goto(`/dashboard/leads/${toErase.id}`);
  await page.getByRole("link", { name: "Supprimer définitivement…" }).click();
  await expect(page.getByRole("heading", { name: `Supprimer définitivement ${erasedName} ?` })).toBeVisible();
  await page.getByLabel("Tapez SUPPRIMER pour confirmer").fill("supprimer");
  await page.getByRole("button", { name: "Supprimer définitivement" }).click();
  await expect(page.getByText("Tapez SUPPRIMER (en majuscules) pour confirmer.")).toBeVisible();
  await page.getByLabel("Tapez SUPPRIMER pour confirmer").fill("SUPPRIMER");
  await page.getByRole("button", { name: "Supprimer définitivement" }).click();
  await expect(page).toHaveURL(/\/dashboard\/leads$/);
  const gone = await page.goto(`/dashboard/leads/${toErase.id}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByText("Ce contact n'existe pas (ou plus).")).toBeVisible();
  await expect(page.getByText(erasedName)).toHaveCount(0);
  expect(query("SELECT id FROM leads WHERE id = ?", toErase.id)).toHaveLength(0);
  const access = await page.request.get(`/dashboard/leads/${toErase.id}/gdpr.json`);
  expect(access.status()).toBe(404);
  // Gone from the list, the pipeline and the export too.
  await page.goto(`/dashboard/leads?q=${encodeURIComponent(erasedInstagram)}`);
  await expect(page.getByText(erasedName)).toHaveCount(0);
  await page.goto("/dashboard/pipeline");
  await expect(page.getByText(erasedName)).toHaveCount(0);
  expect(await (await page.request.get("/dashboard/leads/export.csv")).text()).not.toContain(erasedInstagram);
});
