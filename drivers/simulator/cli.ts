// `caredock sim pen ...`: argv here is what follows "sim pen".
import { parseArgs } from 'node:util';
import { isDriverError } from '../errors.ts';
import type { SimPenOptions } from './options.ts';
import { BAD_RECORD_FAULTS, type BadRecordFault } from './virtual-pen.ts';
import { runSimulator } from './run.ts';
import type { SimulatorOptions } from './run.ts';

export const SIM_PEN_USAGE = `usage: caredock sim pen (--serial PATH | --tcp PORT) [options]
  --pens N                 pens in the dock, slots 1..N (default 1)
  --slots N                slots in the dock (default = pens)
  --empty-slots LIST       comma-separated slots left empty, e.g. 2,4
  --records N              records per pen (default 100)
  --seed N                 data seed (default 1)
  --model NAME             pen model (default CDP-100)
  --battery PCT            battery percentage (default 80; 3 or less: refuses to send, NAK 06)
  --first-seq N            first record sequence (default 1; the last a pen can use is
                           4294967295)
  --clock-offset=SECONDS   pen clock minus real time (default 0; use = for negatives)
  --clock-reset            pen clock was reset (records after the reset are flagged)
  --clock-reset-kept       pen says its clock was reset, but the clock kept the right time
  --shift-after-set N      once its clock is set, the pen leaves the dock, makes N
                           registrations and comes back (to dock again on the new clock)
  --busy N                 the first N requests to each pen are answered busy (NAK 05)
  --bad-record SEQ[:FAULT] record SEQ breaks the spec: FAULT is kind, taskCode, flags or
                           uidLength (default kind); repeat for more records
  --no-dock-info           a single-slot dock that answers dock info with NAK 01
  --baud N                 pace output at N baud, 8N1 (default: unpaced)
  --corrupt-crc-every K    every K-th frame sent has a bad CRC
  --drop-byte-every K      every K-th frame sent loses a byte
  --disconnect-after N     pull the plug after N records have been sent (once)
  --slow-ms MS             wait MS before each answer
  --once                   exit after the first connection ends
  --idle-exit SECONDS      exit after SECONDS without a request (default 1800)`;

export type SimArgs = Omit<SimulatorOptions, 'transport' | 'dock' | 'now'>;

