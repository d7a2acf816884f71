// Notes on a lead. Deleting checks the note belongs to the lead of the URL: a note id from
// elsewhere (another lead, another tenant) deletes nothing.
import { and, eq } from "drizzle-orm";
import { notes } from "../../db/tenant.schema";
import type { TenantDb } from "~/lib/tenant-db.server";

export function addNote(db: TenantDb, leadId: number, body: string, now = new Date()) {
  return db.insert(notes).values({ leadId, body, createdAt: now }).returning({ id: notes.id }).get().id;
}

/** True when a note of this lead was deleted. */
export function deleteNote(db: TenantDb, leadId: number, noteId: number) {
  return db.delete(notes).where(and(eq(notes.id, noteId), eq(notes.leadId, leadId))).run().changes === 1;
}
