CREATE TABLE `email_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`template_id` integer,
	`template_version` integer,
	`segment_id` integer,
	`segment_name` text,
	`segment_query` text,
	`subject` text NOT NULL,
	`compiled_html` text,
	`compiled_text` text,
	`fallbacks` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`scheduled_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`pause_reason` text,
	`pause_detail` text,
	`recipient_count` integer DEFAULT 0 NOT NULL,
	`excluded_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `email_templates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `email_campaigns_status_idx` ON `email_campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `email_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`send_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`send_id`) REFERENCES `email_sends`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `email_events_send_idx` ON `email_events` (`send_id`);--> statement-breakpoint
CREATE TABLE `email_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`campaign_id` integer,
	`template_id` integer,
	`lead_id` integer,
	`category` text DEFAULT 'marketing' NOT NULL,
	`to_email` text NOT NULL,
	`subject` text NOT NULL,
	`html` text,
	`text` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`batch_key` text,
	`lease_until` integer,
	`resend_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`delivered_at` integer,
	`bounced_at` integer,
	`bounce_type` text,
	`complained_at` integer,
	`opened_at` integer,
	`clicked_at` integer,
	`unsubscribed_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `email_campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `email_templates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_sends_idempotency_key_unique` ON `email_sends` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_sends_resend_id_unique` ON `email_sends` (`resend_id`);--> statement-breakpoint
CREATE INDEX `email_sends_due_idx` ON `email_sends` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `email_sends_batch_idx` ON `email_sends` (`batch_key`);--> statement-breakpoint
CREATE INDEX `email_sends_campaign_idx` ON `email_sends` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `email_sends_lead_idx` ON `email_sends` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `email_suppressions` (
	`email_hash` text NOT NULL,
	`reason` text NOT NULL,
	`send_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`send_id`) REFERENCES `email_sends`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_suppressions_pk` ON `email_suppressions` (`email_hash`,`reason`);--> statement-breakpoint
CREATE TABLE `email_template_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`subject` text NOT NULL,
	`design` text NOT NULL,
	`fallbacks` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `email_templates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_template_versions_idx` ON `email_template_versions` (`template_id`,`version`);--> statement-breakpoint
CREATE TABLE `email_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'custom' NOT NULL,
	`subject` text NOT NULL,
	`design` text NOT NULL,
	`fallbacks` text DEFAULT '{}' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`href` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`digested_at` integer
);
--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`read_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_created_idx` ON `notifications` (`created_at`);--> statement-breakpoint
ALTER TABLE `leads` ADD `consent_source` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `consent_at` integer;