/** Parses "sim pen" arguments; throws an Error with a readable message on bad input. */
export function parseSimPenArgs(argv: string[]): SimArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      serial: { type: 'string' },
      tcp: { type: 'string' },
      pens: { type: 'string' },
      slots: { type: 'string' },
      'empty-slots': { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string' },
      model: { type: 'string' },
      battery: { type: 'string' },
      'first-seq': { type: 'string' },
      'clock-offset': { type: 'string' },
      'clock-reset': { type: 'boolean' },
      'clock-reset-kept': { type: 'boolean' },
      'shift-after-set': { type: 'string' },
      busy: { type: 'string' },
      'bad-record': { type: 'string', multiple: true },
      'no-dock-info': { type: 'boolean' },
      baud: { type: 'string' },
      'corrupt-crc-every': { type: 'string' },
      'drop-byte-every': { type: 'string' },
      'disconnect-after': { type: 'string' },
      'slow-ms': { type: 'string' },
      once: { type: 'boolean' },
      'idle-exit': { type: 'string' },
    },
  });
  const int = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new Error(`--${name} needs a whole number, got "${text}"`);
    return Number(text);
  };
  if ((values.serial === undefined) === (values.tcp === undefined))
    throw new Error('give exactly one of --serial PATH or --tcp PORT');
  const penCount = int('pens', values.pens) ?? 1;
  if (penCount < 1 || penCount > 15) throw new Error('--pens must be 1..15');
  const pen: SimPenOptions = {};
  const records = int('records', values.records);
  if (records !== undefined) pen.records = records;
  const battery = int('battery', values.battery);
  if (battery !== undefined) pen.battery = battery;
  const firstSeq = int('first-seq', values['first-seq']);
  if (firstSeq !== undefined) pen.firstSeq = firstSeq;
  const offset = int('clock-offset', values['clock-offset']);
  if (offset !== undefined) pen.clockOffsetSeconds = offset;
  if (values['clock-reset']) pen.clockReset = true;
  if (values['clock-reset-kept']) pen.clockResetKept = true;
  const shift = int('shift-after-set', values['shift-after-set']);
  if (shift !== undefined) pen.shiftAfterClockSet = shift;
  const busy = int('busy', values.busy);
  if (busy !== undefined) pen.busy = busy;
  const bad = (values['bad-record'] ?? []).map((text) => {
    const [seqText, fault = 'kind'] = text.split(':');
    const seq = int('bad-record', seqText);
    if (seq === undefined || !(BAD_RECORD_FAULTS as readonly string[]).includes(fault))
      throw new Error(`--bad-record needs SEQ or SEQ:FAULT (${BAD_RECORD_FAULTS.join(', ')}), got "${text}"`);
    return { seq, fault: fault as BadRecordFault };
  });
  if (bad.length > 0) pen.badRecords = bad;
  if (values.model !== undefined) pen.model = values.model;

  const empty = new Set(
    (values['empty-slots'] ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => int('empty-slots', s.trim())),
  );
  const args: SimArgs = {
    pens: Array.from({ length: penCount }, (_, i) => (empty.has(i + 1) ? null : { ...pen })),
  };
  const slots = int('slots', values.slots);
  if (slots !== undefined) args.slots = slots;
  const seed = int('seed', values.seed);
  if (seed !== undefined) args.seed = seed;
  const baud = int('baud', values.baud);
  if (baud !== undefined) args.baudRate = baud;
  const faults: NonNullable<SimArgs['faults']> = {};
  const corrupt = int('corrupt-crc-every', values['corrupt-crc-every']);
  if (corrupt !== undefined) faults.corruptCrcEvery = corrupt;
  const drop = int('drop-byte-every', values['drop-byte-every']);
  if (drop !== undefined) faults.dropByteEvery = drop;
  const disconnect = int('disconnect-after', values['disconnect-after']);
  if (disconnect !== undefined) faults.disconnectAfterRecords = disconnect;
  const slow = int('slow-ms', values['slow-ms']);
  if (slow !== undefined) faults.slowAnswerMs = slow;
  if (Object.keys(faults).length > 0) args.faults = faults;
  if (values.serial !== undefined) args.serialPath = values.serial;
  const tcp = int('tcp', values.tcp);
  if (tcp !== undefined) {
    if (tcp < 0 || tcp > 65535) throw new Error('--tcp must be a port number');
    args.tcpPort = tcp;
  }
  if (values['no-dock-info']) {
    if (penCount !== 1 || (args.slots ?? 1) !== 1)
      throw new Error('--no-dock-info is for a single-slot dock');
    args.dockInfo = false;
  }
  if (values.once) args.once = true;
  args.idleTimeoutMs = (int('idle-exit', values['idle-exit']) ?? 1800) * 1000;
  return args;
}

export async function simPenMain(argv: string[]): Promise<number> {
  let args: SimArgs;
  try {
    args = parseSimPenArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${SIM_PEN_USAGE}\n`);
    return 2;
  }
  try {
    const sim = await runSimulator(args);
    const pens = sim.dock.pens.filter(Boolean).length;
    const where =
      sim.tcpPort !== undefined ? `tcp 127.0.0.1:${sim.tcpPort}` : `serial ${args.serialPath ?? ''}`;
    // Listeners before the line that says where it listens: a reader may signal at once.
    const onSignal = (): void => void sim.stop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.stdout.write(`simulator: ${pens} pen(s) in ${sim.dock.slotCount} slot(s) on ${where}\n`);
    await sim.done;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return 0;
  } catch (error) {
    const code = isDriverError(error) ? ` (${error.code})` : '';
    process.stderr.write(
      `simulator failed${code}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
