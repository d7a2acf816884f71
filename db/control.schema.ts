import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";

export const TENANT_STATUSES = ["active", "suspended", "deleted"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const PLATFORM_ROLES = ["admin", "support"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  specialty: text("specialty").notNull(),
  status: text("status", { enum: TENANT_STATUSES }).notNull().default("active"),
  fileName: text("file_name").notNull(),
  createdAt: createdAt(),
  statusChangedAt: timestamp("status_changed_at"),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash"),
  platformRole: text("platform_role", { enum: PLATFORM_ROLES }),
  createdAt: createdAt(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner"] }).notNull().default("owner"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index("memberships_tenant_idx").on(t.tenantId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: text("data").notNull().default("{}"),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invites = sqliteTable("invites", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  tenantId: text("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at").notNull(),
  usedAt: timestamp("used_at"),
  createdAt: createdAt(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: text("actor_user_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    tenantId: text("tenant_id"),
    ip: text("ip"),
    details: text("details"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_created_idx").on(t.createdAt), index("audit_tenant_idx").on(t.tenantId)],
);

/** Development outbox: where emails go when RESEND_API_KEY is not set. */
export const outbox = sqliteTable("outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  /** Attachments' names, types and sizes (the bytes are not kept in the outbox). */
  attachments: text("attachments", { mode: "json" }).$type<{ filename: string; contentType: string; bytes: number }[]>(),
  createdAt: createdAt(),
});


/** Ingestion tokens (N8N, ManyChat): shown once, stored as SHA-256, revocable. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdByUserId: text("created_by_user_id"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("api_tokens_tenant_idx").on(t.tenantId)],
);

export const TENANT_HEALTH = ["ok", "unavailable"] as const;
export type TenantHealth = (typeof TENANT_HEALTH)[number];

/**
 * Per-tenant figures for the admin list and /healthz, kept here so that neither opens a
 * tenant file: refreshed by ingestion writes (debounced), the nightly job and the boot-time
 * migration. `health` is "unavailable" while the tenant's file cannot be used (with why).
 */
export const tenantStats = sqliteTable("tenant_stats", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  leadCount: integer("lead_count"),
  sizeBytes: integer("size_bytes"),
  lastActivityAt: timestamp("last_activity_at"),
  health: text("health", { enum: TENANT_HEALTH }).notNull().default("ok"),
  healthReason: text("health_reason"),
  healthCheckedAt: timestamp("health_checked_at"),
  statsRefreshedAt: timestamp("stats_refreshed_at"),
});

export const PUBLIC_LINK_KINDS = ["quote", "invoice"] as const;
export type PublicLinkKind = (typeof PUBLIC_LINK_KINDS)[number];

/**
 * Public capability links (`/q/:token`, `/pay/:token`): the SHA-256 of the token routes to the
 * tenant, so a public page finds its tenant without any user input becoming a path. The tenant
 * file keeps the token itself (to show the link again) and checks it once more.
 */
export const publicLinks = sqliteTable(
  "public_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PUBLIC_LINK_KINDS }).notNull(),
    documentId: integer("document_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("public_links_tenant_idx").on(t.tenantId)],
);

/** Which tenant a connected Stripe account belongs to: the Connect webhook routes by `event.account`. */
export const stripeAccounts = sqliteTable(
  "stripe_accounts",
  {
    accountId: text("account_id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .unique()
      .references(() => tenants.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
);

/**
 * Which tenants have email to send, and from when: enqueueing upserts the row, the worker reads
 * the due ones instead of opening every tenant file, and deletes the row when the queue is empty.
 */
export const emailWork = sqliteTable("email_work", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  dueAt: timestamp("due_at").notNull(),
});

/**
 * Token buckets shared by every process on the machine (server and scheduled jobs): the email
 * worker takes a token per Resend request from the "resend" bucket, so all tenants together stay
 * under Resend's team limit.
 */
export const rateBuckets = sqliteTable("rate_buckets", {
  key: text("key").primaryKey(),
  tokens: real("tokens").notNull(),
  refilledAt: integer("refilled_at").notNull(),
});
