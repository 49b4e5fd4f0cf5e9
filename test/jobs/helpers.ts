import path from 'node:path';
import { z } from 'zod';
import { applyMigrations } from '../../src/main/db/migrate.ts';
import { openDatabase, type OpenDatabase } from '../../src/main/db/open.ts';
import { JobQueue, type AuditHook } from '../../src/main/jobs/index.ts';
import { defineJobKind, type JobKind } from '../../src/shared/jobs/index.ts';
import { tempDir } from '../helpers/core.ts';

export const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');

export const noteKind = defineJobKind({
  kind: 'test.note',
  channel: 'notes',
  payload: z.object({ text: z.string().min(1) }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 60_000 },
  leaseMs: 10_000,
  delivery: 'at-least-once',
});

export const smsLikeKind = defineJobKind({
  kind: 'test.sms',
  channel: 'texts',
  payload: z.object({ to: z.string(), n: z.number().int() }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 60_000 },
  leaseMs: 10_000,
  delivery: 'at-most-once',
});

export interface TestQueue {
  db: OpenDatabase;
  queue: JobQueue;
  clock: { now: number };
  audits: { actor: string; action: string; subject: string; details: Record<string, string> }[];
  close(): void;
}

/** A migrated database in a temp folder, a queue on it, and a clock the test moves. */
export function openTestQueue(
  kinds: JobKind[] = [noteKind as JobKind, smsLikeKind as JobKind],
  random = () => 0.5,
): TestQueue {
  const dir = tempDir('caredock-jobs-');
  const db = openDatabase(path.join(dir, 'caredock.db'));
  applyMigrations(db.sqlite, db.db, migrationsDir, path.join(dir, 'backups'));
  const clock = { now: Date.UTC(2026, 11, 1, 12) };
  const audits: TestQueue['audits'] = [];
  const audit: AuditHook = (actor, action, subject, details) =>
    audits.push({ actor, action, subject, details });
  const queue = new JobQueue({ sqlite: db.sqlite, kinds, now: () => clock.now, random, audit });
  return { db, queue, clock, audits, close: () => db.sqlite.close() };
}
