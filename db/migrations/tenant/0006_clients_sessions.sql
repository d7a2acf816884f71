CREATE TABLE `client_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `client_notes_client_idx` ON `client_notes` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'in_progress' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `goals_client_idx` ON `goals` (`client_id`,`status`);--> statement-breakpoint
CREATE TABLE `session_goals` (
	`session_id` integer NOT NULL,
	`goal_id` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `coaching_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_goals_pk` ON `session_goals` (`session_id`,`goal_id`);--> statement-breakpoint
CREATE INDEX `session_goals_goal_idx` ON `session_goals` (`goal_id`);--> statement-breakpoint
CREATE TABLE `session_moments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `coaching_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_moments_session_idx` ON `session_moments` (`session_id`);--> statement-breakpoint
DROP INDEX `sessions_scheduled_idx`;--> statement-breakpoint
DROP INDEX `sessions_client_idx`;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `agreed` text;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `completed_at` integer;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `cancelled_at` integer;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `refunded_at` integer;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `paid_at` integer;--> statement-breakpoint
ALTER TABLE `coaching_sessions` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_scheduled_idx` ON `coaching_sessions` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `sessions_client_idx` ON `coaching_sessions` (`client_id`,`status`,`scheduled_at`);--> statement-breakpoint
ALTER TABLE `clients` ADD `company` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `city` text;--> statement-breakpoint
CREATE INDEX `clients_name_idx` ON `clients` (`last_name`,`first_name`);--> statement-breakpoint
-- Back-fill what the old rows imply (hand-written: drizzle-kit only writes the DDL).
UPDATE `coaching_sessions` SET `updated_at` = `created_at`;--> statement-breakpoint
UPDATE `coaching_sessions` SET `completed_at` = `scheduled_at` + `duration_minutes` * 60000 WHERE `status` IN ('completed', 'refunded');--> statement-breakpoint
UPDATE `coaching_sessions` SET `cancelled_at` = `scheduled_at` WHERE `status` = 'cancelled';--> statement-breakpoint
UPDATE `coaching_sessions` SET `refunded_at` = `scheduled_at` + `duration_minutes` * 60000 WHERE `status` = 'refunded';--> statement-breakpoint
-- Sessions completed before payments were tracked are taken as settled, not flagged unpaid.
UPDATE `coaching_sessions` SET `paid_at` = `completed_at` WHERE `status` = 'completed';--> statement-breakpoint
INSERT INTO `session_moments` (`session_id`, `body`, `created_at`)
  SELECT s.`id`, j.`value`, s.`scheduled_at` FROM `coaching_sessions` s, json_each(s.`marked_moments`) j
  WHERE json_valid(s.`marked_moments`) AND trim(coalesce(j.`value`, '')) <> '' ORDER BY s.`id`, j.`key`;--> statement-breakpoint
INSERT INTO `goals` (`client_id`, `title`, `status`, `progress`, `created_at`, `updated_at`)
  SELECT `id`, trim(`goals`), 'in_progress', 0, `created_at`, `updated_at` FROM `clients` WHERE trim(coalesce(`goals`, '')) <> '';--> statement-breakpoint
ALTER TABLE `clients` DROP COLUMN `goals`;--> statement-breakpoint
ALTER TABLE `coaching_sessions` DROP COLUMN `marked_moments`;
