import { DriverError, toDriverError } from '../../../drivers/errors.ts';
import type { PenIdentity } from '../../../drivers/protocol/pen-dock-v1/messages.ts';
import type { ClockCheck, SessionNotice } from '../../../drivers/protocol/pen-dock-v1/session-machine.ts';
import type { DockLink } from '../../../drivers/session/dock-link.ts';
import { runPenSession, type SessionProgress } from '../../../drivers/session/run-pen-session.ts';
import type { ErrorBody } from '../../shared/api/envelope.ts';
import type { SlotView } from '../../shared/api/procedures/docking.ts';
import { uuidv7 } from '../ids.ts';
import {
  addCounts,
  noCounts,
  planClock,
  type BatchCounts,
  type ClockPlan,
  type RegistrationIngest,
  type SessionIngest,
} from './ingest.ts';
import type { DockingData } from './data.ts';

export interface ReadPenDeps {
  ingest: RegistrationIngest;
  sessions: DockingData;
  seePen(identity: PenIdentity): void;
  staffNameOf(penSerial: string): string | null;
  /** Session step timeouts and batch size; tests shorten them. */
  batchSize?: number;
}

export interface PenOutcome {
  slot: number;
  penSerial: string | null;
  counts: BatchCounts;
  error: DriverError | null;
  view: SlotView;
}

/**
 * The parameters every driver error reaches the screen with, besides its own detail. Not the
 * pen: an error may come before the pen said who it is (the slot's heading names it when known).
 */
export const DRIVER_ERROR_PARAMS = ['port', 'slot'] as const;

/** The last sequence number a pen can ever use (spec §3). */
const LAST_SEQ = 0xffff_ffff;

/** What the person at the desk sees for a driver error: the catalogue code and its details. */
export function errorBodyOf(error: DriverError, context: { port: string; slot?: number }): ErrorBody {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(error.detail)) if (typeof v !== 'boolean') params[k] = v;
  params.port = context.port;
  params.slot = context.slot ?? 1;
  return { code: error.code, params };
}

/** What the session noticed about the pen, and what was made of its records, in words (spec §5.2). */
function noticesOf(
  identity: PenIdentity,
  clock: ClockCheck,
  counts: BatchCounts,
  session: { notices: readonly SessionNotice[]; clockSetTo: number | undefined } | null,
  highestSeq: number,
): ErrorBody[] {
  const pen = identity.serial;
  const out: ErrorBody[] = [];
  for (const notice of session?.notices ?? []) {
    if (notice === 'device.noNewRecords') out.push({ code: 'device.noNewRecords', params: { pen } });
    if (notice === 'device.batteryLow')
      out.push({ code: 'device.batteryLow', params: { pen, percent: identity.batteryPercent } });
    if (notice === 'device.unfamiliarModel')
      out.push({ code: 'device.unfamiliarModel', params: { pen, model: identity.model } });
  }
  if (clock.reset) {
    if (!clock.drifted) out.push({ code: 'device.clockResetClockRight', params: { pen } });
    else if (counts.corrected > 0)
      out.push({ code: 'device.clockReset', params: { pen, n: counts.corrected } });
    else out.push({ code: 'device.clockResetNothingToCorrect', params: { pen } });
  } else if (clock.drifted && counts.corrected > 0) {
    out.push({
      code: 'device.clockCorrected',
      params: { pen, n: counts.corrected, minutes: Math.round(Math.abs(clock.offsetSeconds) / 60) },
    });
  }
  if (counts.resetUncorrected > 0)
    out.push({ code: 'device.clockResetRecords', params: { pen, n: counts.resetUncorrected } });
  if (counts.backwards > 0) out.push({ code: 'device.timeBackwards', params: { pen, n: counts.backwards } });
  if (session?.clockSetTo !== undefined && (clock.drifted || clock.reset))
    out.push({ code: 'device.clockSet', params: { pen } });
  if (counts.quarantined > 0)
    out.push({ code: 'device.recordsQuarantined', params: { pen, n: counts.quarantined } });
  if (Math.max(highestSeq, identity.lastSeq) >= LAST_SEQ)
    out.push({ code: 'device.sequenceExhausted', params: { pen } });
  return out;
}

function resultOf(counts: BatchCounts): NonNullable<SlotView['result']> {
  return {
    new: counts.inserted,
    duplicates: counts.duplicates,
    flagged: counts.flagged,
    quarantined: counts.quarantined,
  };
}

