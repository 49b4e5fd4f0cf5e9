// `caredock sync --once`: one push and one pull, one line of output.
import { parseArgs } from 'node:util';
import { oneShotCore } from './one-shot-core.ts';

export const syncHelp = `caredock sync --once [--data DIR] [--source-address IP] [--timeout SECONDS]
  Sends everything waiting to the municipality's server and fetches what changed, then prints
  "synced: <a> accepted, <d> duplicate, <r> rejected, <p> pulled". Exits non-zero with the
  reason when the server refuses or cannot be reached. --source-address binds this PC's address
  (for PCs with several) and is kept as the setting.`;

export async function syncMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      data: { type: 'string' },
      'source-address': { type: 'string' },
      timeout: { type: 'string' },
    },
    strict: true,
  });
  if (!values.once)
    throw new Error('only "caredock sync --once" exists; the background sync runs in "caredock serve"');
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0))
    throw new Error('--timeout takes seconds > 0');
  const core = await oneShotCore(
    values.data,
    timeout === undefined ? {} : { syncTimeoutMs: Math.round(timeout * 1000) },
  );
  try {
    if (values['source-address'] !== undefined) core.sync.setSourceAddress(values['source-address'] || null);
    const r = await core.sync.runOnce('user');
    console.log(
      `synced: ${r.accepted} accepted, ${r.duplicate} duplicate, ${r.rejected} rejected, ${r.pulled} pulled`,
    );
    return 0;
  } finally {
    await core.close();
  }
}
