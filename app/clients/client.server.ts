// One client, as the coach creates and edits it. Every function takes the session's tenant
// database: an id from another tenant is simply not found there.
import { eq } from "drizzle-orm";
import { clients, leads } from "../../db/tenant.schema";
import { parseId } from "~/lib/parse-id";
import type { TenantDb } from "~/lib/tenant-db.server";
import { toE164 } from "~/crm/lead-schemas";
import type { ClientFieldsInput } from "./client-schemas";

export type Client = typeof clients.$inferSelect;

/** One body for a missing id, a malformed id and another tenant's id: nothing tells them apart. */
export const CLIENT_NOT_FOUND = "Ce client n'existe pas (ou plus).";
export const clientNotFound = () => new Response(CLIENT_NOT_FOUND, { status: 404 });

// Kept exported from here for the modules that already import it from this file.
export { parseId };

export function findClient(db: TenantDb, clientId: number): Client | undefined {
  return db.select().from(clients).where(eq(clients.id, clientId)).get();
}

/** The client of the URL in the session's tenant, or a thrown 404. */
export function requireClient(db: TenantDb, param: string | undefined): Client {
  const id = parseId(param);
  const client = id === null ? undefined : findClient(db, id);
  if (!client) throw clientNotFound();
  return client;
}

// The CRM's normalisation: lower-case email, E.164 phone (French numbers by default). SIREN and
// VAT number belong to a business only: a private person's are cleared.
const columns = (input: ClientFieldsInput) => {
  const business = input.kind === "business";
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone ? toE164(input.phone) : null,
    kind: input.kind,
    company: input.company ?? null,
    address: input.address ?? null,
    postalCode: input.postalCode ?? null,
    city: input.city ?? null,
    country: input.country,
    siren: business ? (input.siren ?? null) : null,
    vatNumber: business ? (input.vatNumber ?? null) : null,
  };
};

/** A client who did not come through a lead (lead_id stays null). */
export function createClient(db: TenantDb, input: ClientFieldsInput, now = new Date()) {
  return db.insert(clients).values({ ...columns(input), createdAt: now, updatedAt: now }).returning({ id: clients.id }).get().id;
}

/** Contact details: an empty optional field clears the column. */
export function updateClient(db: TenantDb, clientId: number, input: ClientFieldsInput, now = new Date()) {
  db.update(clients).set({ ...columns(input), updatedAt: now }).where(eq(clients.id, clientId)).run();
}

/** The lead a client came from, for the link back to the CRM (null once that lead is erased). */
export function leadOfClient(db: TenantDb, client: Client) {
  if (client.leadId === null) return null;
  const lead = db.select({ id: leads.id, status: leads.status }).from(leads).where(eq(leads.id, client.leadId)).get();
  return lead ?? null;
}
