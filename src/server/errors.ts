// Errors the server turns into answers: SyncError for workstations (codes from the shared
// contract), AdminError for the admin API and CLI.
import type { SyncErrorCode } from '../shared/sync/errors.ts';
import { SYNC_ERROR_STATUS } from '../shared/sync/errors.ts';

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly status: number;
  readonly extra: { minClientVersion?: string; sourceAddress?: string; retryAfterSeconds?: number };
  /** Set once the refusal has been logged with its context, so it is logged once. */
  logged = false;
  constructor(code: SyncErrorCode, message: string, extra: SyncError['extra'] = {}) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.status = SYNC_ERROR_STATUS[code];
    this.extra = extra;
  }
}

export const ADMIN_ERROR_CODES = [
  'admin.notFound',
  'admin.exists',
  'admin.invalid',
  'admin.unauthorized',
  'admin.failed',
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];
const ADMIN_STATUS: Record<AdminErrorCode, number> = {
  'admin.notFound': 404,
  'admin.exists': 409,
  'admin.invalid': 400,
  'admin.unauthorized': 401,
  'admin.failed': 500,
};

export class AdminError extends Error {
  readonly code: AdminErrorCode;
  readonly status: number;
  constructor(code: AdminErrorCode, message: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
    this.status = ADMIN_STATUS[code];
  }
}
