import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createReplayTransport } from '../../drivers/transports/transcript.ts';
import { createCore } from '../main/core.ts';
import { deviceForPath } from '../main/docking/sources.ts';
import { defaultDataDir } from '../main/paths.ts';
import { CareDockError, formatMessage, isErrorCode } from '../shared/errors/index.ts';
import { cliLanguage } from './output.ts';
import { readVersion } from './version.ts';

export const dockHelp = `caredock dock (--serial PATH | --replay FILE) [--data DIR]
  Runs one docking session without the UI and prints, per pen:
  "docked <pen serial>: <n> new, <m> already stored, <k> flagged".
  PATH is a serial port (/dev/ttyUSB0, COM3) or tcp://HOST:PORT; --replay replays a transcript.`;

export async function dockMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      serial: { type: 'string' },
      replay: { type: 'string' },
      data: { type: 'string' },
      baud: { type: 'string', default: '115200' },
    },
    strict: true,
  });
  if ((values.serial === undefined) === (values.replay === undefined))
    throw new Error('give exactly one of --serial PATH or --replay FILE');
  const core = await createCore({
    dataDir: values.data ? path.resolve(values.data) : defaultDataDir(),
    shell: 'cli',
    version: readVersion(),
    watchDevices: false,
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const { transport, label } = values.replay
      ? {
          transport: createReplayTransport(
            readFileSync(values.replay, 'utf8'),
            `replay:${path.basename(values.replay)}`,
          ),
          label: values.replay,
        }
      : {
          transport: deviceForPath(values.serial!, values.serial!, Number(values.baud)).createTransport(),
          label: values.serial!,
        };
    const outcomes = await core.docking
      .dockOnce(transport, label, controller.signal)
      .catch((error: unknown) => {
        throw toCareDockError(error, label);
      });
    if (outcomes.length === 0) throw new CareDockError('device.slotEmpty', { slot: 1 });
    const lang = cliLanguage();
    let failed = 0;
    for (const o of outcomes) {
      if (o.error) {
        failed++;
        const code = o.view.error?.code ?? o.error.code;
        console.error(`caredock: ${formatMessage(code, o.view.error?.params ?? {}, lang)} [${code}]`);
        if (o.counts.inserted > 0 || o.counts.quarantined > 0)
          console.log(
            `docked ${o.penSerial ?? `slot ${o.slot}`} (partly): ${o.counts.inserted} new, ${o.counts.duplicates} already stored, ${o.counts.flagged} flagged${quarantined(o.counts.quarantined)}`,
          );
        for (const notice of o.view.notices)
          console.error(`caredock: ${formatMessage(notice.code, notice.params, lang)}`);
        continue;
      }
      console.log(
        `docked ${o.penSerial}: ${o.counts.inserted} new, ${o.counts.duplicates} already stored, ${o.counts.flagged} flagged${quarantined(o.counts.quarantined)}`,
      );
      for (const notice of o.view.notices)
        console.error(`caredock: ${formatMessage(notice.code, notice.params, lang)}`);
    }
    return failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    await core.close();
  }
}

/** Only said when it happened: records that broke the protocol, set aside for support. */
function quarantined(n: number): string {
  return n > 0 ? `, ${n} set aside` : '';
}

/** Opening the port fails before any session exists; give it the same catalogue treatment. */
function toCareDockError(error: unknown, port: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && isErrorCode(code)) return new CareDockError(code, { port, slot: 1 });
  return error;
}
