import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
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

export const SESSION_STATUSES = ["confirmed", "completed", "cancelled", "refunded"] as const;
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
    age: integer("age"),
    gender: text("gender", { enum: GENDERS }),
    source: text("source"),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("new"),
    lostReason: text("lost_reason"),
    score: integer("score").notNull().default(0),
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
  ],
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

export const activities = sqliteTable(
  "activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    leadId: integer("lead_id").references(() => leads.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    details: text("details"),
    createdAt: createdAt(),
  },
  (t) => [index("activities_lead_idx").on(t.leadId)],
);

export const clients = sqliteTable("clients", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  leadId: integer("lead_id")
    .unique()
    .references(() => leads.id, { onDelete: "set null" }),
  firstName: text("first_name").notNull(),
  lastName: text("last_name").notNull(),
  email: text("email"),
  phone: text("phone"),
  goals: text("goals"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

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
    summary: text("summary"),
    markedMoments: text("marked_moments", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_scheduled_idx").on(t.scheduledAt), index("sessions_client_idx").on(t.clientId)],
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
