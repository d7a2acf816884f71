CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer,
	`type` text NOT NULL,
	`details` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activities_lead_idx` ON `activities` (`lead_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`phone` text,
	`goals` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_lead_id_unique` ON `clients` (`lead_id`);--> statement-breakpoint
CREATE TABLE `coaching_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`scheduled_at` integer NOT NULL,
	`duration_minutes` integer DEFAULT 60 NOT NULL,
	`price_cents` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`theme` text,
	`summary` text,
	`marked_moments` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_scheduled_idx` ON `coaching_sessions` (`scheduled_at`);--> statement-breakpoint
CREATE INDEX `sessions_client_idx` ON `coaching_sessions` (`client_id`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`description` text NOT NULL,
	`quantity` real DEFAULT 1 NOT NULL,
	`unit_price_cents` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`number` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`issued_at` integer,
	`due_at` integer,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`stripe_invoice_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_stripe_invoice_id_unique` ON `invoices` (`stripe_invoice_id`);--> statement-breakpoint
CREATE TABLE `kpi_daily` (
	`day` text PRIMARY KEY NOT NULL,
	`leads_created` integer DEFAULT 0 NOT NULL,
	`leads_new` integer DEFAULT 0 NOT NULL,
	`leads_engaged` integer DEFAULT 0 NOT NULL,
	`leads_qualified` integer DEFAULT 0 NOT NULL,
	`calls_proposed` integer DEFAULT 0 NOT NULL,
	`calls_booked` integer DEFAULT 0 NOT NULL,
	`leads_won` integer DEFAULT 0 NOT NULL,
	`leads_lost` integer DEFAULT 0 NOT NULL,
	`leads_follow_up` integer DEFAULT 0 NOT NULL,
	`messages_out` integer DEFAULT 0 NOT NULL,
	`messages_in` integer DEFAULT 0 NOT NULL,
	`msg1_sent` integer DEFAULT 0 NOT NULL,
	`msg1_replied` integer DEFAULT 0 NOT NULL,
	`msg2_sent` integer DEFAULT 0 NOT NULL,
	`msg2_replied` integer DEFAULT 0 NOT NULL,
	`msg3_sent` integer DEFAULT 0 NOT NULL,
	`msg3_replied` integer DEFAULT 0 NOT NULL,
	`msg4_sent` integer DEFAULT 0 NOT NULL,
	`msg4_replied` integer DEFAULT 0 NOT NULL,
	`gender_male` integer DEFAULT 0 NOT NULL,
	`gender_female` integer DEFAULT 0 NOT NULL,
	`gender_other` integer DEFAULT 0 NOT NULL,
	`age_sum` integer DEFAULT 0 NOT NULL,
	`age_count` integer DEFAULT 0 NOT NULL,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`time_to_action_sum` integer DEFAULT 0 NOT NULL,
	`time_to_action_count` integer DEFAULT 0 NOT NULL,
	`discussion_minutes_sum` integer DEFAULT 0 NOT NULL,
	`discussion_count` integer DEFAULT 0 NOT NULL,
	`sources` text DEFAULT '{}' NOT NULL,
	`job_titles` text DEFAULT '{}' NOT NULL,
	`lost_reasons` text DEFAULT '{}' NOT NULL,
	`booking_slots` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instagram_id` text,
	`username` text,
	`contact_id` text,
	`first_name` text,
	`last_name` text,
	`email` text,
	`phone` text,
	`company` text,
	`job_title` text,
	`age` integer,
	`gender` text,
	`source` text,
	`status` text DEFAULT 'new' NOT NULL,
	`lost_reason` text,
	`score` integer DEFAULT 0 NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`consent` integer DEFAULT false NOT NULL,
	`blacklisted` integer DEFAULT false NOT NULL,
	`deal_value_cents` integer,
	`messages_sent` integer DEFAULT 0 NOT NULL,
	`messages_received` integer DEFAULT 0 NOT NULL,
	`time_to_action_minutes` integer,
	`last_contact_at` integer,
	`created_at` integer NOT NULL,
	`created_day` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_instagram_id_unique` ON `leads` (`instagram_id`);--> statement-breakpoint
CREATE INDEX `leads_status_idx` ON `leads` (`status`,`last_contact_at`);--> statement-breakpoint
CREATE INDEX `leads_created_idx` ON `leads` (`created_at`);--> statement-breakpoint
CREATE INDEX `leads_created_day_idx` ON `leads` (`created_day`);--> statement-breakpoint
CREATE TABLE `message_sequences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`msg1_sent_at` integer,
	`msg1_replied` integer DEFAULT false NOT NULL,
	`msg1_replied_at` integer,
	`msg2_sent_at` integer,
	`msg2_replied` integer DEFAULT false NOT NULL,
	`msg2_replied_at` integer,
	`msg3_sent_at` integer,
	`msg3_replied` integer DEFAULT false NOT NULL,
	`msg3_replied_at` integer,
	`msg4_sent_at` integer,
	`msg4_replied` integer DEFAULT false NOT NULL,
	`msg4_replied_at` integer,
	`call_proposed_at` integer,
	`call_booked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_sequences_lead_id_unique` ON `message_sequences` (`lead_id`);--> statement-breakpoint
CREATE INDEX `sequences_booked_idx` ON `message_sequences` (`call_booked_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text,
	`lead_id` integer NOT NULL,
	`direction` text NOT NULL,
	`message_number` integer,
	`sender_message_number` integer,
	`text` text DEFAULT '' NOT NULL,
	`is_replied` integer DEFAULT false NOT NULL,
	`replied_at` integer,
	`sent_at` integer NOT NULL,
	`sent_day` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_external_id_unique` ON `messages` (`external_id`);--> statement-breakpoint
CREATE INDEX `messages_lead_idx` ON `messages` (`lead_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `messages_day_idx` ON `messages` (`sent_day`,`direction`,`message_number`,`is_replied`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer,
	`client_id` integer,
	`amount_cents` integer NOT NULL,
	`method` text DEFAULT 'card' NOT NULL,
	`paid_at` integer NOT NULL,
	`stripe_payment_intent_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_stripe_pi_idx` ON `payments` (`stripe_payment_intent_id`);--> statement-breakpoint
CREATE INDEX `payments_paid_idx` ON `payments` (`paid_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
