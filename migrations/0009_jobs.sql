CREATE TABLE `job_channels` (
	`channel` text PRIMARY KEY NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`paused_by` text,
	`pause_code` text,
	`pause_params` text,
	`paused_at` integer,
	`failing_since` integer
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`payload` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`coalesce_key` text,
	`state` text DEFAULT 'waiting' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_token` integer DEFAULT 0 NOT NULL,
	`send_started_at` integer,
	`last_error_code` text,
	`last_error_params` text,
	`ref` text,
	`discard_reason` text,
	`discarded_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_idempotency_key` ON `jobs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`channel`,`state`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_coalesce_pending` ON `jobs` (`coalesce_key`) WHERE state in ('waiting', 'retry') and coalesce_key is not null;--> statement-breakpoint
CREATE INDEX `jobs_ref` ON `jobs` (`ref`) WHERE ref is not null;--> statement-breakpoint
CREATE INDEX `jobs_coalesce_running` ON `jobs` (`coalesce_key`) WHERE state = 'running' and coalesce_key is not null;