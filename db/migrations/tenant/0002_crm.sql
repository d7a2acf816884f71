CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action` text NOT NULL,
	`actor_user_id` text,
	`details` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_created_idx` ON `audit_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `import_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`action` text NOT NULL,
	`before` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_changes_import_idx` ON `import_changes` (`import_id`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`source` blob,
	`byte_size` integer DEFAULT 0 NOT NULL,
	`encoding` text,
	`delimiter` text,
	`mapping` text,
	`options` text,
	`total_rows` integer,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`rejected_csv` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`undone_at` integer
);
--> statement-breakpoint
CREATE TABLE `lead_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_status_changes_lead_idx` ON `lead_status_changes` (`lead_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `lead_tags` (
	`lead_id` integer NOT NULL,
	`tag` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_tags_pk` ON `lead_tags` (`lead_id`,`tag`);--> statement-breakpoint
CREATE INDEX `lead_tags_tag_idx` ON `lead_tags` (`tag`,`lead_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_name_unique` ON `segments` (`name`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppressions_kind_hash_idx` ON `suppressions` (`kind`,`hash`);--> statement-breakpoint
ALTER TABLE `activities` ADD `priority` text DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE `activities` ADD `state` text DEFAULT 'planned' NOT NULL;--> statement-breakpoint
ALTER TABLE `activities` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `activities` ADD `duration_minutes` integer;--> statement-breakpoint
ALTER TABLE `activities` ADD `done_at` integer;--> statement-breakpoint
CREATE INDEX `activities_due_idx` ON `activities` (`state`,`due_at`);--> statement-breakpoint
ALTER TABLE `leads` ADD `city` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `score_override` integer;--> statement-breakpoint
CREATE INDEX `leads_score_idx` ON `leads` (`score`);--> statement-breakpoint
CREATE INDEX `leads_last_contact_idx` ON `leads` (`last_contact_at`);--> statement-breakpoint
CREATE INDEX `leads_name_idx` ON `leads` (`last_name`,`first_name`);--> statement-breakpoint
CREATE INDEX `leads_email_idx` ON `leads` (`email`);--> statement-breakpoint
CREATE INDEX `leads_phone_idx` ON `leads` (`phone`);--> statement-breakpoint
CREATE INDEX `leads_source_idx` ON `leads` (`source`);--> statement-breakpoint
-- Written by hand (drizzle-kit has no virtual tables or triggers): search and mirrors kept in
-- step with every write path (CRM, ingestion, import, seed) by SQLite itself.
-- Substring search over name, email, phone, Instagram and company: trigram FTS5 (3+ characters).
CREATE VIRTUAL TABLE `leads_fts` USING fts5(
	`first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`,
	content='leads', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
--> statement-breakpoint
INSERT INTO `leads_fts` (`rowid`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`)
	SELECT `id`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company` FROM `leads`;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `leads_fts` (`rowid`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`)
	VALUES (new.`id`, new.`first_name`, new.`last_name`, new.`username`, new.`instagram_id`, new.`email`, new.`phone`, new.`company`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_delete` AFTER DELETE ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, `rowid`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`)
	VALUES ('delete', old.`id`, old.`first_name`, old.`last_name`, old.`username`, old.`instagram_id`, old.`email`, old.`phone`, old.`company`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_update` AFTER UPDATE OF `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company` ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, `rowid`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`)
	VALUES ('delete', old.`id`, old.`first_name`, old.`last_name`, old.`username`, old.`instagram_id`, old.`email`, old.`phone`, old.`company`);
	INSERT INTO `leads_fts` (`rowid`, `first_name`, `last_name`, `username`, `instagram_id`, `email`, `phone`, `company`)
	VALUES (new.`id`, new.`first_name`, new.`last_name`, new.`username`, new.`instagram_id`, new.`email`, new.`phone`, new.`company`);
END;
--> statement-breakpoint
-- lead_tags mirrors the leads.tags JSON array.
INSERT OR IGNORE INTO `lead_tags` (`lead_id`, `tag`) SELECT `leads`.`id`, `j`.`value` FROM `leads`, json_each(`leads`.`tags`) AS `j`;
--> statement-breakpoint
CREATE TRIGGER `lead_tags_insert` AFTER INSERT ON `leads` BEGIN
	INSERT OR IGNORE INTO `lead_tags` (`lead_id`, `tag`) SELECT new.`id`, `value` FROM json_each(new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `lead_tags_update` AFTER UPDATE OF `tags` ON `leads` WHEN old.`tags` IS NOT new.`tags` BEGIN
	DELETE FROM `lead_tags` WHERE `lead_id` = new.`id`;
	INSERT OR IGNORE INTO `lead_tags` (`lead_id`, `tag`) SELECT new.`id`, `value` FROM json_each(new.`tags`);
END;
--> statement-breakpoint
-- The timeline's status changes, whoever made them.
INSERT INTO `lead_status_changes` (`lead_id`, `from_status`, `to_status`, `changed_at`) SELECT `id`, NULL, `status`, `created_at` FROM `leads`;
--> statement-breakpoint
CREATE TRIGGER `lead_status_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `lead_status_changes` (`lead_id`, `from_status`, `to_status`, `changed_at`) VALUES (new.`id`, NULL, new.`status`, new.`updated_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `lead_status_update` AFTER UPDATE OF `status` ON `leads` WHEN old.`status` IS NOT new.`status` BEGIN
	INSERT INTO `lead_status_changes` (`lead_id`, `from_status`, `to_status`, `changed_at`) VALUES (new.`id`, old.`status`, new.`status`, new.`updated_at`);
END;
