// Sync and installation: install for a municipality, status, reset, run now,
// reconciliation, quarantine, and the source-address setting.
import { z } from 'zod';
import { procedure } from '../define.ts';
import { isoTime, none } from './common.ts';

export const SYNC_STATES = ['idle', 'syncing', 'paused', 'error', 'notInstalled'] as const;

const errorRef = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const syncStatus = z.object({
  state: z.enum(SYNC_STATES),
  lastSuccessAt: isoTime.nullable(),
  lastAttemptAt: isoTime.nullable(),
  /** When the backoff timer fires next (after a network error, 5xx or 429). */
  nextAttemptAt: isoTime.nullable(),
  /** Items in the outbox not yet accepted by the server (quarantined ones not counted). */
  waiting: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
  /** Why sync is paused or failing, as a catalogue code; null when all is well. */
  error: errorRef.nullable(),
  /** Server clock minus this PC's clock, estimated from /v1/time; never a reason to refuse. */
  serverOffsetMs: z.number().int().nullable(),
  /** true when |serverOffsetMs| is over two minutes: show it, fix the PC's clock. */
  clockSkewed: z.boolean(),
  municipality: z.object({ id: z.string(), name: z.string() }).nullable(),
  provider: z.object({ id: z.string(), name: z.string() }).nullable(),
  workstation: z.object({ id: z.string(), name: z.string() }).nullable(),
  serverUrl: z.string().nullable(),
  certificateNotAfter: isoTime.nullable(),
  /** This PC's address as the server last saw it. */
  seenAddress: z.string().nullable(),
  /** The configured source address (null: the operating system chooses). */
  sourceAddress: z.string().nullable(),
  keyProtection: z.enum(['file', 'os-encrypted']).nullable(),
  lastReconcileAt: isoTime.nullable(),
  /** When sync last renewed the client certificate (null: never since installation). */
  certificateRenewedAt: isoTime.nullable(),
  /** Why the last renewal attempt failed; sync goes on with the current certificate meanwhile. */
  certificateRenewalError: errorRef.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const syncRunResult = z.object({
  accepted: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  pulled: z.number().int().nonnegative(),
});
export type SyncRunResult = z.infer<typeof syncRunResult>;

const address = z.string().trim().min(2).max(64);

export const quarantinedItem = z.object({
  outboxId: z.number().int(),
  kind: z.enum(['registration', 'correction', 'attestation', 'visitPlan', 'deviationReport']),
  itemId: z.string(),
  code: z.string(),
  attempts: z.number().int(),
});

export const syncProcedures = {
  'sync.status': procedure({ access: 'session', readonly: true, input: none, output: syncStatus }),
  'sync.install': procedure({
    access: ['admin'],
    input: z
      .object({
        /** The install profile file's text (JSON) from the municipality. */
        profile: z.string().min(1).max(65_536),
        code: z.string().trim().min(1).max(64),
        workstationName: z.string().trim().min(1).max(100).optional(),
        sourceAddress: address.nullable().optional(),
      })
      .strict(),
    output: syncStatus,
  }),
  'sync.reset': procedure({ access: ['admin'], input: none, output: syncStatus }),
  /** Sync now; also the "Retry" after a pause. */
  'sync.now': procedure({ access: 'session', input: none, output: syncRunResult }),
  'sync.reconcile': procedure({
    access: ['admin', 'office'],
    input: none,
    output: z.object({
      daysChecked: z.number().int(),
      daysDiffering: z.number().int(),
      reEnqueued: z.number().int(),
    }),
  }),
  'sync.setSourceAddress': procedure({
    access: ['admin'],
    input: z.object({ address: address.nullable() }).strict(),
    output: syncStatus,
  }),
  'sync.quarantine.list': procedure({
    access: ['admin', 'office'],
    readonly: true,
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    output: z.object({ items: z.array(quarantinedItem) }),
  }),
  'sync.quarantine.retry': procedure({
    access: ['admin'],
    input: z
      .object({ ids: z.union([z.array(z.number().int().positive()).min(1).max(1000), z.literal('all')]) })
      .strict(),
    output: z.object({ retried: z.number().int() }),
  }),
};
