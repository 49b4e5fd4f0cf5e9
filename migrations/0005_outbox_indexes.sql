PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`day` text,
	`sent_at` text
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "kind", "item_id", "state", "attempts", "last_error", "next_attempt_at", "day", "sent_at") SELECT "id", "kind", "item_id", "state", "attempts", "last_error", "next_attempt_at", "day", "sent_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`id`) WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_quarantined` ON `outbox` (`id`) WHERE state = 'quarantined';--> statement-breakpoint
CREATE INDEX `outbox_sent_item` ON `outbox` (`kind`,`item_id`) WHERE state = 'sent';--> statement-breakpoint
CREATE INDEX `outbox_sent_day` ON `outbox` (`day`) WHERE state = 'sent';