CREATE INDEX `leads_status_score_idx` ON `leads` (`status`,`score`,`id`);--> statement-breakpoint
CREATE INDEX `leads_status_totals_idx` ON `leads` (`status`,`blacklisted`,`deal_value_cents`);