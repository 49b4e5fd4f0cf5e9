import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createCore } from '../main/core.ts';
import { startHeadlessHost } from '../main/host/http-host.ts';
import { defaultDataDir } from '../main/paths.ts';
import { backupProgressPrinter } from './output.ts';
import { renewalClockOffsetFromEnv } from './one-shot-core.ts';
import { readVersion } from './version.ts';
import { demoOnRequest, startDemo } from './demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultRendererDir = path.resolve(here, '../../dist/renderer');

export const serveHelp = `caredock serve [--data DIR] [--port N] [--idle-lock SECONDS] [--verbose] [--demo] [--encrypt]
  Starts the workstation without Electron and serves its UI on http://127.0.0.1:PORT.
  Prints one line "CareDock ready at http://127.0.0.1:PORT/?token=…" when it takes requests;
  open that link in a browser on this PC. A link opens one browser session, once, within 10
  minutes; press Enter for a new one ("CareDock link: …"). Stop with Ctrl+C.
  --demo also starts an embedded central server on 127.0.0.1 (data in DIR/demo-server) with a
  demo municipality, enrols this workstation to it and attaches a simulated dock.
  --encrypt (or CAREDOCK_ENCRYPT=1) keeps the database encrypted, a plain one encrypted in place
  after a backup; the key is a 0600 file in DIR/keys. An encrypted folder is always opened so.`;

export async function serveMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      'idle-lock': { type: 'string' },
      renderer: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false }, // an embedded central server and a simulated dock
      encrypt: { type: 'boolean', default: process.env['CAREDOCK_ENCRYPT'] === '1' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, not ${values.port}`);
  const idle = values['idle-lock'] === undefined ? undefined : Number(values['idle-lock']);
  if (idle !== undefined && (!Number.isInteger(idle) || idle < 1))
    throw new Error('--idle-lock takes whole seconds ≥ 1');
  const rendererDir = values.renderer ? path.resolve(values.renderer) : defaultRendererDir;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(
      `the UI is not built in ${rendererDir}: run "npm run build:renderer" (npm run serve does it for you)`,
    );
  }

  const dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
  const noticeClockOffsetMs =
    process.env.NODE_ENV === 'test' ? Number(process.env.CAREDOCK_NOTICE_CLOCK_OFFSET_MS ?? 0) || 0 : 0;
  // Tests only, like the notice clock: renewal judges the certificate's age this far ahead, so a
  // browser test can make a fresh certificate due for renewal without waiting two years.
  const renewalClockOffsetMs = renewalClockOffsetFromEnv(process.env);
  const coreOptions = {
    version: readVersion(),
    renewalClockOffsetMs,
    idleLockSecondsOverride: idle,
    logToStdout: values.verbose,
    noticeClockOffsetMs,
    onBackupProgress: backupProgressPrinter(),
    encryptDatabase: values.encrypt,
  };
  // --demo starts an embedded central server and enrols this workstation to it.
  const demo = values.demo ? await startDemo({ dataDir, core: coreOptions }) : null;
  // Without --demo the first-run screen still offers "Try the demo", started on request.
  const onRequest = demo ? null : demoOnRequest(dataDir);
  let started: Awaited<ReturnType<typeof createCore>> | null = null;
  const core = demo
    ? demo.core
    : await createCore({
        dataDir,
        shell: 'headless',
        ...coreOptions,
        startDemo: () => (started ? onRequest!.start(started) : Promise.reject(new Error('not started'))),
      });
  started = core;
  const host = await startHeadlessHost({ core, rendererDir, port });
  // Listen for the stop signals before saying ready: whoever reads the line may signal at once,
  // and a signal that arrives before a listener exists kills the process without cleanup.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log(`CareDock ready at ${host.url}`);
  // Each link works once: Enter at this terminal prints another, for one more browser.
  const terminal = createInterface({ input: process.stdin });
  terminal.on('line', () => console.log(`CareDock link: ${host.newLink()}`));
  await stopped;
  terminal.close();
  process.stdin.destroy();
  await host.close();
  await (demo ? demo.close() : core.close());
  await onRequest?.close();
  return 0;
}
