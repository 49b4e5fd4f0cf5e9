ALTER TABLE `orders` ADD `version` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `origin_file` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `origin_at` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `contacts` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `door_code` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `key_information` text;