import { DriverError, toDriverError } from '../../../drivers/errors.ts';
import type { PenIdentity } from '../../../drivers/protocol/pen-dock-v1/messages.ts';
import type { ClockCheck } from '../../../drivers/protocol/pen-dock-v1/session-machine.ts';
import type { DockLink } from '../../../drivers/session/dock-link.ts';
import { runPenSession, type SessionProgress } from '../../../drivers/session/run-pen-session.ts';
import type { ErrorBody } from '../../shared/api/envelope.ts';
import type { SlotView } from '../../shared/api/procedures/docking.ts';
import { uuidv7 } from '../ids.ts';
import {
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

/** What the person at the desk sees for a driver error: the catalogue code and its details. */
export function errorBodyOf(
  error: DriverError,
  context: { port: string; pen?: string | null; slot?: number },
): ErrorBody {
  const params: Record<string, string | number> = {
    port: context.port,
    pen: context.pen ?? '?',
    slot: context.slot ?? 1,
  };
  for (const [k, v] of Object.entries(error.detail)) if (typeof v !== 'boolean') params[k] = v;
  params.port = context.port;
  return { code: error.code, params };
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
  const counts: BatchCounts = { inserted: 0, duplicates: 0, flagged: 0 };
  let identity: PenIdentity | null = null;
  let sessionIngest: SessionIngest | null = null;
  let clockPlan: ClockPlan | null = null;
  let started = false;
  const publish = () => onView({ ...view, notices: [...view.notices] });

  const begin = (id: PenIdentity, clock: ClockCheck) => {
    identity = id;
    deps.seePen(id);
    deps.sessions.start(sessionId, id.serial, dock.label, view.startedAt, -clock.offsetSeconds * 1000);
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
      commit: async (records, rawBytes) => {
        if (!sessionIngest || !clockPlan) throw new Error('commit before identify');
        const batch = sessionIngest.commit(sessionId, records, rawBytes, clockPlan, Date.now());
        counts.inserted += batch.inserted;
        counts.duplicates += batch.duplicates;
        counts.flagged += batch.flagged;
      },
    });
    const pen = summary.identity.serial;
    for (const notice of summary.notices) {
      view.notices.push({ code: notice, params: { pen, percent: summary.identity.batteryPercent } });
    }
    deps.sessions.finish(sessionId, 'done', null, summary.clock.setTo !== undefined);
    view.state = 'done';
    view.done = summary.recordsRead;
    view.result = { new: counts.inserted, duplicates: counts.duplicates, flagged: counts.flagged };
    view.finishedAt = new Date().toISOString();
    publish();
    return { slot, penSerial: pen, counts, error: null, view };
  } catch (caught) {
    const error = toDriverError(caught, 'device.protocol', 'pen session failed');
    const cancelled = error.code === 'device.aborted';
    const serial = (identity as PenIdentity | null)?.serial ?? null;
    if (!started) deps.sessions.start(sessionId, null, dock.label, view.startedAt, null);
    deps.sessions.finish(sessionId, cancelled ? 'cancelled' : 'failed', error.code, false);
    view.state = cancelled ? 'cancelled' : 'error';
    view.error = errorBodyOf(error, { port: dock.port, pen: serial, slot });
    view.result = { new: counts.inserted, duplicates: counts.duplicates, flagged: counts.flagged };
    view.finishedAt = new Date().toISOString();
    publish();
    return { slot, penSerial: serial, counts, error, view };
  }
}