/**
 * Reads one pen in one slot of an open dock link. Every batch is committed to SQLite before the
 * session may acknowledge it (runPenSession awaits our commit). Never throws: the outcome
 * carries the error, and the dock_sessions row says how it ended.
 */
export async function readPen(
  deps: ReadPenDeps,
  link: DockLink,
  slot: number,
  /** The dock's name for history, and its port for messages ("/dev/ttyUSB0 does not exist"). */
  dock: { label: string; port: string },
  signal: AbortSignal,
  onView: (view: SlotView) => void,
): Promise<PenOutcome> {
  const sessionId = uuidv7();
  const view: SlotView = {
    slot,
    state: 'identifying',
    penSerial: null,
    staffName: null,
    batteryPercent: null,
    done: 0,
    total: 0,
    result: null,
    notices: [],
    error: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  };
  const counts: BatchCounts = noCounts();
  let identity: PenIdentity | null = null;
  let clockCheck: ClockCheck | null = null;
  let sessionIngest: SessionIngest | null = null;
  let clockPlan: ClockPlan | null = null;
  let started = false;
  const publish = () => onView({ ...view, notices: [...view.notices] });

  const begin = (id: PenIdentity, clock: ClockCheck) => {
    identity = id;
    clockCheck = clock;
    deps.seePen(id);
    deps.sessions.start(sessionId, id.serial, dock.label, view.startedAt, {
      offsetMs: -clock.offsetSeconds * 1000,
      reset: clock.reset,
    });
    started = true;
    sessionIngest = deps.ingest.prepareSession(id.serial);
    clockPlan = planClock(clock);
    view.penSerial = id.serial;
    view.batteryPercent = id.batteryPercent;
    view.staffName = deps.staffNameOf(id.serial);
  };

  const onProgress = (p: SessionProgress) => {
    switch (p.step) {
      case 'clock':
        begin(p.identity, p.clock);
        break;
      case 'read':
        view.state = 'reading';
        view.done = p.done;
        view.total = p.total;
        break;
      case 'commit':
        view.state = 'committing';
        break;
      case 'acknowledge':
        view.state = 'acknowledging';
        break;
      case 'setClock':
        view.state = 'settingClock';
        break;
      default:
        return;
    }
    publish();
  };
  publish();

  try {
    const summary = await runPenSession({
      link,
      slot,
      signal,
      ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
      onProgress,
      commit: async (records, rawBytes, context) => {
        if (!sessionIngest || !clockPlan) throw new Error('commit before identify');
        const batch = sessionIngest.commit(
          sessionId,
          records,
          context.rejected,
          rawBytes,
          clockPlan,
          Date.now(),
        );
        addCounts(counts, batch);
      },
    });
    const pen = summary.identity.serial;
    view.notices = noticesOf(
      summary.identity,
      summary.clock,
      counts,
      { notices: summary.notices, clockSetTo: summary.clock.setTo },
      deps.ingest.highestSeq(pen),
    );
    deps.sessions.finish(sessionId, 'done', null, summary.clock.setTo !== undefined);
    view.state = 'done';
    view.done = summary.recordsRead;
    view.result = resultOf(counts);
    view.finishedAt = new Date().toISOString();
    publish();
    return { slot, penSerial: pen, counts, error: null, view };
  } catch (caught) {
    const error = toDriverError(caught, 'device.protocol', 'pen session failed');
    const cancelled = error.code === 'device.aborted';
    const known = identity as PenIdentity | null;
    const clock = clockCheck as ClockCheck | null;
    const serial = known?.serial ?? null;
    if (!started) deps.sessions.start(sessionId, null, dock.label, view.startedAt, null);
    view.error = errorBodyOf(error, { port: dock.port, slot });
    deps.sessions.finish(sessionId, cancelled ? 'cancelled' : 'failed', view.error, false);
    view.state = cancelled ? 'cancelled' : 'error';
    // What was stored before it ended is said as well (corrected times, quarantined records).
    if (known && clock)
      view.notices = noticesOf(known, clock, counts, null, deps.ingest.highestSeq(known.serial));
    view.result = resultOf(counts);
    view.finishedAt = new Date().toISOString();
    publish();
    return { slot, penSerial: serial, counts, error, view };
  }
}
