import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp, updatedAt } from "./columns";

export const LEAD_STATUSES = [
  "new",
  "engaged",
  "qualified",
  "call_proposed",
  "call_booked",
  "won",
  "lost",
  "follow_up",
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const GENDERS = ["male", "female", "other"] as const;
export type Gender = (typeof GENDERS)[number];

/** confirmed (planned) → completed | cancelled | no_show; a completed or cancelled session may be refunded. */
export const SESSION_STATUSES = ["confirmed", "completed", "cancelled", "no_show", "refunded"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const GOAL_STATUSES = ["in_progress", "done", "abandoned"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const INVOICE_STATUSES = ["draft", "sent", "paid", "void"] as const;

export const leads = sqliteTable(
  "leads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instagramId: text("instagram_id").unique(),
    username: text("username"),
    contactId: text("contact_id"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    jobTitle: text("job_title"),
    city: text("city"),
    age: integer("age"),
    gender: text("gender", { enum: GENDERS }),
    source: text("source"),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("new"),
    lostReason: text("lost_reason"),
    /** 0–100: the rule of app/crm/score.server.ts, or the coach's override when set. */
    score: integer("score").notNull().default(0),
    scoreOverride: integer("score_override"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    consent: integer("consent", { mode: "boolean" }).notNull().default(false),
    blacklisted: integer("blacklisted", { mode: "boolean" }).notNull().default(false),
    dealValueCents: integer("deal_value_cents"),
    messagesSent: integer("messages_sent").notNull().default(0),
    messagesReceived: integer("messages_received").notNull().default(0),
    timeToActionMinutes: integer("time_to_action_minutes"),
    lastContactAt: timestamp("last_contact_at"),
    createdAt: createdAt(),
    /** Europe/Paris day of created_at (YYYY-MM-DD), written with it: KPIs group by it through an index. */
    createdDay: text("created_day").notNull(),
    updatedAt: updatedAt(),
    /** The sender's `updated_at` of the newest payload applied: older retries are ignored. */
    senderUpdatedAt: timestamp("sender_updated_at"),
  },
  (t) => [
    index("leads_status_idx").on(t.status, t.lastContactAt),
    index("leads_created_idx").on(t.createdAt),
    index("leads_created_day_idx").on(t.createdDay),
    index("leads_score_idx").on(t.score),
    index("leads_last_contact_idx").on(t.lastContactAt),
    index("leads_name_idx").on(t.lastName, t.firstName),
    index("leads_email_idx").on(t.email),
    index("leads_phone_idx").on(t.phone),
    index("leads_source_idx").on(t.source),
    // The pipeline: top cards per column by score, and per-status counts and deal totals, from indexes alone.
    index("leads_status_score_idx").on(t.status, t.score, t.id),
    index("leads_status_totals_idx").on(t.status, t.blacklisted, t.dealValueCents),
    // Scores of the leads a write just touched (refreshScoresSince): without it, a scan per batch.
    index("leads_updated_idx").on(t.updatedAt),
    // The list and the pipeline filtered by status and/or source (with score): counts, totals and
    // cards from the index alone, without reading the rows the other filters leave out.
    index("leads_status_source_idx").on(t.status, t.source, t.blacklisted, t.score, t.dealValueCents),
    index("leads_source_score_idx").on(t.source, t.blacklisted, t.score, t.status, t.dealValueCents),
  ],
);

/**
 * One row per (lead, tag), mirrored from leads.tags by triggers (migration 0002) so that every
 * write path keeps it in step; filtering by tag at 100k leads reads this index.
 */
export const leadTags = sqliteTable(
  "lead_tags",
  {
    leadId: integer("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [uniqueIndex("lead_tags_pk").on(t.leadId, t.tag), index("lead_tags_tag_idx").on(t.tag, t.leadId)],
);

/** Every status a lead went through, written by a trigger (so ingestion's changes are there too). */
export const leadStatusChanges = sqliteTable(
  "lead_status_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    leadId: integer("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: LEAD_STATUSES }),
    toStatus: text("to_status", { enum: LEAD_STATUSES }).notNull(),
    changedAt: timestamp("changed_at").notNull(),
  },
  (t) => [index("lead_status_changes_lead_idx").on(t.leadId, t.changedAt)],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    externalId: text("external_id").unique(),
    leadId: integer("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    messageNumber: integer("message_number"),
    /** The number the sender gave (null when derived): keeps re-derivation order-independent. */
    senderMessageNumber: integer("sender_message_number"),
    text: text("text").notNull().default(""),
    isReplied: integer("is_replied", { mode: "boolean" }).notNull().default(false),
    repliedAt: timestamp("replied_at"),
    sentAt: timestamp("sent_at").notNull(),
    /** Europe/Paris day of sent_at (YYYY-MM-DD), written with it. */
    sentDay: text("sent_day").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("messages_lead_idx").on(t.leadId, t.sentAt),
    // Covers the KPI per-day counts, in GROUP BY order: no table access, no sort.
    index("messages_day_idx").on(t.sentDay, t.direction, t.messageNumber, t.isReplied),
  ],
);

export const messageSequences = sqliteTable(
  "message_sequences",
  {
  id: integer("id").primaryKey({ autoIncrement: true }),
  leadId: integer("lead_id")
    .notNull()
    .unique()
    .references(() => leads.id, { onDelete: "cascade" }),
  msg1SentAt: timestamp("msg1_sent_at"),
  msg1Replied: integer("msg1_replied", { mode: "boolean" }).notNull().default(false),
  msg1RepliedAt: timestamp("msg1_replied_at"),
  msg2SentAt: timestamp("msg2_sent_at"),
  msg2Replied: integer("msg2_replied", { mode: "boolean" }).notNull().default(false),
  msg2RepliedAt: timestamp("msg2_replied_at"),
  msg3SentAt: timestamp("msg3_sent_at"),
  msg3Replied: integer("msg3_replied", { mode: "boolean" }).notNull().default(false),
  msg3RepliedAt: timestamp("msg3_replied_at"),
  msg4SentAt: timestamp("msg4_sent_at"),
  msg4Replied: integer("msg4_replied", { mode: "boolean" }).notNull().default(false),
  msg4RepliedAt: timestamp("msg4_replied_at"),
  callProposedAt: timestamp("call_proposed_at"),
  callBookedAt: timestamp("call_booked_at"),
  createdAt: createdAt(),
  },
  (t) => [index("sequences_booked_idx").on(t.callBookedAt)],
);

export const notes = sqliteTable("notes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  leadId: integer("lead_id")
    .notNull()
    .references(() => leads.id, { onDelete: "cascade" }),
  body: text("body").notNull(),
  createdAt: createdAt(),
});

export const ACTIVITY_TYPES = ["call", "email", "meeting", "video_call"] as const;
export const ACTIVITY_PRIORITIES = ["high", "medium", "low"] as const;
export const ACTIVITY_STATES = ["planned", "done", "cancelled"] as const;

export const activities = sqliteTable(
  "activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    leadId: integer("lead_id").references(() => leads.id, { onDelete: "cascade" }),
    /** call | email | meeting | video_call (ACTIVITY_TYPES); text for older rows. */
    type: text("type").notNull(),
    /** The coach's notes on the activity. */
    details: text("details"),
    priority: text("priority", { enum: ACTIVITY_PRIORITIES }).notNull().default("medium"),
    state: text("state", { enum: ACTIVITY_STATES }).notNull().default("planned"),
    dueAt: timestamp("due_at"),
    durationMinutes: integer("duration_minutes"),
    doneAt: timestamp("done_at"),
    createdAt: createdAt(),
  },
  (t) => [index("activities_lead_idx").on(t.leadId), index("activities_due_idx").on(t.state, t.dueAt)],
);

/** A coach's saved list filters ("Avocats Paris score > 60"): the query string of /dashboard/leads. */
export const segments = sqliteTable("segments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  query: text("query").notNull(),
  createdAt: createdAt(),
});

