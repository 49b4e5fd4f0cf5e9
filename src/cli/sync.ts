// `caredock sync --once`: one push and one pull, one line of output.
import { parseArgs } from 'node:util';
import { SyncFailure } from '../main/sync/failures.ts';
import { oneShotCore } from './one-shot-core.ts';

export const syncHelp = `caredock sync --once [--reconcile] [--data DIR] [--source-address IP] [--timeout SECONDS]
  Sends everything waiting to the municipality's server and fetches what changed, then prints
  "synced: <a> accepted, <d> duplicate, <r> rejected, <p> pulled". Exits non-zero with the
  reason when the server refuses or cannot be reached; what was sent before that is printed
  first ("synced before the failure: …"), since it is on the server and marked sent.
  --reconcile first compares what this PC sent with what the server holds (as the daily
  reconciliation does) and sends again whatever the server lacks, e.g. after a restore.
  --source-address binds this PC's address (for PCs with several) and is kept as the setting.`;

const counts = (r: { accepted: number; duplicate: number; rejected: number; pulled: number }): string =>
  `${r.accepted} accepted, ${r.duplicate} duplicate, ${r.rejected} rejected, ${r.pulled} pulled`;

export async function syncMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      reconcile: { type: 'boolean', default: false },
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
    if (values.reconcile) {
      const r = await core.sync.reconcileNow();
      console.log(
        `reconciled: ${r.daysChecked} days checked, ${r.daysDiffering} differing, ${r.reEnqueued} to send again`,
      );
    }
    const r = await core.sync.runOnce('user');
    console.log(`synced: ${counts(r)}`);
    return 0;
  } catch (err) {
    const done = err instanceof SyncFailure ? err.doneBefore : null;
    if (done && done.accepted + done.duplicate + done.rejected + done.pulled > 0)
      console.log(`synced before the failure: ${counts(done)}`);
    throw err;
  } finally {
    await core.close();
  }
}
