import { authErrors } from './auth.ts';
import { deviceErrors } from './devices.ts';
import { generalErrors } from './general.ts';
import { workflowMessages } from './workflows.ts';
import { syncErrors } from './sync.ts';
import { integrationErrors } from './integrations.ts';
import { noticeErrors } from './notices.ts';
import { calendarErrors } from './calendar.ts';
import { exchangeErrors } from './exchange.ts';
import { patientPortalErrors } from './patientportal.ts';
import { twebErrors } from './tweb.ts';
import { consoleErrors } from './console.ts';
import type { Language, Message } from './types.ts';

/**
 * Every error a person can see. Messages say what to do, never how the code failed.
 * Later areas (docking, sync, integrations) add their own file and spread it in here.
 */
export const catalogue = {
  ...generalErrors,
  ...authErrors,
  ...deviceErrors,
  ...workflowMessages,
  ...syncErrors,
  ...integrationErrors,
  ...noticeErrors,
  ...calendarErrors,
  ...exchangeErrors,
  ...patientPortalErrors,
  ...twebErrors,
  ...consoleErrors,
} as const satisfies Record<string, Message>;

export type ErrorCode = keyof typeof catalogue;
export type ErrorParams = Record<string, string | number>;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(catalogue, code);
}

export function formatMessage(code: string, params: ErrorParams | undefined, lang: Language): string {
  const entry: Message = isErrorCode(code) ? catalogue[code] : catalogue['internal.unexpected'];
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params && name in params ? String(params[name]) : whole,
  );
}

/** An error the person at the desk can act on. Crosses every transport as `{ code, params }`. */
export class CareDockError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(formatMessage(code, params, 'en'));
    this.name = 'CareDockError';
    this.code = code;
    this.params = params;
  }
}
