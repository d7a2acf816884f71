CREATE TABLE `tenant_stats` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`lead_count` integer,
	`size_bytes` integer,
	`last_activity_at` integer,
	`health` text DEFAULT 'ok' NOT NULL,
	`health_reason` text,
	`health_checked_at` integer,
	`stats_refreshed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
