// A workstation's history of many days, written through the product's own paths: staff,
// recipients, tags and orders as sync applies them (each area's ServerRows), pens seen and
// assigned as at a docking, plans as the planner saves them (PlanData.saveLocal with its outbox
// row), each pen's day docked (replay: the whole protocol from a simulated pen over the in-memory
// transport; bulk: the same records through the ingest's own batch commit, SessionIngest.commit,
// many days to a transaction), corrections and manual registrations and month attestations
// through the API, and what sync marks sent once the server took it (OutboxData.markSent).
// Tests use it at a few days; the benchmarks at five years, cached under the OS temp folder.
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { ByteWriter } from '../drivers/protocol/pen-dock-v1/bytes.ts';
import { writeRecord, type PenRecord } from '../drivers/protocol/pen-dock-v1/record.ts';
import { createCore, type Core, type CoreClient } from '../src/main/core.ts';
import { DeviceData } from '../src/main/devices/data.ts';
import { DockingData } from '../src/main/docking/data.ts';
import { RegistrationIngest, ingestStores } from '../src/main/docking/ingest.ts';
import { uuidv7 } from '../src/main/ids.ts';
import { OrderData } from '../src/main/orders/data.ts';
import { PlanData } from '../src/main/plans/data.ts';
import { RecipientData } from '../src/main/recipients/data.ts';
import { StaffData } from '../src/main/staff/data.ts';
import { OutboxData } from '../src/main/sync/data.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../src/shared/api/index.ts';
import { zonedInstant } from '../src/shared/domain/time.ts';

export const TZ = 'Europe/Stockholm';
/** Raised when the generator writes something else for the same shape (the cache key includes it). */
const GENERATOR = 1;

export interface HistoryShape {
  /** First local day. */
  from: string;
  days: number;
  staff: number;
  recipients: number;
  /** Visits per staff member and day: an arrive and a depart each, every third with a task. */
  visits: number;
  /** Corrections through the API per day (a forgotten depart moved), and one manual registration per week. */
  correctionsPerDay: number;
  /** Every n-th visit has a plan. */
  planEvery: number;
  /** Attest each month once its last day is written. */
  attest: boolean;
  mode: 'replay' | 'bulk';
  /** Days per transaction in bulk mode. */
  daysPerCommit?: number;
}

export interface HistoryStats {
  registrations: number;
  plans: number;
  corrections: number;
  attestations: number;
  ms: number;
}

