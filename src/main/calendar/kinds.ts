// The calendar's jobs. One `calendar.sync` per plan waits at a time (coalesce key by plan), and
// it carries only the plan's id: the adapter reads the plan as it is when the job runs, so several
// quick changes become one update, and the latest always wins.
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';

export const calendarSyncJob = defineJobKind({
  kind: 'calendar.sync',
  channel: 'calendar',
  payload: z.object({ planId: z.string().min(1).max(64) }),
  maxAttempts: 12,
  backoff: { baseMs: 15_000, capMs: 60 * 60_000 },
  leaseMs: 120_000,
  // A repeat is harmless: our item is found by its extended property and written again.
  delivery: 'at-least-once',
});

export const calendarReconcileJob = defineJobKind({
  kind: 'calendar.reconcile',
  channel: 'calendar',
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  maxAttempts: 6,
  backoff: { baseMs: 60_000, capMs: 60 * 60_000 },
  leaseMs: 15 * 60_000,
  delivery: 'at-least-once',
});

export const calendarJobKinds = [calendarSyncJob, calendarReconcileJob] as const;

export const calendarCoalesceKey = (planId: string) => `calendar:${planId}`;
