import { sql } from "drizzle-orm";
import { blob, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
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
    /** Where the consent came from ("formulaire", "import", "coach"…) and when (shown on the lead page). */
    consentSource: text("consent_source"),
    consentAt: timestamp("consent_at"),
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
    /** Billing: a private person (B2C) or a business (B2B: `company` is its name). */
    kind: text("kind", { enum: ["person", "business"] }).notNull().default("person"),
    address: text("address"),
    postalCode: text("postal_code"),
    country: text("country").notNull().default("FR"),
    siren: text("siren"),
    vatNumber: text("vat_number"),
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

// ---------------------------------------------------------------------------------------------
// Billing (issue 9, docs/decisions/0009-billing.md). Money in integer cents, VAT rates in basis
// points (2000 = 20 %), quantities in hundredths (150 = 1,5). Dates that are calendar days
// (issue, service, due, validity) are `YYYY-MM-DD` Europe/Paris text; instants are UTC ms.
// ---------------------------------------------------------------------------------------------

export const VAT_REGIMES = ["franchise", "standard"] as const;
export type VatRegime = (typeof VAT_REGIMES)[number];
export const VAT_RATES_BPS = [2000, 1000, 550, 0] as const;

/** The coach's company and billing settings: one row (id = 1). */
export const billingProfile = sqliteTable("billing_profile", {
  id: integer("id").primaryKey(),
  tradeName: text("trade_name"),
  /** "Marie Dupont EI" for an individual entrepreneur. */
  legalName: text("legal_name"),
  address: text("address"),
  postalCode: text("postal_code"),
  city: text("city"),
  country: text("country").notNull().default("FR"),
  siren: text("siren"),
  siret: text("siret"),
  vatNumber: text("vat_number"),
  vatRegime: text("vat_regime", { enum: VAT_REGIMES }).notNull().default("franchise"),
  defaultVatRateBps: integer("default_vat_rate_bps").notNull().default(2000),
  paymentTermsDays: integer("payment_terms_days").notNull().default(30),
  /** Yearly late-payment penalty rate in basis points (1000 = 10 %). */
  penaltyRateBps: integer("penalty_rate_bps").notNull().default(1000),
  iban: text("iban"),
  bic: text("bic"),
  legalMentions: text("legal_mentions"),
  termsOfSale: text("terms_of_sale"),
  logo: blob("logo", { mode: "buffer" }),
  logoMime: text("logo_mime"),
  /** Days after the due date for the three reminders; null = that reminder is off. */
  reminder1Days: integer("reminder1_days").default(1),
  reminder2Days: integer("reminder2_days").default(15),
  reminder3Days: integer("reminder3_days").default(30),
  stripeAccountId: text("stripe_account_id"),
  stripeChargesEnabled: integer("stripe_charges_enabled", { mode: "boolean" }).notNull().default(false),
  stripeDetailsSubmitted: integer("stripe_details_submitted", { mode: "boolean" }).notNull().default(false),
  updatedAt: updatedAt(),
});

export const QUOTE_STATUSES = ["draft", "sent", "accepted", "refused", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/**
 * A quote (devis). For a client, or for a lead (the CRM's "créer un devis"): accepting a lead's
 * quote wins the lead and links the client it becomes. Frozen once sent (`seller`/`buyer`
 * snapshots, lines locked): the client accepts exactly what they read; change = duplicate.
 */
export const quotes = sqliteTable(
  "quotes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: integer("client_id").references(() => clients.id, { onDelete: "set null" }),
    leadId: integer("lead_id").references(() => leads.id, { onDelete: "set null" }),
    /** `D-2026-0001`, assigned when first sent. */
    number: text("number").unique(),
    series: text("series"),
    sequence: integer("sequence"),
    status: text("status", { enum: QUOTE_STATUSES }).notNull().default("draft"),
    title: text("title"),
    issueDate: text("issue_date"),
    validUntil: text("valid_until").notNull(),
    vatRegime: text("vat_regime", { enum: VAT_REGIMES }).notNull(),
    /** 0 = no deposit; else the deposit invoice is this share of the total TTC. */
    depositPercent: integer("deposit_percent").notNull().default(0),
    depositDueDate: text("deposit_due_date"),
    balanceDueDate: text("balance_due_date"),
    notes: text("notes"),
    totalHtCents: integer("total_ht_cents").notNull().default(0),
    totalVatCents: integer("total_vat_cents").notNull().default(0),
    totalTtcCents: integer("total_ttc_cents").notNull().default(0),
    seller: text("seller", { mode: "json" }).$type<SellerSnapshot>(),
    buyer: text("buyer", { mode: "json" }).$type<BuyerSnapshot>(),
    /** Capability token of the public page `/q/:token` (its hash routes to the tenant in the control DB). */
    publicToken: text("public_token").unique(),
    sentAt: timestamp("sent_at"),
    acceptedAt: timestamp("accepted_at"),
    acceptedName: text("accepted_name"),
    acceptedIp: text("accepted_ip"),
    /** A private client buying at a distance asked to start before the 14-day withdrawal period ends. */
    earlyStartRequestedAt: timestamp("early_start_requested_at"),
    refusedAt: timestamp("refused_at"),
    depositInvoiceId: integer("deposit_invoice_id"),
    balanceInvoiceId: integer("balance_invoice_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("quotes_series_seq_idx").on(t.series, t.sequence),
    index("quotes_client_idx").on(t.clientId),
    index("quotes_status_idx").on(t.status, t.validUntil),
  ],
);

export const LINE_KINDS = ["free", "session", "package"] as const;

export const quoteLines = sqliteTable(
  "quote_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: LINE_KINDS }).notNull().default("free"),
    description: text("description").notNull(),
    /** Hundredths: 100 = 1. */
    quantity: integer("quantity").notNull().default(100),
    unitPriceCents: integer("unit_price_cents").notNull(),
    vatRateBps: integer("vat_rate_bps").notNull().default(0),
    totalHtCents: integer("total_ht_cents").notNull(),
    /** For a package: how many sessions it holds. */
    sessionCount: integer("session_count"),
  },
  (t) => [index("quote_lines_quote_idx").on(t.quoteId, t.position)],
);

export const INVOICE_KINDS = ["invoice", "credit_note"] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
/** Stored life: draft → issued (frozen) → cancelled (by a credit note). Sent / paid / overdue are derived. */
export const INVOICE_STATES = ["draft", "issued", "cancelled"] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/** Who sells, frozen on the document when it is issued (or a quote sent). */
export type SellerSnapshot = {
  tradeName: string | null;
  legalName: string;
  address: string;
  postalCode: string;
  city: string;
  country: string;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  vatRegime: VatRegime;
  email: string | null;
  iban: string | null;
  bic: string | null;
  penaltyRateBps: number;
  legalMentions: string | null;
  termsOfSale: string | null;
};

/** Who buys, frozen likewise. `kind` decides the B2B mentions (40 € recovery indemnity, Factur-X). */
export type BuyerSnapshot = {
  kind: "person" | "business";
  name: string;
  /** The contact person of a business. */
  contact: string | null;
  email: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  siren: string | null;
  vatNumber: string | null;
};

/**
 * Invoices and credit notes (kind). Drafts have no number; issuing assigns the next of the yearly
 * series (`2026-0001`, credit notes `A-2026-0001`) and freezes the row (SQL triggers refuse
 * edits and deletes of issued rows, see migration 0009). Never deleted once issued; a client's
 * deletion only unlinks it (the buyer snapshot keeps the name).
 */
export const invoices = sqliteTable(
  "invoices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: INVOICE_KINDS }).notNull().default("invoice"),
    clientId: integer("client_id").references(() => clients.id, { onDelete: "set null" }),
    number: text("number").unique(),
    series: text("series"),
    sequence: integer("sequence"),
    state: text("state", { enum: INVOICE_STATES }).notNull().default("draft"),
    /** A credit note names the invoice it corrects. */
    creditedInvoiceId: integer("credited_invoice_id").references((): AnySQLiteColumn => invoices.id, { onDelete: "restrict" }),
    quoteId: integer("quote_id").references(() => quotes.id, { onDelete: "set null" }),
    /** Which part of the quote's payment schedule this invoice is. */
    schedulePart: text("schedule_part", { enum: ["deposit", "balance", "full"] }),
    title: text("title"),
    issueDate: text("issue_date"),
    /** Date (or first day) of the service; `serviceEndDate` closes a period. */
    serviceDate: text("service_date"),
    serviceEndDate: text("service_end_date"),
    dueDate: text("due_date"),
    vatRegime: text("vat_regime", { enum: VAT_REGIMES }).notNull(),
    totalHtCents: integer("total_ht_cents").notNull().default(0),
    totalVatCents: integer("total_vat_cents").notNull().default(0),
    totalTtcCents: integer("total_ttc_cents").notNull().default(0),
    /** Sum of the payments ledger (payments minus refunds), kept in the ledger's transaction. */
    paidCents: integer("paid_cents").notNull().default(0),
    /** When the ledger first covered the total (null while unpaid or partly paid). */
    paidAt: timestamp("paid_at"),
    notes: text("notes"),
    seller: text("seller", { mode: "json" }).$type<SellerSnapshot>(),
    buyer: text("buyer", { mode: "json" }).$type<BuyerSnapshot>(),
    /** Capability token of `/pay/:token` (its hash routes to the tenant in the control DB). */
    publicToken: text("public_token").unique(),
    issuedAt: timestamp("issued_at"),
    sentAt: timestamp("sent_at"),
    cancelledAt: timestamp("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("invoices_series_seq_idx").on(t.series, t.sequence),
    index("invoices_client_idx").on(t.clientId),
    index("invoices_state_due_idx").on(t.state, t.dueDate),
    index("invoices_issue_idx").on(t.issueDate),
    index("invoices_credited_idx").on(t.creditedInvoiceId),
    index("invoices_quote_idx").on(t.quoteId),
  ],
);

export const invoiceLines = sqliteTable(
  "invoice_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: LINE_KINDS }).notNull().default("free"),
    description: text("description").notNull(),
    /** Hundredths: 100 = 1. */
    quantity: integer("quantity").notNull().default(100),
    unitPriceCents: integer("unit_price_cents").notNull(),
    vatRateBps: integer("vat_rate_bps").notNull().default(0),
    totalHtCents: integer("total_ht_cents").notNull(),
    sessionCount: integer("session_count"),
    /** The coaching session this line bills (a session is billed by one live invoice at most). */
    sessionId: integer("session_id").references(() => coachingSessions.id, { onDelete: "set null" }),
  },
  (t) => [index("invoice_lines_invoice_idx").on(t.invoiceId, t.position), index("invoice_lines_session_idx").on(t.sessionId)],
);