export const ADMIN = { username: 'historik', displayName: 'Historik Admin', password: 'Historik-losenord-1' };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A valid Swedish personnummer for recipient i (Luhn check digit), born in the 1930s–40s. */
export function personnummer(i: number): string {
  const year = 1930 + (i % 20);
  const digits = `${pad(year % 100)}${pad((i % 12) + 1)}${pad((i % 28) + 1)}${pad(Math.floor(i / 28) % 1000, 3)}`;
  let sum = 0;
  for (let k = 0; k < 9; k++) {
    let d = Number(digits[k]) * (k % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  return `${String(year).slice(0, 2)}${digits.slice(0, 6)}-${digits.slice(6)}${check}`;
}

export const recipientId = (i: number) => `r-${i}`;
export const recipientName = (i: number) => `Brukare${i} Historiksson`;
export const staffId = (i: number) => `s-${i}`;
export const penSerial = (i: number) => `HIST-${pad(i, 4)}`;
/** Eight hex digits, upper-case as a pen reports them. */
export const tagOf = (i: number) => (0x5a000000 + i).toString(16).toUpperCase();

async function call<N extends ProcedureName>(
  client: CoreClient,
  name: N,
  input: ProcedureInput<N>,
): Promise<ProcedureOutput<N>> {
  const envelope = await client.call(name, input);
  if (!envelope.ok)
    throw new Error(`${name}: ${envelope.error.code} ${JSON.stringify(envelope.error.params)}`);
  return envelope.result as ProcedureOutput<N>;
}

/** Recipient of staff s's visit v on day d: each staff member has a round of homes that shifts daily. */
const homeOf = (shape: HistoryShape, s: number, v: number, d: number) =>
  (s * shape.visits + v + (d % 3)) % shape.recipients;

/** A pen's records of one day: visits from 07:00, 25 minutes each, 10 minutes between. */
function penDay(shape: HistoryShape, s: number, d: number, firstSeq: number): PenRecord[] {
  const date = addDays(shape.from, d);
  let t = zonedInstant(date, '07:00', TZ) / 1000 + (s % 7) * 60;
  const records: PenRecord[] = [];
  let seq = firstSeq;
  for (let v = 0; v < shape.visits; v++) {
    const tagUid = tagOf(homeOf(shape, s, v, d));
    const base = { tagUid, lowBattery: false, clockReset: false };
    records.push({ ...base, seq: seq++, penTime: t, kind: 'arrive', taskCode: 0 });
    if (v % 3 === 0) records.push({ ...base, seq: seq++, penTime: t + 600, kind: 'task', taskCode: 11 });
    records.push({ ...base, seq: seq++, penTime: t + 25 * 60, kind: 'depart', taskCode: 0 });
    t += 35 * 60;
  }
  return records;
}

function rawBytes(records: readonly PenRecord[]): Uint8Array {
  const w = new ByteWriter();
  for (const r of records) writeRecord(w, r);
  return w.finish();
}

/** Writes the history into a fresh data folder and closes the core. */
export async function generateHistory(
  dataDir: string,
  shape: HistoryShape,
  progress: (day: number) => void = () => undefined,
): Promise<HistoryStats> {
  const t0 = performance.now();
  const core = await createCore({
    dataDir,
    shell: 'cli',
    logLevel: 'silent',
    watchDevices: false,
    syncIntervalSeconds: 0,
    passwordCostLog2: 10,
  });
  try {
    return { ...(await fill(core, shape, progress)), ms: performance.now() - t0 };
  } finally {
    await core.close();
  }
}

async function fill(core: Core, shape: HistoryShape, progress: (day: number) => void) {
  const { sqlite } = core.database;
  const admin = core.connect();
  const session = await call(admin, 'auth.setup', ADMIN);
  await call(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });

  const staffData = new StaffData(sqlite);
  const recipients = new RecipientData(sqlite);
  const devices = new DeviceData(sqlite);
  const orders = new OrderData(sqlite);
  const plans = new PlanData(sqlite);
  const outbox = new OutboxData(sqlite);
  const docking = new DockingData(sqlite);
  const ingest = new RegistrationIngest(ingestStores(sqlite));
  const now = new Date().toISOString();

  // What the municipality's server sends down, applied by each owning area.
  sqlite.transaction(() => {
    for (let i = 0; i < shape.recipients; i++) {
      recipients.upsertFromServer(
        {
          id: recipientId(i),
          displayName: recipientName(i),
          personalIdentityNumber: personnummer(i),
          protectedIdentity: i % 50 === 49,
          address: `Historikgatan ${i + 1}`,
        } as Parameters<RecipientData['upsertFromServer']>[0],
        now,
      );
      devices.upsertFromServer({ id: tagOf(i).toLowerCase(), recipientId: recipientId(i), label: null });
      orders.upsertFromServer(
        {
          id: `o-${i}`,
          recipientId: recipientId(i),
          validFrom: shape.from,
          validTo: null,
          services: [
            { code: 'PO', name: 'Personlig omvårdnad', grantedMinutesPerMonth: 1200 },
            { code: 'SE', name: 'Service', grantedMinutesPerMonth: 240 },
          ],
        },
        now,
      );
    }
    for (let s = 0; s < shape.staff; s++) {
      staffData.upsertFromServer({ id: staffId(s), name: `Personal${s} Historik`, active: true }, now);
      staffData.seePen({ serial: penSerial(s), model: 'CDP-100', firmware: '1.0', batteryPercent: 90 }, now);
      staffData.assign(penSerial(s), staffId(s), `${shape.from}T00:00:00.000Z`, ADMIN.username);
    }
  })();

  const stats = { registrations: 0, plans: 0, corrections: 0, attestations: 0 };
  const seqOf = new Array<number>(shape.staff).fill(1);
  const planDay = (d: number) => {
    const date = addDays(shape.from, d);
    for (let s = 0; s < shape.staff; s++)
      for (let v = 0; v < shape.visits; v += shape.planEvery) {
        const start = zonedInstant(date, '07:00', TZ) + (s % 7) * 60_000 + v * 35 * 60_000;
        const plan = {
          id: crypto.randomUUID(),
          recipientId: recipientId(homeOf(shape, s, v, d)),
          orderId: `o-${homeOf(shape, s, v, d)}`,
          staffIds: JSON.stringify([staffId(s)]),
          plannedStart: new Date(start).toISOString(),
          plannedEnd: new Date(start + 25 * 60_000).toISOString(),
          tasks: JSON.stringify(['PO']),
          services: '[]',
          seriesId: null,
          status: 'planned' as const,
          editedAt: new Date(start - 7 * 86_400_000).toISOString(),
          editedBy: ADMIN.username,
        };
        const editId = uuidv7();
        const item = {
          type: 'visitPlan',
          id: editId,
          planId: plan.id,
          recipientId: plan.recipientId,
          orderId: plan.orderId,
          staffIds: [staffId(s)],
          tasks: ['PO'],
          plannedStart: plan.plannedStart,
          plannedEnd: plan.plannedEnd,
          status: plan.status,
          editedAt: plan.editedAt,
          editedBy: plan.editedBy,
        };
        plans.saveLocal(plan, { id: editId, payload: JSON.stringify(item) });
        outbox.add('visitPlan', editId);
        stats.plans++;
      }
  };
  const endOfDay = (d: number) => zonedInstant(addDays(shape.from, d), '21:00', TZ);
  const bulkDay = (d: number) => {
    for (let s = 0; s < shape.staff; s++) {
      const records = penDay(shape, s, d, seqOf[s]!);
      seqOf[s]! += records.length;
      const sessionId = uuidv7(endOfDay(d));
      const at = new Date(endOfDay(d)).toISOString();
      docking.start(sessionId, penSerial(s), 'history', at, { offsetMs: 0, reset: false });
      const counts = ingest
        .prepareSession(penSerial(s))
        .commit(
          sessionId,
          records,
          [],
          rawBytes(records),
          { offsetMs: 0, correctAll: false, correctResetRecords: false },
          endOfDay(d),
        );
      docking.finish(sessionId, 'done', null, false);
      stats.registrations += counts.inserted;
    }
  };
  const replayDay = async (d: number) => {
    for (let s = 0; s < shape.staff; s++) {
      const records = penDay(shape, s, d, seqOf[s]!);
      seqOf[s]! += records.length;
      const dock = createSimulatedDock({
        pens: [{ serial: penSerial(s), records: records.length, seed: s + 1, firstSeq: records[0]!.seq }],
        seed: s + 1,
      });
      const pen = dock.pen(1)!;
      pen.records = records;
      const pair = createMemoryPair('history');
      void runSimulator({ transport: pair.device, dock, once: true });
      const [outcome] = await core.docking.dockOnce(pair.host, 'history', new AbortController().signal);
      if (!outcome || outcome.error) throw new Error(`docking failed: ${JSON.stringify(outcome?.error)}`);
      stats.registrations += outcome.counts.inserted;
    }
  };
  // What the uploader does once the server has taken a batch.
  const markSent = (d: number) => {
    const at = new Date(endOfDay(d) + 3600_000).toISOString();
    const day = at.slice(0, 10);
    for (
      let rows = outbox.pending(0, '9999', 5000);
      rows.length > 0;
      rows = outbox.pending(rows.at(-1)!.outboxId, '9999', 5000)
    )
      for (const r of rows) outbox.markSent(r.outboxId, day, at);
  };
  const lastIdOf = sqlite.prepare(
    `select id from registrations where pen_serial = ? and kind = 'depart' and corrected_time >= ? order by corrected_time limit 1`,
  );
  const corrections = async (d: number) => {
    const date = addDays(shape.from, d);
    const dayStart = new Date(zonedInstant(date, '00:00', TZ)).toISOString();
    for (let k = 0; k < shape.correctionsPerDay; k++) {
      const s = (d * 7 + k * 13) % shape.staff;
      const id = lastIdOf.pluck().get(penSerial(s), dayStart) as string | undefined;
      if (!id) continue;
      await call(admin, 'corrections.create', {
        correctsId: id,
        reason: 'Glömde avsluta besöket',
        changes: { time: { date, time: '07:40' } },
      });
      stats.corrections++;
    }
    if (d % 7 === 3) {
      await call(admin, 'corrections.create', {
        correctsId: null,
        reason: 'Pennan var urladdad',
        changes: {
          time: { date, time: '18:00' },
          kind: 'arrive',
          staffId: staffId(d % shape.staff),
          recipientId: recipientId(d % shape.recipients),
        },
      });
      stats.corrections++;
    }
  };
  const monthEnds = (d: number) => addDays(shape.from, d + 1).endsWith('-01');

  const perCommit = shape.mode === 'bulk' ? (shape.daysPerCommit ?? 30) : 1;
  for (let d = 0; d < shape.days;) {
    const until = Math.min(shape.days, d + perCommit);
    if (shape.mode === 'bulk')
      sqlite.transaction(() => {
        for (let k = d; k < until; k++) {
          planDay(k);
          bulkDay(k);
        }
      })();
    else
      for (let k = d; k < until; k++) {
        sqlite.transaction(() => planDay(k))();
        await replayDay(k);
      }
    for (let k = d; k < until; k++) {
      await corrections(k);
      // The last month stays open: it is the one the office is still working on.
      if (shape.attest && monthEnds(k) && k < shape.days - 1) {
        // As an office does at month end: the open problems are named and accepted.
        const month = addDays(shape.from, k).slice(0, 7);
        const { problems } = await call(admin, 'attestations.preview', { month });
        await call(admin, 'attestations.create', { month, acceptProblems: problems });
        stats.attestations++;
      }
    }
    sqlite.transaction(() => markSent(until - 1))();
    d = until;
    progress(d);
  }
  admin.close();
  return stats;
}

/** The shape of five years: 100 staff, 12 visits a day each (28 registrations), 1,826 days: 5.1 million. */
export const fiveYears = (days = 1826): HistoryShape => ({
  from: addDays('2021-12-01', 1826 - days),
  days,
  staff: 100,
  recipients: 600,
  visits: 12,
  correctionsPerDay: 4,
  planEvery: 2,
  attest: true,
  mode: 'bulk',
  daysPerCommit: 30,
});

/**
 * A history's database file, generated once per shape under the OS temp folder and reused:
 * five years take a while to write. Returns the path of the cached caredock.db.
 */
export async function cachedHistory(shape: HistoryShape, log: (line: string) => void = () => undefined) {
  const key = createHash('sha256').update(JSON.stringify({ shape, GENERATOR })).digest('hex').slice(0, 12);
  const root = path.join(os.tmpdir(), 'caredock-history', key);
  const file = path.join(root, 'caredock.db');
  if (existsSync(path.join(root, 'complete'))) return file;
  const building = `${root}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(path.dirname(root), { recursive: true });
  const started = performance.now();
  const stats = await generateHistory(building, shape, (d) => {
    if (d % 60 === 0 || d === shape.days)
      log(`history: ${d}/${shape.days} days, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
  writeFileSync(path.join(building, 'complete'), JSON.stringify({ shape, stats }));
  rmSync(root, { recursive: true, force: true });
  renameSync(building, root);
  log(`history: ${stats.registrations} registrations in ${(stats.ms / 1000).toFixed(0)} s at ${root}`);
  return file;
}

/** A fresh data folder holding a copy of a cached history's database. */
export function copyHistory(file: string, prefix = 'caredock-history-copy-'): string {
  const dir = path.join(os.tmpdir(), `${prefix}${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const copy = path.join(dir, 'caredock.db');
  copyFileSync(file, copy);
  // On disk before anything is timed: gigabytes still being written back would slow every fsync.
  const fd = openSync(copy, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return dir;
}
