// Zod schemas of the ingestion API (docs/api.md). Input is snake_case JSON from N8N/ManyChat;
// output is what the writers need, with only the fields the sender actually provided.
import { z, type ZodType, type ZodTypeDef } from "zod";
import { GENDERS, LEAD_STATUSES } from "../../db/tenant.schema";
import { dayStart, EARLIEST_DAY } from "~/kpis/paris-days.server";

export const MAX_BATCH_ITEMS = 500;
export const MAX_ERRORS_SHOWN = 50;

// ManyChat sends empty custom fields as "": they mean "no value", like null.
const emptyToNull = (s: string) => (s === "" ? null : s);

const text = (max: number) =>
  z
    .string({ invalid_type_error: "must be a string" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform(emptyToNull)
    .nullable()
    .optional();

// Ids must be strings: Instagram ids have 17+ digits and lose precision as JSON numbers.
const externalKey = (what: string) =>
  z
    .string({ required_error: "is required", invalid_type_error: `must be a string (send ${what} as a string, not a number)` })
    .trim()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters");

const DAY_MS = 86_400_000;

/**
 * Dates we accept: from the first KPI day (Paris midnight) to a day ahead of `now`, for senders
 * whose clock runs ahead. One 1970 or year-1 date would otherwise stretch "all time" over decades.
 */
export function acceptedTimes(now = Date.now()) {
  return { min: dayStart(EARLIEST_DAY), max: now + DAY_MS };
}

export function isAcceptedTime(ms: number, now = Date.now()) {
  const { min, max } = acceptedTimes(now);
  return ms >= min && ms <= max;
}

const dateTime = z
  .string({ invalid_type_error: "must be a string" })
  .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time-zone offset, e.g. 2024-05-01T10:00:00+02:00" })
  .transform((s) => new Date(s))
  // Checked at parse time, i.e. per request: "tomorrow" moves with the clock.
  .refine((d) => isAcceptedTime(d.getTime()), `must be between ${EARLIEST_DAY} and tomorrow`);

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values as unknown as [T[number], ...T[number][]], { message: `must be one of: ${values.join(", ")}` });

export const leadInput = z
  .object({
    instagram_id: externalKey("instagram_id"),
    username: text(100),
    contact_id: text(100),
    first_name: text(100),
    last_name: text(100),
    email: z
      .string({ invalid_type_error: "must be a string" })
      .trim()
      .transform(emptyToNull)
      .pipe(z.string().email("must be a valid email address").max(254, "must be at most 254 characters").nullable())
      .nullable()
      .optional(),
    phone: text(40),
    age: z
      .number({ invalid_type_error: "must be a number" })
      .int("must be a whole number")
      .min(10, "must be between 10 and 120")
      .max(120, "must be between 10 and 120")
      .nullable()
      .optional(),
    gender: oneOf(GENDERS).nullable().optional(),
    job_title: text(200),
    source: text(100),
    status: oneOf(LEAD_STATUSES).optional(),
    lost_reason: text(500),
    deal_value: z
      .number({ invalid_type_error: "must be a number (euros)" })
      .nonnegative("must be 0 or more")
      .max(100_000_000, "must be at most 100000000")
      .transform((euros) => Math.round(euros * 100))
      .nullable()
      .optional(),
    created_at: dateTime.optional(),
    /** The contact agreed to receive emails: stored with source "api" and the time of receipt. */
    consent: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
    // Ordering of retries (docs/api.md, "Retries and ordering"): not lead fields themselves.
    updated_at: dateTime.optional(),
    force: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
  })
  .transform(({ instagram_id, contact_id, first_name, last_name, job_title, lost_reason, deal_value, created_at, updated_at, force, ...same }) => ({
    instagramId: instagram_id,
    ...presentOnly({ senderUpdatedAt: updated_at, force }),
    // Keys absent from the payload stay absent: an upsert only changes what was sent.
    ...presentOnly({
      ...same,
      contactId: contact_id,
      firstName: first_name,
      lastName: last_name,
      jobTitle: job_title,
      lostReason: lost_reason,
      dealValueCents: deal_value,
      createdAt: created_at,
    }),
  }));
export type LeadInput = z.output<typeof leadInput>;

export const messageInput = z
  .object({
    external_id: externalKey("external_id"),
    instagram_id: externalKey("instagram_id"),
    direction: z.enum(["in", "out"], { message: "is required and must be one of: in, out" }),
    text: z.string({ invalid_type_error: "must be a string" }).max(10_000, "must be at most 10000 characters").nullable().optional(),
    sent_at: dateTime.optional(),
    message_number: z
      .number({ invalid_type_error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 4")
      .max(4, "must be between 1 and 4")
      .nullable()
      .optional(),
  })
  .transform((m) => ({
    externalId: m.external_id,
    instagramId: m.instagram_id,
    direction: m.direction,
    text: m.text ?? "",
    sentAt: m.sent_at, // undefined: the writer uses the time of receipt
    messageNumber: m.message_number ?? null,
  }));
export type MessageInput = z.output<typeof messageInput>;

function presentOnly<T extends Record<string, unknown>>(o: T) {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The answer to a successful request (201 when created > 0, else 200). */
export type IngestCounts = { created: number; updated: number; unchanged: number };
/** Leads also say how many payloads were ignored as older than the lead (counted in `unchanged` too). */
export type LeadCounts = IngestCounts & { stale: number };

export type FieldError = { path: string; message: string };
export type BatchParse<T> =
  | { ok: true; items: T[] }
  | { ok: false; status: 413; error: string }
  | { ok: false; status: 422; errors: FieldError[] };

/**
 * Accepts one item or `{ [key]: [...] }`. Every item is checked before anything is written,
 * and error paths name the item, e.g. `leads.3.age`.
 */
export function parseBatch<T>(body: unknown, key: "leads" | "messages", item: ZodType<T, ZodTypeDef, unknown>): BatchParse<T> {
  const noun = key.slice(0, -1);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, status: 422, errors: [{ path: "", message: `expected a JSON object: one ${noun}, or {"${key}": [...]}` }] };
  }
  const isBatch = key in body;
  const list = isBatch ? (body as Record<string, unknown>)[key] : undefined;
  if (isBatch && !Array.isArray(list)) return { ok: false, status: 422, errors: [{ path: key, message: "must be an array" }] };
  if (Array.isArray(list) && list.length > MAX_BATCH_ITEMS) {
    return { ok: false, status: 413, error: `Too many ${key} in one request: ${list.length} (at most ${MAX_BATCH_ITEMS}). Split the batch.` };
  }
  const schema = isBatch ? z.object({ [key]: z.array(item) }) : item;
  const result = schema.safeParse(body);
  if (result.success) {
    const data = result.data as Record<string, T[]> | T;
    return { ok: true, items: isBatch ? (data as Record<string, T[]>)[key] : [data as T] };
  }
  const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  if (errors.length > MAX_ERRORS_SHOWN) {
    const more = errors.length - MAX_ERRORS_SHOWN;
    errors.splice(MAX_ERRORS_SHOWN, more, { path: "", message: `…and ${more} more errors` });
  }
  return { ok: false, status: 422, errors };
}
