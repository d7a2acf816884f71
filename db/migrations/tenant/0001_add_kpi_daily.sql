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
	`discussion_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kpi_daily_breakdown` (
	`day` text NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`dimension`, `day`, `key`)
);
--> statement-breakpoint
DROP INDEX `leads_status_idx`;--> statement-breakpoint
CREATE INDEX `leads_status_idx` ON `leads` (`status`,`last_contact_at`);--> statement-breakpoint
CREATE INDEX `sequences_booked_idx` ON `message_sequences` (`call_booked_at`);