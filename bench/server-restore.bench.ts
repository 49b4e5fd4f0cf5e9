// The slow run of test/sync/restore.test.ts: three workstations push 20,000 registrations each
// to `caredock server start` (embedded PGlite); the server's data folder is copied partway (the
// process frozen, as a snapshot would take it); after the pushes the server is restored from the
// copy and each workstation reconciles. Figures: what the copy lacked, what reconciliation found
// and sent again (must be equal, nothing doubled), and its rate against the first push's rate in
// the same run (floor 0.3: finding what is missing may cost, but not by an order of magnitude).
import { formatRestore, runRestoreScenario } from '../test/sync/helpers/restore-scenario.ts';
import { report } from './support.ts';

const PER = Number(process.env['CAREDOCK_BENCH_RESTORE_N'] ?? 20_000);

const r = await runRestoreScenario({ perWorkstation: PER });
const missing = r.total - r.inCopy;
const found = r.perWorkstation.reduce((n, w) => n + w.reEnqueued, 0);
const resent = r.perWorkstation.reduce((n, w) => n + w.reSent, 0);
const exact =
  found === missing &&
  resent === missing &&
  r.finalDistinct === r.total &&
  r.finalRows === r.total &&
  r.stillDiffering === 0;
for (const line of formatRestore(r)) console.log(line);
const pushRate = r.total / (r.pushMs / 1000);
const reconcileRate = missing / (r.reconcileMs / 1000);
const ok = report(
  `server-restore: ${r.perWorkstation.length} workstations × ${PER}; the copy lacked ${missing} of ${r.total}, reconciliation found ${found} and sent ${resent} again in ${(r.reconcileMs / 1000).toFixed(2)} s (${Math.round(reconcileRate)} rec/s, ${(reconcileRate / pushRate).toFixed(2)} of the first push's ${Math.round(pushRate)} rec/s); ${r.finalDistinct} distinct in ${r.finalRows} rows on the server${exact ? '' : ' — MISMATCH'}`,
  exact && reconcileRate >= 0.3 * pushRate,
);
process.exit(ok ? 0 : 1);
