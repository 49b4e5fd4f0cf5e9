import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../main/core.ts';
import { startHeadlessHost } from '../main/host/http-host.ts';
import { defaultDataDir } from '../main/paths.ts';
import { readVersion } from './version.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultRendererDir = path.resolve(here, '../../dist/renderer');

export const serveHelp = `caredock serve [--data DIR] [--port N] [--idle-lock SECONDS] [--verbose]
  Starts the workstation without Electron and serves its UI on http://127.0.0.1:PORT.
  Prints one line "CareDock ready at http://127.0.0.1:PORT/?token=…" when it takes requests;
  open that link in a browser on this PC. Stop with Ctrl+C.`;

export async function serveMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      'idle-lock': { type: 'string' },
      renderer: { type: 'string' },
      verbose: { type: 'boolean', default: false },
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

  const core = await createCore({
    dataDir: values.data ? path.resolve(values.data) : defaultDataDir(),
    shell: 'headless',
    version: readVersion(),
    idleLockSecondsOverride: idle,
    logToStdout: values.verbose,
  });
  const host = await startHeadlessHost({ core, rendererDir, port });
  console.log(`CareDock ready at ${host.url}`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await core.close();
  return 0;
}