export const IMPORT_STATUSES = ["draft", "queued", "running", "done", "failed", "undone"] as const;

/**
 * A CSV import, from upload to report. The uploaded bytes stay in the tenant file between the
 * steps of the form (no server-side temp files to leak) and are dropped once imported.
 */
export const imports = sqliteTable("imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fileName: text("file_name").notNull(),
  status: text("status", { enum: IMPORT_STATUSES }).notNull().default("draft"),
  source: blob("source", { mode: "buffer" }),
  byteSize: integer("byte_size").notNull().default(0),
  encoding: text("encoding"),
  delimiter: text("delimiter"),
  /** Column index → lead field (JSON). */
  mapping: text("mapping", { mode: "json" }).$type<Record<string, string>>(),
  /** dedupe key, on-duplicate policy, tags to add (JSON). */
  options: text("options", { mode: "json" }).$type<Record<string, unknown>>(),
  totalRows: integer("total_rows"),
  processedRows: integer("processed_rows").notNull().default(0),
  created: integer("created").notNull().default(0),
  updated: integer("updated").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  /** The rejected rows with their line number and reason, as a CSV to fix and re-import. */
  rejectedCsv: text("rejected_csv"),
  error: text("error"),
  createdAt: createdAt(),
  startedAt: timestamp("started_at"),
  finishedAt: timestamp("finished_at"),
  undoneAt: timestamp("undone_at"),
});