/** The issued PDF, generated once and served identically afterwards (10-year retention). */
export const invoicePdfs = sqliteTable("invoice_pdfs", {
  invoiceId: integer("invoice_id")
    .primaryKey()
    .references(() => invoices.id, { onDelete: "restrict" }),
  pdf: blob("pdf", { mode: "buffer" }).notNull(),
  sha256: text("sha256").notNull(),
  facturx: integer("facturx", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

export const INVOICE_EVENT_TYPES = ["issued", "sent", "reminder", "payment", "refund", "credit_note", "dispute", "checkout", "platform"] as const;

/** What happened to an invoice (sent, reminded, paid…), shown on its page. `day` (Paris) makes reminders one per invoice per day. */
export const invoiceEvents = sqliteTable(
  "invoice_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    type: text("type", { enum: INVOICE_EVENT_TYPES }).notNull(),
    day: text("day").notNull(),
    detail: text("detail"),
    createdAt: createdAt(),
  },
  (t) => [
    index("invoice_events_invoice_idx").on(t.invoiceId, t.createdAt),
    uniqueIndex("invoice_events_reminder_day_idx").on(t.invoiceId, t.day).where(sql`type = 'reminder'`),
  ],
);

export const PAYMENT_METHODS = ["card", "transfer", "cash", "cheque", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Append-only ledger (SQL triggers refuse updates of amounts and deletes): a payment is a positive
 * amount, a refund a negative one. Stripe ids make webhook replays no-ops.
 */
export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id").references(() => invoices.id, { onDelete: "restrict" }),
    clientId: integer("client_id").references(() => clients.id, { onDelete: "set null" }),
    amountCents: integer("amount_cents").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull().default("card"),
    paidAt: timestamp("paid_at").notNull(),
    reference: text("reference"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    stripeChargeId: text("stripe_charge_id"),
    stripeRefundId: text("stripe_refund_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payments_stripe_pi_idx").on(t.stripePaymentIntentId),
    uniqueIndex("payments_stripe_refund_idx").on(t.stripeRefundId),
    index("payments_paid_idx").on(t.paidAt),
    index("payments_invoice_idx").on(t.invoiceId),
  ],
);

/** Checkout Sessions opened from `/pay/:token` (one per attempt; the attempt is in the idempotency key). */
export const checkoutAttempts = sqliteTable(
  "checkout_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: integer("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "restrict" }),
    attempt: integer("attempt").notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    amountCents: integer("amount_cents").notNull(),
    status: text("status", { enum: ["open", "complete", "expired", "failed"] }).notNull().default("open"),
    url: text("url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("checkout_attempts_invoice_attempt_idx").on(t.invoiceId, t.attempt)],
);

/** Each Stripe event id once, written in the same transaction as its effect. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  createdAt: createdAt(),
});

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

// ───────────────────────────── Email (issue 10, ADR 0010) ─────────────────────────────

/** The seed's template types (001 §3.8). */
export const EMAIL_TEMPLATE_KINDS = ["greetings", "services", "follow_up", "appointment", "check_in", "client_invite", "custom"] as const;
export type EmailTemplateKind = (typeof EMAIL_TEMPLATE_KINDS)[number];

/**
 * A template: its current design (theme + blocks, validated by app/email/templates/design.ts),
 * subject, and the defaults used when a variable has no value. Every save adds a version row.
 */
export const emailTemplates = sqliteTable("email_templates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  kind: text("kind", { enum: EMAIL_TEMPLATE_KINDS }).notNull().default("custom"),
  subject: text("subject").notNull(),
  /** `{ theme, blocks }` (EmailDesign). */
  design: text("design", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  /** `{ firstName: "cher client", … }`: what a missing value becomes. */
  fallbacks: text("fallbacks", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Every saved state of a template (restore = save an old one as the new current). */
export const emailTemplateVersions = sqliteTable(
  "email_template_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    templateId: integer("template_id")
      .notNull()
      .references(() => emailTemplates.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    design: text("design", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    fallbacks: text("fallbacks", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_template_versions_idx").on(t.templateId, t.version)],
);

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "stopped"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * A campaign to a saved segment. The segment's query is copied at send time (the segment may be
 * edited or deleted later) and the template is compiled once into `compiled_*` (HTML and text
 * with `{{variables}}` left in); each recipient's copy is filled in by the worker.
 */
export const emailCampaigns = sqliteTable(
  "email_campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    templateId: integer("template_id").references(() => emailTemplates.id, { onDelete: "set null" }),
    templateVersion: integer("template_version"),
    segmentId: integer("segment_id").references(() => segments.id, { onDelete: "set null" }),
    segmentName: text("segment_name"),
    segmentQuery: text("segment_query"),
    subject: text("subject").notNull(),
    compiledHtml: text("compiled_html"),
    compiledText: text("compiled_text"),
    fallbacks: text("fallbacks", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    /** When a scheduled campaign starts (UTC instant of the Europe/Paris date and time chosen). */
    scheduledAt: timestamp("scheduled_at"),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
    /** Why it is paused or stopped: "manual", "bounce_rate", "complaint_rate" (+ figures in pause_detail). */
    pauseReason: text("pause_reason"),
    pauseDetail: text("pause_detail"),
    recipientCount: integer("recipient_count").notNull().default(0),
    excludedCount: integer("excluded_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("email_campaigns_status_idx").on(t.status, t.scheduledAt)],
);

export const EMAIL_CATEGORIES = ["marketing", "transactional"] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];
export const EMAIL_SEND_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export type EmailSendStatus = (typeof EMAIL_SEND_STATUSES)[number];

/**
 * The durable queue and the record of every email sent from the email module (one row per
 * recipient). `idempotency_key` is unique: `campaign-<id>-lead-<id>` or `direct-<uuid>`, so queueing
 * twice is a no-op. The worker claims rows (status sending, `batch_key`, `lease_until`), sends a batch
 * with `batch_key` as Resend's idempotency key, then records `resend_id`: a crash in between
 * re-sends the same batch under the same key, which Resend answers without sending again.
 * `html`/`text` null = fill the campaign's compiled copy with `variables`.
 */
export const emailSends = sqliteTable(
  "email_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    campaignId: integer("campaign_id").references(() => emailCampaigns.id, { onDelete: "cascade" }),
    templateId: integer("template_id").references(() => emailTemplates.id, { onDelete: "set null" }),
    leadId: integer("lead_id").references(() => leads.id, { onDelete: "set null" }),
    category: text("category", { enum: EMAIL_CATEGORIES }).notNull().default("marketing"),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    html: text("html"),
    text: text("text"),
    /** The recipient's variable values at queueing time (`{ firstName: "Léa", … }`). */
    variables: text("variables", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    status: text("status", { enum: EMAIL_SEND_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    batchKey: text("batch_key"),
    leaseUntil: timestamp("lease_until"),
    resendId: text("resend_id").unique(),
    error: text("error"),
    queuedAt: createdAt(),
    sentAt: timestamp("sent_at"),
    deliveredAt: timestamp("delivered_at"),
    bouncedAt: timestamp("bounced_at"),
    /** "hard" (Permanent) or "soft" (Transient): only hard bounces suppress the address. */
    bounceType: text("bounce_type"),
    complainedAt: timestamp("complained_at"),
    openedAt: timestamp("opened_at"),
    clickedAt: timestamp("clicked_at"),
    unsubscribedAt: timestamp("unsubscribed_at"),
  },
  (t) => [
    index("email_sends_due_idx").on(t.status, t.nextAttemptAt),
    index("email_sends_batch_idx").on(t.batchKey),
    index("email_sends_campaign_idx").on(t.campaignId, t.status),
    index("email_sends_lead_idx").on(t.leadId, t.queuedAt),
  ],
);

/** Resend webhook events already applied (their `svix-id`): a redelivery is a no-op. */
export const emailEvents = sqliteTable(
  "email_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    sendId: integer("send_id").references(() => emailSends.id, { onDelete: "set null" }),
    receivedAt: createdAt(),
  },
  (t) => [index("email_events_send_idx").on(t.sendId)],
);

export const EMAIL_SUPPRESSION_REASONS = ["unsubscribed", "bounced", "complained"] as const;
export type EmailSuppressionReason = (typeof EMAIL_SUPPRESSION_REASONS)[number];

/**
 * This coach's email suppressions (another coach's list is in another file): SHA-256 of the
 * normalised address, as in `suppressions`. Unsubscribes block marketing; hard bounces and
 * complaints block everything, transactional included. One row per (address, reason).
 */
export const emailSuppressions = sqliteTable(
  "email_suppressions",
  {
    emailHash: text("email_hash").notNull(),
    reason: text("reason", { enum: EMAIL_SUPPRESSION_REASONS }).notNull(),
    sendId: integer("send_id").references(() => emailSends.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_suppressions_pk").on(t.emailHash, t.reason)],
);

export const NOTIFICATION_KINDS = ["lead_new", "lead_won", "payment_received", "quote_accepted", "invoice_overdue", "campaign_finished", "campaign_paused", "import_finished"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The in-app notification centre (001 §4.2). Per-kind switches and the digest live in `settings`. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    title: text("title").notNull(),
    body: text("body"),
    href: text("href"),
    createdAt: createdAt(),
    readAt: timestamp("read_at"),
    /** Set when a daily digest included it (each notification is mailed at most once). */
    digestedAt: timestamp("digested_at"),
  },
  (t) => [index("notifications_unread_idx").on(t.readAt, t.createdAt), index("notifications_created_idx").on(t.createdAt)],
);
