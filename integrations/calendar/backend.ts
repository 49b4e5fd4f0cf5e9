// What CareDock asks of a performer's calendar, whichever server keeps it: on-premises Exchange
// through EWS (`integrations/ews/`) or Exchange Online through Microsoft Graph
// (`integrations/graph/`). The workstation's calendar area (`src/main/calendar/`) decides what
// each calendar should hold; a backend only carries it out.
//
// Ours is the master copy: every item we write carries our plan id in an extended property of
// our own property set (`CAREDOCK_PROPERTY_SET`, `PLAN_ID_PROPERTY`), so an item can always be
// found again, never doubled, and one we no longer want can be told from the performer's own.
import type { ErrorCode, ErrorParams } from '../../src/shared/errors/index.ts';

/** Our MAPI named-property set (a GUID of our own) and the property in it that holds the plan id. */
export const CAREDOCK_PROPERTY_SET = 'c4d0c3a1-5e8b-4f7a-9c2d-7a1e0b6f3d21';
export const PLAN_ID_PROPERTY = 'CareDockPlanId';

/** One calendar item as we want it. Times are instants (ms since 1970, UTC). */
export interface CalendarEvent {
  /** Our id of the item: the plan id, plus the performer when a visit is double-staffed. */
  key: string;
  /** The performer's mailbox: SMTP address (EWS) or user principal name (Graph). */
  mailbox: string;
  subject: string;
  /** Plain text; never a personnummer, door code or key information (the calendar area sees to it). */
  body: string;
  start: number;
  end: number;
  /** IANA zone the item is shown in (`Europe/Stockholm`, `Europe/Helsinki`). */
  timeZone: string;
  location?: string;
}

/** Where an item lives on the server, as far as we know it. `changeKey` is EWS's version. */
export interface ItemRef {
  id: string;
  changeKey?: string;
}

/** An item of ours found on the server (reconciliation and the look-up before a retried create). */
export interface FoundItem {
  key: string;
  ref: ItemRef;
  subject: string;
  body: string;
  start: number;
  end: number;
}

/** A failure, in the queue's words: `retry` (transient), `permanent`, or `pause` (misconfigured). */
export type CalendarFailure =
  | { status: 'retry'; code: ErrorCode; params?: ErrorParams; retryAfterMs?: number }
  | { status: 'permanent'; code: ErrorCode; params?: ErrorParams }
  | { status: 'pause'; code: ErrorCode; params?: ErrorParams };

export type CalendarResult<T> = ({ ok: true } & T) | ({ ok: false } & CalendarFailure);

export interface CalendarBackend {
  /**
   * Make `event` exist in its mailbox. With `known`, update that item (a stale change key is
   * re-read and the update retried; an item gone from the server is created again). Without it,
   * look our item up by the extended property first — a create that failed after it was sent may
   * have happened — and update what is found, else create.
   */
  upsert(
    event: CalendarEvent,
    known: ItemRef | null,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ ref: ItemRef }>>;
  /** Remove our item `key` from `mailbox` (by `known`, else by the extended property). Gone already is success. */
  remove(
    mailbox: string,
    key: string,
    known: ItemRef | null,
    signal?: AbortSignal,
  ): Promise<CalendarResult<object>>;
  /** Every item of ours in `mailbox` that overlaps [from, to). */
  list(
    mailbox: string,
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<CalendarResult<{ items: FoundItem[] }>>;
  /** The connection test in Admin: resolve one mailbox and say exactly what failed. */
  check(mailbox: string, signal?: AbortSignal): Promise<CalendarResult<{ displayName: string }>>;
}
