CREATE TABLE `sync_installation` (
	`id` integer PRIMARY KEY NOT NULL,
	`municipality_id` text NOT NULL,
	`municipality_name` text NOT NULL,
	`server_url` text NOT NULL,
	`ca_certificate_pem` text NOT NULL,
	`workstation_id` text NOT NULL,
	`workstation_name` text NOT NULL,
	`provider_id` text NOT NULL,
	`provider_name` text NOT NULL,
	`certificate_pem` text NOT NULL,
	`certificate_not_after` text NOT NULL,
	`installed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_resync_seen` (
	`entity` text NOT NULL,
	`id` text NOT NULL,
	PRIMARY KEY(`entity`, `id`)
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `next_attempt_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `day` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sent_at` text;--> statement-breakpoint
CREATE INDEX `outbox_sent_day` ON `outbox` (`state`,`day`);