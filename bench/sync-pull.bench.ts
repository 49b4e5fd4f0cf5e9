// Pull and apply 50,000 order changes (each with two services) from the server over mTLS, the
// workstation in its own process; target ≤ 5 s. Baselines in the same run: the same rows written
// straight into the workstation's tables with batched better-sqlite3 inserts (no network, no
// JSON, no validation) — the ratio says how much of the time is the local write itself; and the
// same pull from the old embedded engine without fsync — what durability costs a pull.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { applyMigrations } from '../src/main/db/migrate.ts';
import { openDatabase } from '../src/main/db/open.ts';
import { report } from './support.ts';
import {
  PROVIDER,
  benchServer,
  benchWorkstation,
  engines,
  runWorker,
  type BenchEngine,
} from './sync-support.ts';

const N = Number(process.env['CAREDOCK_BENCH_PULL_N'] ?? 50_000);
const TARGET_S = 5;
const here = fileURLToPath(import.meta.url);

function baselineSeconds(): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-pull-'));
  const { sqlite, db } = openDatabase(path.join(dir, 'caredock.db'));
  applyMigrations(sqlite, db, path.resolve(import.meta.dirname, '../migrations'), path.join(dir, 'backups'));
  const order = sqlite.prepare(
    `insert into orders (id, recipient_id, valid_from, valid_to, source) values (?, ?, ?, null, 'server')`,
  );
  const service = sqlite.prepare(
    `insert into order_services (order_id, code, name, granted_minutes_per_month) values (?, ?, ?, ?)`,
  );
  const t0 = performance.now();
  for (let i = 0; i < N; i += 5000) {
    sqlite.transaction(() => {
      for (let j = i; j < Math.min(N, i + 5000); j++) {
        order.run(`o-${j}`, `r-${j % 5000}`, '2026-01-01');
        service.run(`o-${j}`, 'PERS', 'Personlig omvårdnad', 1200);
        service.run(`o-${j}`, 'INK', 'Inköp', 120);
      }
    })();
  }
  const s = (performance.now() - t0) / 1000;
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  return s;
}

/** Seconds for the workstation to pull and apply N order changes from a server on `engine`. */
async function pullSeconds(engine: BenchEngine): Promise<number> {
  const bs = await benchServer((dir) => engine.spec(dir));
  try {
    await bs.server.ctx.database.db.execute(sql`
      INSERT INTO sync_entities (provider_id, entity, entity_id, data, deleted, seq, changed_at)
      SELECT ${PROVIDER}, 'order', 'o-' || g, jsonb_build_object(
        'id', 'o-' || g, 'recipientId', 'r-' || (g % 5000), 'validFrom', '2026-01-01', 'validTo', null,
        'services', jsonb_build_array(
          jsonb_build_object('code', 'PERS', 'name', 'Personlig omvårdnad', 'grantedMinutesPerMonth', 1200),
          jsonb_build_object('code', 'INK', 'name', 'Inköp', 'grantedMinutesPerMonth', 120))),
        false, NULL, now()
      FROM generate_series(0, ${N - 1}) AS g`);
    const ws = await benchWorkstation(bs);
    try {
      const w = await runWorker(here, ws.dir);
      if (w.pulled !== N) throw new Error(`pulled ${w.pulled} of ${N}`);
      return w.ms / 1000;
    } finally {
      ws.done();
    }
  } finally {
    await bs.close();
  }
}

// The embedded default as shipped, and the old PGlite without fsync.
const embedded = (await engines())[0];
if (!embedded) throw new Error('no embedded engine');
const { durable, baseline } = embedded;
let ok = true;
const ROUNDS = Number(process.env['CAREDOCK_BENCH_ROUNDS'] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const base = baselineSeconds();
const durableRuns: number[] = [];
const oldRuns: number[] = [];
const ratios: number[] = [];
// Each round pulls from both, back to back, alternating which goes first; a round's ratio
// compares two runs that saw the same load on the shared machine.
for (let round = 0; round < ROUNDS; round++) {
  const first = round % 2 === 0 ? durable : baseline;
  const a = await pullSeconds(first);
  const b = await pullSeconds(first === durable ? baseline : durable);
  const [d, o] = first === durable ? [a, b] : [b, a];
  durableRuns.push(d);
  oldRuns.push(o);
  ratios.push(o / d);
}
const s = median(durableRuns);
const old = median(oldRuns);
const ratio = median(ratios);
ok =
  report(
    `sync-pull (${durable.name}): ${N} order changes pulled and applied in ${s.toFixed(2)} s (target ≤ ${TARGET_S} s), ${(base / s).toFixed(2)} of raw batched inserts of the same rows (${base.toFixed(2)} s)`,
    s <= TARGET_S,
  ) && ok;
ok =
  report(
    `sync-pull-durable (${durable.name}): ${s.toFixed(2)} s durable, ${ratio.toFixed(2)} of ${baseline.name}'s speed (${old.toFixed(2)} s); medians of ${ROUNDS} rounds, the ratio of each round's pair`,
    ratio >= 0.5,
  ) && ok;
process.exit(ok ? 0 : 1);