/** What an import did to each lead, so that the last import can be undone. */
export const importChanges = sqliteTable(
  "import_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    leadId: integer("lead_id").notNull(),
    action: text("action", { enum: ["created", "updated"] }).notNull(),
    /** The lead's columns before an update (JSON), to restore them. */
    before: text("before"),
  },
  (t) => [index("import_changes_import_idx").on(t.importId)],
);

export const SUPPRESSION_KINDS = ["email", "phone", "instagram"] as const;

/**
 * Contacts that must never come back (blacklisted, or erased under GDPR): only a SHA-256 of the
 * normalised email / phone / Instagram id is kept, so an erased person is not stored again.
 */
export const suppressions = sqliteTable(
  "suppressions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: SUPPRESSION_KINDS }).notNull(),
    hash: text("hash").notNull(),
    reason: text("reason", { enum: ["blacklisted", "erased"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("suppressions_kind_hash_idx").on(t.kind, t.hash)],
);

/** The tenant's own audit trail (erasures, bulk deletes, imports): no personal data in it. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    action: text("action").notNull(),
    actorUserId: text("actor_user_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_created_idx").on(t.createdAt)],
);

export const clients = sqliteTable(
  "clients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    leadId: integer("lead_id")
      .unique()
      .references(() => leads.id, { onDelete: "set null" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    city: text("city"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("clients_name_idx").on(t.lastName, t.firstName)],
);

/**
 * One coaching session (a booking). Money in integer cents. `paid_at` says whether the client
 * has paid it (Focus flags an unpaid previous session); status history lives in the timestamps.
 */
export const coachingSessions = sqliteTable(
  "coaching_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    scheduledAt: timestamp("scheduled_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(60),
    priceCents: integer("price_cents").notNull().default(0),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("confirmed"),
    theme: text("theme"),
    /** Written when the session is completed: what the pre-brief of the next one shows first. */
    summary: text("summary"),
    /** The coach's notes taken during the session. */
    notes: text("notes"),
    /** What coach and client agreed to do before the next session. */
    agreed: text("agreed"),
    startedAt: timestamp("started_at"),
    completedAt: timestamp("completed_at"),
    cancelledAt: timestamp("cancelled_at"),
    refundedAt: timestamp("refunded_at"),
    paidAt: timestamp("paid_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // price_cents makes the earnings sums index-only (docs/benchmarks.md, issue 8).
    index("sessions_scheduled_idx").on(t.status, t.scheduledAt, t.priceCents),
    index("sessions_client_idx").on(t.clientId, t.status, t.scheduledAt),
  ],
);

/** A moment the coach marked during a session ("Déclic culpabilité"), in the order marked. */
export const sessionMoments = sqliteTable(
  "session_moments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => coachingSessions.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("session_moments_session_idx").on(t.sessionId)],
);

export const goals = sqliteTable(
  "goals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    status: text("status", { enum: GOAL_STATUSES }).notNull().default("in_progress"),
    /** 0–100, set by the coach. */
    progress: integer("progress").notNull().default(0),
    closedAt: timestamp("closed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("goals_client_idx").on(t.clientId, t.status)],
);

/** Goals worked on during a session. */
export const sessionGoals = sqliteTable(
  "session_goals",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => coachingSessions.id, { onDelete: "cascade" }),
    goalId: integer("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("session_goals_pk").on(t.sessionId, t.goalId), index("session_goals_goal_idx").on(t.goalId)],
);

/** The coach's notes on a client (not tied to one session). */
export const clientNotes = sqliteTable(
  "client_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("client_notes_client_idx").on(t.clientId, t.createdAt)],
);

export const invoices = sqliteTable("invoices", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  clientId: integer("client_id")
    .notNull()
    .references(() => clients.id, { onDelete: "restrict" }),
  number: text("number").notNull().unique(),
  status: text("status", { enum: INVOICE_STATUSES }).notNull().default("draft"),
  issuedAt: timestamp("issued_at"),
  dueAt: timestamp("due_at"),
  totalCents: integer("total_cents").notNull().default(0),
  stripeInvoiceId: text("stripe_invoice_id").unique(),
  createdAt: createdAt(),
});

export const invoiceLines = sqliteTable("invoice_lines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  invoiceId: integer("invoice_id")
    .notNull()
    .references(() => invoices.id, { onDelete: "cascade" }),
  description: text("description").notNull(),
  quantity: real("quantity").notNull().default(1),
  unitPriceCents: integer("unit_price_cents").notNull(),
});

export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    clientId: integer("client_id").references(() => clients.id, { onDelete: "set null" }),
    amountCents: integer("amount_cents").notNull(),
    method: text("method", { enum: ["card", "transfer", "cash", "other"] }).notNull().default("card"),
    paidAt: timestamp("paid_at").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("payments_stripe_pi_idx").on(t.stripePaymentIntentId), index("payments_paid_idx").on(t.paidAt)],
);

