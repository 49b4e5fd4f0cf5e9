// Admin → Integrations: the job queue's channels (sync, email, SMS …) and their jobs, and what an
// administrator may do with them. The header's failing-channel warning reads `jobs.health`.
import { z } from 'zod';
import { channelState, jobStates, jobSummary } from '../../jobs/contract.ts';
import { procedure } from '../define.ts';
import { isoTime, none } from './common.ts';

/** A channel failing for longer than this is shown in the header to everyone logged in. */
export const CHANNEL_FAILING_ALERT_MS = 30 * 60_000;

const jobId = z.string().regex(/^[1-9][0-9]{0,15}$/);
const channelName = z.string().regex(/^[a-z][a-z0-9._-]{0,39}$/);

export const jobsHealth = z.object({
  /** Channels whose attempts have all failed for longer than CHANNEL_FAILING_ALERT_MS. */
  failing: z.array(z.object({ channel: z.string(), since: isoTime })),
});
export type JobsHealth = z.infer<typeof jobsHealth>;

export const jobProcedures = {
  'jobs.channels': procedure({
    access: ['admin'],
    readonly: true,
    input: none,
    output: z.object({ channels: z.array(channelState) }),
  }),
  'jobs.list': procedure({
    access: ['admin'],
    readonly: true,
    input: z
      .object({
        channel: channelName.optional(),
        state: z.enum(jobStates).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ jobs: z.array(jobSummary) }),
  }),
  'jobs.health': procedure({ access: 'session', readonly: true, input: none, output: jobsHealth }),
  /** A dead, parked ("send again") or retrying job runs now with fresh attempts. */
  'jobs.retry': procedure({
    access: ['admin'],
    input: z.object({ id: jobId }).strict(),
    output: jobSummary,
  }),
  /** A parked job a person found in the provider's log: it did go out. */
  'jobs.markSent': procedure({
    access: ['admin'],
    input: z.object({ id: jobId }).strict(),
    output: jobSummary,
  }),
  'jobs.discard': procedure({
    access: ['admin'],
    input: z.object({ id: jobId, reason: z.string().trim().min(3).max(500) }).strict(),
    output: jobSummary,
  }),
  'jobs.pause': procedure({
    access: ['admin'],
    input: z.object({ channel: channelName }).strict(),
    output: z.object({ channels: z.array(channelState) }),
  }),
  'jobs.resume': procedure({
    access: ['admin'],
    input: z.object({ channel: channelName }).strict(),
    output: z.object({ channels: z.array(channelState) }),
  }),
};
