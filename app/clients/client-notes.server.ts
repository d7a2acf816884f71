// Notes on a client. Deleting checks the note belongs to the client of the URL: a note id from
// elsewhere (another client, another tenant) deletes nothing.
import { and, desc, eq } from "drizzle-orm";
import { clientNotes } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

export function listClientNotes(db: TenantDb, clientId: number) {
  return db.select().from(clientNotes).where(eq(clientNotes.clientId, clientId)).orderBy(desc(clientNotes.createdAt), desc(clientNotes.id)).all();
}

export function addClientNote(db: TenantDb, clientId: number, body: string, now = new Date()) {
  return db.insert(clientNotes).values({ clientId, body, createdAt: now }).returning({ id: clientNotes.id }).get().id;
}

/** True when a note of this client was deleted. */
export function deleteClientNote(db: TenantDb, clientId: number, noteId: number) {
  return db.delete(clientNotes).where(and(eq(clientNotes.id, noteId), eq(clientNotes.clientId, clientId))).run().changes === 1;
}
