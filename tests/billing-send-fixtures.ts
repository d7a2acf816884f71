// Billing test fixtures: a coach with complete billing settings, clients and issued invoices.
import { clients } from "../db/tenant.schema";
import { updateBillingProfile } from "~/billing/billing-profile.server";
import { createDraftInvoice, issueInvoice } from "~/billing/invoices.server";
import { parisDateTime } from "~/crm/activities.server";
import type { TenantDb } from "~/lib/tenant-db.server";

export function completeBillingProfile(db: TenantDb, values: Parameters<typeof updateBillingProfile>[1] = {}) {
  updateBillingProfile(db, {
    tradeName: "Marie Coaching",
    legalName: "Marie Dupont EI",
    address: "12 rue des Lilas",
    postalCode: "75011",
    city: "Paris",
    siren: "732829320",
    paymentTermsDays: 30,
    ...values,
  });
}

export function addClient(db: TenantDb, values: Partial<typeof clients.$inferInsert> = {}) {
  return db
    .insert(clients)
    .values({ firstName: "Jeanne", lastName: "Martin", email: "jeanne@example.fr", address: "3 rue Haute", postalCode: "69001", city: "Lyon", ...values })
    .returning({ id: clients.id })
    .get().id;
}

/** An issued invoice of `cents` TTC (franchise: HT = TTC), issued on the Paris day `issueDay`. */
export function issuedInvoice(db: TenantDb, clientId: number, { cents = 12000, issueDay = "2026-10-01", dueDate = null as string | null, tenantId = "t_test" } = {}) {
  const id = createDraftInvoice(db, {
    clientId,
    dueDate,
    lines: [{ description: "Séance de coaching", quantity: 100, unitPriceCents: cents, vatRateBps: 0 }],
  });
  const { number } = issueInvoice(db, id, { tenantId, coachEmail: "coach@example.fr", now: parisDateTime(issueDay, "10:00") });
  return { id, number };
}
