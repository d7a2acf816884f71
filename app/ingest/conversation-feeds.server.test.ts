// Property test: however messages arrive (in order, shuffled, duplicated, in random batches),
// the incremental recompute must end in exactly the rows of one full recompute.
import { faker } from "@faker-js/faker";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leads, messages, messageSequences } from "../../db/tenant.schema";
import { makeCoach, setupTestDb } from "../../tests/helpers";
import { withTenantDb, type TenantDb } from "~/lib/tenant-db.server";
import { recomputeConversation } from "./conversation.server";
import { ingestMessages } from "./messages.server";
import type { MessageInput } from "./schemas";

const T0 = Date.parse("2024-05-01T10:00:00Z");
const NOW = new Date(T0 + 7 * 86_400_000);
const CASES = 250;

type Spec = { key: string; direction: "in" | "out"; minute: number; messageNumber: number | null };

/** A random conversation: few distinct minutes (many ties), some sender-numbered messages. */
function randomConversation(): Spec[] {
  const n = faker.number.int({ min: 1, max: 25 });
  const minutes = faker.number.int({ min: 1, max: 30 });
  return Array.from({ length: n }, (_, i) => ({
    // Ties on sent_at are broken by external_id: a random prefix makes that order differ from i.
    key: `${faker.string.alpha({ length: 2, casing: "lower" })}${i}`,
    direction: faker.datatype.boolean(0.6) ? "out" : "in",
    minute: faker.number.int({ min: 0, max: minutes }),
    messageNumber: faker.datatype.boolean(0.2) ? faker.number.int({ min: 1, max: 4 }) : null,
  }));
}

const input = (instagramId: string, s: Spec): MessageInput => ({
  externalId: `${instagramId}:${s.key}`,
  instagramId,
  direction: s.direction,
  text: "",
  sentAt: new Date(T0 + s.minute * 60_000),
  messageNumber: s.messageNumber,
});

const chronological = (a: Spec, b: Spec) => a.minute - b.minute || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The messages of one feed, in arrival order: ordered, shuffled, or shuffled with retries. */
function arrivals(specs: Spec[]): Spec[] {
  const mode = faker.helpers.arrayElement(["ordered", "shuffled", "retried"]);
  if (mode === "ordered") return [...specs].sort(chronological);
  const shuffled = faker.helpers.shuffle(specs);
  if (mode === "shuffled") return shuffled;
  const retries = faker.helpers.arrayElements(specs, { min: 1, max: specs.length });
  return faker.helpers.shuffle([...shuffled, ...retries]);
}

/** Splits a list into consecutive batches of random sizes. */
function batches<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; ) {
    const size = faker.number.int({ min: 1, max: Math.max(1, Math.ceil(list.length / 2)) });
    out.push(list.slice(i, i + size));
    i += size;
  }
  return out;
}

/** What the derivation writes, without ids and ingestion times. */
function derivedRows(db: TenantDb, instagramId: string) {
  const lead = db.select().from(leads).where(eq(leads.instagramId, instagramId)).get()!;
  const ms = db.select().from(messages).where(eq(messages.leadId, lead.id)).orderBy(asc(messages.sentAt), asc(messages.externalId)).all();
  const { id: _i, leadId: _l, createdAt: _c, ...sequence } = db.select().from(messageSequences).where(eq(messageSequences.leadId, lead.id)).get()!;
  return {
    lead: { status: lead.status, createdAt: lead.createdAt, createdDay: lead.createdDay, sent: lead.messagesSent, received: lead.messagesReceived, lastContactAt: lead.lastContactAt },
    messages: ms.map((m) => [m.externalId!.split(":")[1], m.messageNumber, m.isReplied, m.repliedAt?.getTime() ?? null]),
    sequence,
  };
}

let tenantId: string;
beforeAll(async () => {
  setupTestDb();
  tenantId = (await makeCoach("Feeds Coach", "feeds@example.fr")).tenant.id;
});

describe("incremental conversation recompute", () => {
  it(`matches a full recompute on ${CASES} random feeds`, async () => {
    await withTenantDb(tenantId, (db) => {
      for (let seed = 1; seed <= CASES; seed++) {
        faker.seed(seed);
        // Two leads fed in the same requests, as a busy setter does.
        const leadsOfCase = [`c${seed}_a`, `c${seed}_b`].map((ig) => ({ ig, specs: randomConversation() }));
        const feed = faker.helpers.shuffle(leadsOfCase.flatMap(({ ig, specs }) => arrivals(specs).map((s) => input(ig, s))));
        for (const batch of batches(feed)) ingestMessages(db, batch, NOW);

        for (const { ig, specs } of leadsOfCase) {
          const fed = derivedRows(db, ig);
          // The same conversation in one request, and the same lead recomputed from all its messages.
          ingestMessages(db, specs.map((s) => input(`${ig}_ref`, s)), NOW);
          expect(fed, `seed ${seed}, lead ${ig}`).toEqual(derivedRows(db, `${ig}_ref`));
          const leadId = db.select().from(leads).where(eq(leads.instagramId, ig)).get()!.id;
          recomputeConversation(db, leadId, NOW);
          expect(derivedRows(db, ig), `seed ${seed}, lead ${ig}, full recompute`).toEqual(fed);
        }
      }
    });
  });
});
