// The job kinds of the provider's own channels. Payloads hold what the message needs and nothing
// more (never a personnummer, door code or key information: the rules that fill them see to it).
import { z } from 'zod';
import { defineJobKind } from '../../shared/jobs/index.ts';

export const emailJob = defineJobKind({
  kind: 'email.send',
  channel: 'email',
  payload: z.object({
    to: z.array(z.string().min(3).max(254)).min(1).max(50),
    subject: z.string().min(1).max(200),
    text: z.string().min(1).max(20_000),
  }),
  maxAttempts: 8,
  backoff: { baseMs: 30_000, capMs: 60 * 60_000 },
  leaseMs: 120_000,
  // A mail server that took the message and dropped the line before answering gets it again.
  delivery: 'at-least-once',
});

export const smsJob = defineJobKind({
  kind: 'sms.send',
  channel: 'sms',
  payload: z.object({
    to: z.string().min(3).max(40),
    text: z.string().min(1).max(1000),
    /** Past this instant the message is pointless or would arrive at night: it is not sent. */
    notAfter: z.number().int().optional(),
  }),
  maxAttempts: 6,
  backoff: { baseMs: 30_000, capMs: 30 * 60_000 },
  leaseMs: 60_000,
  // A citizen never gets the same SMS twice because of a crash: resolved from the log or parked.
  delivery: 'at-most-once',
});

export const integrationJobKinds = [emailJob, smsJob] as const;
