-- Pairing is kept until what it reads changes. Registrations and corrections are inserted (their
-- largest rowid tells) and never changed or removed, but should that ever happen it is counted;
-- plans are edited, moved and deleted, so every change to them is counted.
CREATE TABLE `change_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `change_counters` (`name`, `n`) VALUES ('pairing', 0);
--> statement-breakpoint
CREATE TRIGGER `visit_plans_counted_insert` AFTER INSERT ON `visit_plans`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `visit_plans_counted_update` AFTER UPDATE ON `visit_plans`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `visit_plans_counted_delete` AFTER DELETE ON `visit_plans`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `registrations_counted_update` AFTER UPDATE ON `registrations`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `registrations_counted_delete` AFTER DELETE ON `registrations`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `corrections_counted_update` AFTER UPDATE ON `corrections`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
--> statement-breakpoint
CREATE TRIGGER `corrections_counted_delete` AFTER DELETE ON `corrections`
BEGIN UPDATE `change_counters` SET `n` = `n` + 1 WHERE `name` = 'pairing'; END;
