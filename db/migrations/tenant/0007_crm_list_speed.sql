CREATE INDEX `leads_status_source_idx` ON `leads` (`status`,`source`,`blacklisted`,`score`,`deal_value_cents`);--> statement-breakpoint
CREATE INDEX `leads_source_score_idx` ON `leads` (`source`,`blacklisted`,`score`,`status`,`deal_value_cents`);
