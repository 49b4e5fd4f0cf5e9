// Error codes the central server answers with. The workstation maps each to a message from the
// error catalogue (src/shared) that tells the person at the desk what to do.
import { z } from 'zod';

export const SYNC_ERROR_CODES = [
  // The channel (401): who is calling.
  'sync.certificateMissing',
  'sync.certificateInvalid',
  'sync.certificateExpired',
  'sync.certificateRevoked',
  'sync.certificateUnknown',
  // The channel (403): from where, for whom.
  'sync.addressNotRegistered',
  'sync.wrongMunicipality',
  // The client (426).
  'sync.updateRequired',
  // Enrolment (400/403/429). enrolmentRefused is one answer for an unknown, used or expired code
  // and an address not registered for the code's provider, so a guesser learns nothing; older
  // servers answered enrolmentCodeInvalid or addressNotRegistered instead.
  'sync.enrolmentRefused',
  'sync.enrolmentCodeInvalid',
  'sync.enrolmentCsrInvalid',
  'sync.tooManyAttempts',
  // Certificate renewal (400/429): a request naming another workstation or reusing the old key,
  // and a second new key within the hour after a renewal.
  'sync.renewalCsrInvalid',
  'sync.renewalTooSoon',
  // Requests.
  'sync.invalidRequest',
  'sync.batchTooLarge',
  'sync.cursorExpired',
  'sync.notFound',
  'sync.serverError',
  // Per pushed item (in a 200 answer, never as the status of a whole request).
  'sync.conflict',
  'sync.invalidItem',
  'sync.unknownReference',
] as const;

export const syncErrorCodeSchema = z.enum(SYNC_ERROR_CODES);
export type SyncErrorCode = z.infer<typeof syncErrorCodeSchema>;

/** Every non-2xx answer of the server has this body. `detail` never carries secrets. */
export const syncErrorBodySchema = z.object({
  error: z.object({
    code: syncErrorCodeSchema,
    message: z.string().optional(),
    /** For sync.updateRequired: the lowest client version the server accepts. */
    minClientVersion: z.string().optional(),
    /** For sync.addressNotRegistered and enrolmentRefused: the address the server saw. */
    sourceAddress: z.string().optional(),
    /** For sync.tooManyAttempts and renewalTooSoon: when to try again (also in the Retry-After header). */
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
});
export type SyncErrorBody = z.infer<typeof syncErrorBodySchema>;

/** HTTP status the server uses for each request-level code. */
export const SYNC_ERROR_STATUS = {
  'sync.certificateMissing': 401,
  'sync.certificateInvalid': 401,
  'sync.certificateExpired': 401,
  'sync.certificateRevoked': 401,
  'sync.certificateUnknown': 401,
  'sync.addressNotRegistered': 403,
  'sync.wrongMunicipality': 403,
  'sync.updateRequired': 426,
  'sync.enrolmentRefused': 403,
  'sync.enrolmentCodeInvalid': 403,
  'sync.enrolmentCsrInvalid': 400,
  'sync.tooManyAttempts': 429,
  'sync.renewalCsrInvalid': 400,
  'sync.renewalTooSoon': 429,
  'sync.invalidRequest': 400,
  'sync.batchTooLarge': 413,
  'sync.cursorExpired': 410,
  'sync.notFound': 404,
  'sync.serverError': 500,
  'sync.conflict': 409,
  'sync.invalidItem': 400,
  'sync.unknownReference': 409,
} as const satisfies Record<SyncErrorCode, number>;

/**
 * Codes after which the uploader must pause and show the message instead of retrying with
 * backoff: nothing changes until a person acts (new certificate, registered address, update).
 */
export const SYNC_PAUSE_CODES: readonly SyncErrorCode[] = [
  'sync.certificateMissing',
  'sync.certificateInvalid',
  'sync.certificateExpired',
  'sync.certificateRevoked',
  'sync.certificateUnknown',
  'sync.addressNotRegistered',
  'sync.wrongMunicipality',
  'sync.updateRequired',
];
