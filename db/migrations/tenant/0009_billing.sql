-- Billing (issue 9). The old invoices, invoice_lines and payments tables were placeholders that
-- only the demo seed ever wrote (no screen or API could create an invoice before this migration):
-- they are dropped and rebuilt in the billing shape (docs/decisions/0009-billing.md).
DROP TABLE `invoice_lines`;--> statement-breakpoint
DROP TABLE `invoices`;--> statement-breakpoint
DROP TABLE `payments`;--> statement-breakpoint
ALTER TABLE `clients` ADD `kind` text DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `address` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `postal_code` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `country` text DEFAULT 'FR' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `siren` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `vat_number` text;--> statement-breakpoint
CREATE TABLE `billing_profile` (
	`id` integer PRIMARY KEY NOT NULL,
	`trade_name` text,
	`legal_name` text,
	`address` text,
	`postal_code` text,
	`city` text,
	`country` text DEFAULT 'FR' NOT NULL,
	`siren` text,
	`siret` text,
	`vat_number` text,
	`vat_regime` text DEFAULT 'franchise' NOT NULL,
	`default_vat_rate_bps` integer DEFAULT 2000 NOT NULL,
	`payment_terms_days` integer DEFAULT 30 NOT NULL,
	`penalty_rate_bps` integer DEFAULT 1000 NOT NULL,
	`iban` text,
	`bic` text,
	`legal_mentions` text,
	`terms_of_sale` text,
	`logo` blob,
	`logo_mime` text,
	`reminder1_days` integer DEFAULT 1,
	`reminder2_days` integer DEFAULT 15,
	`reminder3_days` integer DEFAULT 30,
	`stripe_account_id` text,
	`stripe_charges_enabled` integer DEFAULT false NOT NULL,
	`stripe_details_submitted` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `checkout_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`stripe_checkout_session_id` text,
	`amount_cents` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkout_attempts_stripe_checkout_session_id_unique` ON `checkout_attempts` (`stripe_checkout_session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `checkout_attempts_invoice_attempt_idx` ON `checkout_attempts` (`invoice_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `invoice_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`type` text NOT NULL,
	`day` text NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invoice_events_invoice_idx` ON `invoice_events` (`invoice_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_events_reminder_day_idx` ON `invoice_events` (`invoice_id`,`day`) WHERE type = 'reminder';--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text DEFAULT 'free' NOT NULL,
	`description` text NOT NULL,
	`quantity` integer DEFAULT 100 NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`vat_rate_bps` integer DEFAULT 0 NOT NULL,
	`total_ht_cents` integer NOT NULL,
	`session_count` integer,
	`session_id` integer,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `coaching_sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoice_lines_session_idx` ON `invoice_lines` (`session_id`);--> statement-breakpoint
CREATE TABLE `invoice_pdfs` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`pdf` blob NOT NULL,
	`sha256` text NOT NULL,
	`facturx` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text DEFAULT 'invoice' NOT NULL,
	`client_id` integer,
	`number` text,
	`series` text,
	`sequence` integer,
	`state` text DEFAULT 'draft' NOT NULL,
	`credited_invoice_id` integer,
	`quote_id` integer,
	`schedule_part` text,
	`title` text,
	`issue_date` text,
	`service_date` text,
	`service_end_date` text,
	`due_date` text,
	`vat_regime` text NOT NULL,
	`total_ht_cents` integer DEFAULT 0 NOT NULL,
	`total_vat_cents` integer DEFAULT 0 NOT NULL,
	`total_ttc_cents` integer DEFAULT 0 NOT NULL,
	`paid_cents` integer DEFAULT 0 NOT NULL,
	`paid_at` integer,
	`notes` text,
	`seller` text,
	`buyer` text,
	`public_token` text,
	`issued_at` integer,
	`sent_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`credited_invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_public_token_unique` ON `invoices` (`public_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_series_seq_idx` ON `invoices` (`series`,`sequence`);--> statement-breakpoint
CREATE INDEX `invoices_client_idx` ON `invoices` (`client_id`);--> statement-breakpoint
CREATE INDEX `invoices_state_due_idx` ON `invoices` (`state`,`due_date`);--> statement-breakpoint
CREATE INDEX `invoices_issue_idx` ON `invoices` (`issue_date`);--> statement-breakpoint
CREATE INDEX `invoices_credited_idx` ON `invoices` (`credited_invoice_id`);--> statement-breakpoint
CREATE INDEX `invoices_quote_idx` ON `invoices` (`quote_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer,
	`client_id` integer,
	`amount_cents` integer NOT NULL,
	`method` text DEFAULT 'card' NOT NULL,
	`paid_at` integer NOT NULL,
	`reference` text,
	`stripe_payment_intent_id` text,
	`stripe_charge_id` text,
	`stripe_refund_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_stripe_pi_idx` ON `payments` (`stripe_payment_intent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_stripe_refund_idx` ON `payments` (`stripe_refund_id`);--> statement-breakpoint
CREATE INDEX `payments_paid_idx` ON `payments` (`paid_at`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `quote_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quote_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text DEFAULT 'free' NOT NULL,
	`description` text NOT NULL,
	`quantity` integer DEFAULT 100 NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`vat_rate_bps` integer DEFAULT 0 NOT NULL,
	`total_ht_cents` integer NOT NULL,
	`session_count` integer,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quote_lines_quote_idx` ON `quote_lines` (`quote_id`,`position`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer,
	`lead_id` integer,
	`number` text,
	`series` text,
	`sequence` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text,
	`issue_date` text,
	`valid_until` text NOT NULL,
	`vat_regime` text NOT NULL,
	`deposit_percent` integer DEFAULT 0 NOT NULL,
	`deposit_due_date` text,
	`balance_due_date` text,
	`notes` text,
	`total_ht_cents` integer DEFAULT 0 NOT NULL,
	`total_vat_cents` integer DEFAULT 0 NOT NULL,
	`total_ttc_cents` integer DEFAULT 0 NOT NULL,
	`seller` text,
	`buyer` text,
	`public_token` text,
	`sent_at` integer,
	`accepted_at` integer,
	`accepted_name` text,
	`accepted_ip` text,
	`early_start_requested_at` integer,
	`refused_at` integer,
	`deposit_invoice_id` integer,
	`balance_invoice_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_number_unique` ON `quotes` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_public_token_unique` ON `quotes` (`public_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_series_seq_idx` ON `quotes` (`series`,`sequence`);--> statement-breakpoint
CREATE INDEX `quotes_client_idx` ON `quotes` (`client_id`);--> statement-breakpoint
CREATE INDEX `quotes_status_idx` ON `quotes` (`status`,`valid_until`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
-- Issued invoices and credit notes are frozen (French law: corrected by a credit note, never edited).
-- What may still change: state issued → cancelled, the ledger cache (paid_cents, paid_at), sent_at,
-- cancelled_at, public_token, client_id (a deleted client unlinks; the buyer snapshot keeps the name).
CREATE TRIGGER `invoices_issued_frozen` BEFORE UPDATE ON `invoices`
WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.kind IS NOT OLD.kind OR NEW.number IS NOT OLD.number OR NEW.series IS NOT OLD.series OR NEW.sequence IS NOT OLD.sequence OR NEW.credited_invoice_id IS NOT OLD.credited_invoice_id OR NEW.quote_id IS NOT OLD.quote_id OR NEW.schedule_part IS NOT OLD.schedule_part OR NEW.title IS NOT OLD.title OR NEW.issue_date IS NOT OLD.issue_date OR NEW.service_date IS NOT OLD.service_date OR NEW.service_end_date IS NOT OLD.service_end_date OR NEW.due_date IS NOT OLD.due_date OR NEW.vat_regime IS NOT OLD.vat_regime OR NEW.total_ht_cents IS NOT OLD.total_ht_cents OR NEW.total_vat_cents IS NOT OLD.total_vat_cents OR NEW.total_ttc_cents IS NOT OLD.total_ttc_cents OR NEW.notes IS NOT OLD.notes OR NEW.seller IS NOT OLD.seller OR NEW.buyer IS NOT OLD.buyer OR NEW.issued_at IS NOT OLD.issued_at)
BEGIN SELECT RAISE(ABORT, 'FROZEN: an issued invoice cannot be edited; issue a credit note'); END;--> statement-breakpoint
CREATE TRIGGER `invoices_issued_no_delete` BEFORE DELETE ON `invoices`
WHEN OLD.state <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: an issued invoice cannot be deleted'); END;--> statement-breakpoint
CREATE TRIGGER `invoice_lines_frozen_insert` BEFORE INSERT ON `invoice_lines`
WHEN (SELECT state FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of an issued invoice cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `invoice_lines_frozen_update` BEFORE UPDATE OF invoice_id, position, kind, description, quantity, unit_price_cents, vat_rate_bps, total_ht_cents, session_count ON `invoice_lines`
WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of an issued invoice cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `invoice_lines_frozen_delete` BEFORE DELETE ON `invoice_lines`
WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of an issued invoice cannot change'); END;--> statement-breakpoint
-- The stored PDF is served identically for ten years.
CREATE TRIGGER `invoice_pdfs_no_update` BEFORE UPDATE ON `invoice_pdfs`
BEGIN SELECT RAISE(ABORT, 'FROZEN: a stored invoice PDF cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `invoice_pdfs_no_delete` BEFORE DELETE ON `invoice_pdfs`
BEGIN SELECT RAISE(ABORT, 'FROZEN: a stored invoice PDF cannot be deleted'); END;--> statement-breakpoint
-- Payments are an append-only ledger: a refund is a new negative row. Only client_id may go
-- to NULL (the client was deleted).
CREATE TRIGGER `payments_no_update` BEFORE UPDATE OF invoice_id, amount_cents, method, paid_at, reference, stripe_payment_intent_id, stripe_charge_id, stripe_refund_id, created_at ON `payments`
BEGIN SELECT RAISE(ABORT, 'LEDGER: payments are append-only'); END;--> statement-breakpoint
CREATE TRIGGER `payments_no_delete` BEFORE DELETE ON `payments`
BEGIN SELECT RAISE(ABORT, 'LEDGER: payments are append-only'); END;--> statement-breakpoint
-- A sent quote is what the client reads and accepts: its lines are locked (change = duplicate).
CREATE TRIGGER `quote_lines_frozen_insert` BEFORE INSERT ON `quote_lines`
WHEN (SELECT status FROM quotes WHERE id = NEW.quote_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of a sent quote cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `quote_lines_frozen_update` BEFORE UPDATE OF quote_id, position, kind, description, quantity, unit_price_cents, vat_rate_bps, total_ht_cents, session_count ON `quote_lines`
WHEN (SELECT status FROM quotes WHERE id = OLD.quote_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of a sent quote cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `quote_lines_frozen_delete` BEFORE DELETE ON `quote_lines`
WHEN (SELECT status FROM quotes WHERE id = OLD.quote_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'FROZEN: the lines of a sent quote cannot change'); END;
