// The version-neutral words of the 1177 inbox (see inbox.ts); apart so the contract modules can
// use them without importing the factory that imports them.
import { z } from 'zod';
import type { Outcome } from '../../src/shared/jobs/contract.ts';
import type { ErrorCode, ErrorParams } from '../../src/shared/errors/index.ts';

export const inboxMessage = z.object({
  /** Swedish personnummer or samordningsnummer, in any of the usual written forms. */
  personId: z.string(),
  sender: z.object({
    /** The sending unit's HSA id; 1177 must know it as a reception. */
    hsaId: z.string(),
    name: z.string().trim().min(1),
  }),
  /** The heading the citizen sees in the inbox list; 1177 requires it in practice. */
  title: z.string().trim().min(1),
  /** DocBook restricted to 1177's table (docbook.ts builds and checks it). */
  docbook: z.string().min(1),
});
export type InboxMessage = z.infer<typeof inboxMessage>;

type NotSent = Exclude<Outcome, { status: 'sent' }>;

/** `sent`, optionally with a remark from 1177 worth recording beside the job (INFO). */
export type InboxOutcome =
  { status: 'sent'; ref?: string; notice?: { code: ErrorCode; params: ErrorParams } } | NotSent;

/** An inactive user is `permanent` with `patientportal.notActiveUser`, so the job records why. */
export type ActiveUserOutcome = { status: 'active' } | NotSent;

export interface InboxLimits {
  /** Messages in one round, and the pause before the next round. */
  roundSize: number;
  roundPauseMs: number;
  /** The contract's back-off between tries, each wait after the previous. */
  retryDelaysMs: readonly number[];
}

export interface PatientInbox {
  readonly version: InboxSettings['version'];
  readonly limits: InboxLimits;
  isActiveUser(personId: string, signal?: AbortSignal): Promise<ActiveUserOutcome>;
  /** One delivery attempt, nothing checked first: callers that have not asked use `deliver`. */
  addMessage(msg: InboxMessage, signal?: AbortSignal): Promise<InboxOutcome>;
  /** The contract's order: IsActiveUser, then the message only to an active user. */
  deliver(msg: InboxMessage, signal?: AbortSignal): Promise<InboxOutcome>;
}

const pem = z.string().includes('-----BEGIN');

export const inboxSettings = z.discriminatedUnion('version', [
  z.object({
    version: z.literal('1.0'),
    /** Each service contract has its own address on the national service platform. */
    endpoints: z.object({ isActiveUser: z.url(), addMessage: z.url() }),
    /** The producer's HSA id (1177 Vårdguidens e-tjänster), sent as LogicalAddress. */
    logicalAddress: z.string().trim().min(1),
    /** The system id 1177 issued to the municipality's CareDock; required by 1177. */
    sourceSystem: z.string().trim().min(1),
    /** The municipality's function certificate and the service platform's CA, PEM. */
    tls: z.object({ key: pem, cert: pem, ca: pem }),
    timeoutMs: z.number().int().positive().optional(),
  }),
]);
export type InboxSettings = z.infer<typeof inboxSettings>;