/** Key/value settings of the tenant (profile, company, KPI assumptions). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Counts by category (source, job title…) for one day: `{"story": 3, "post": 1}`. */
export type CategoryCounts = Record<string, number>;
const counts = (name: string) => text(name, { mode: "json" }).$type<CategoryCounts>().notNull().default({});

/**
 * One row per Europe/Paris day, written by the nightly aggregation (scripts/aggregate-kpis.ts).
 * Lead figures are by cohort (leads created that day, in their current state); message
 * figures by the day a message was sent. Counters only (never rates), so a range is a sum.
 * No run timestamps here: re-running gives identical rows.
 */
export const kpiDaily = sqliteTable("kpi_daily", {
  day: text("day").primaryKey(), // YYYY-MM-DD in Europe/Paris
  leadsCreated: integer("leads_created").notNull().default(0),
  leadsNew: integer("leads_new").notNull().default(0),
  leadsEngaged: integer("leads_engaged").notNull().default(0),
  leadsQualified: integer("leads_qualified").notNull().default(0),
  callsProposed: integer("calls_proposed").notNull().default(0),
  callsBooked: integer("calls_booked").notNull().default(0),
  leadsWon: integer("leads_won").notNull().default(0),
  leadsLost: integer("leads_lost").notNull().default(0),
  leadsFollowUp: integer("leads_follow_up").notNull().default(0),
  messagesOut: integer("messages_out").notNull().default(0),
  messagesIn: integer("messages_in").notNull().default(0),
  msg1Sent: integer("msg1_sent").notNull().default(0),
  msg1Replied: integer("msg1_replied").notNull().default(0),
  msg2Sent: integer("msg2_sent").notNull().default(0),
  msg2Replied: integer("msg2_replied").notNull().default(0),
  msg3Sent: integer("msg3_sent").notNull().default(0),
  msg3Replied: integer("msg3_replied").notNull().default(0),
  msg4Sent: integer("msg4_sent").notNull().default(0),
  msg4Replied: integer("msg4_replied").notNull().default(0),
  genderMale: integer("gender_male").notNull().default(0),
  genderFemale: integer("gender_female").notNull().default(0),
  genderOther: integer("gender_other").notNull().default(0),
  ageSum: integer("age_sum").notNull().default(0),
  ageCount: integer("age_count").notNull().default(0),
  revenueCents: integer("revenue_cents").notNull().default(0),
  timeToActionSum: integer("time_to_action_sum").notNull().default(0),
  timeToActionCount: integer("time_to_action_count").notNull().default(0),
  discussionMinutesSum: integer("discussion_minutes_sum").notNull().default(0),
  discussionCount: integer("discussion_count").notNull().default(0),
  sources: counts("sources"),
  jobTitles: counts("job_titles"),
  lostReasons: counts("lost_reasons"),
  /** Booked calls by Paris weekday-hour, `"4-18"` = Thursday 18:00–18:59. */
  bookingSlots: counts("booking_slots"),
});
