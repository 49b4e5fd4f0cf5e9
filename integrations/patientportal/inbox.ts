// The 1177 inbox as the rest of CareDock sees it: a person, a sending unit, a title and a DocBook
// text — no SOAP, no contract version. `createInbox` picks the module for the configured version.
//
// Only 1.0 (RIV-TA patientportal RC6: IsActiveUser + AddMessageToPatientPortalInbox) exists here.
// 1177 has since moved to AddMessage 2.0 ("1177 Inkorg"), whose schemas are not available to this
// project; when they are, 2.0 is another contract module and another `version` value below, and
// callers of PatientInbox do not change.
import { createV1Inbox } from './client.ts';
import { RETRY_DELAYS_MS, ROUND_MAX_MESSAGES, ROUND_PAUSE_MS } from './contract-v1.ts';
import { inboxSettings, type InboxSettings, type PatientInbox } from './inbox-types.ts';

export * from './inbox-types.ts';
/** The HSA id rule is 1177's, not a contract version's. */
export { isValidHsaId } from './contract-v1.ts';

/**
 * The TKB's rules, which hold for the whole service domain whatever the contract version: the
 * server keeps them across processes (src/server/inbox/rounds.ts), so they are read before any
 * municipality's inbox exists.
 */
export const ROUND_RULE_FOR_INBOX = { size: ROUND_MAX_MESSAGES, pauseMs: ROUND_PAUSE_MS } as const;
export const RETRY_DELAYS_MS_FOR_INBOX: readonly number[] = RETRY_DELAYS_MS;

export function createInbox(settings: InboxSettings): PatientInbox {
  const s = inboxSettings.parse(settings);
  switch (s.version) {
    case '1.0':
      return createV1Inbox(s, {
        roundSize: ROUND_MAX_MESSAGES,
        roundPauseMs: ROUND_PAUSE_MS,
        retryDelaysMs: RETRY_DELAYS_MS,
      });
  }
}
