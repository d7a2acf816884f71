DROP INDEX `sessions_scheduled_idx`;--> statement-breakpoint
CREATE INDEX `sessions_scheduled_idx` ON `coaching_sessions` (`status`,`scheduled_at`,`price_cents`);