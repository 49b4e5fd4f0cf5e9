// Push 100,000 queued registrations over mTLS on loopback, the workstation in its own process,
// against the server's own bulk insert of the same rows (pushItems straight into the database)
// in the same run. Floors: at least 0.5 of the server's bulk insert, peak RSS ≤ 300 MB. The
// issue's target of 20,000 rec/s is printed beside the figure: it is set by the server's engine.
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/server/db/database.ts';
import { benchRegistrations, serverIngestRate } from './server-ingest.ts';
import { report } from './support.ts';
import { benchServer, benchWorkstation, engines, runWorker } from './sync-support.ts';

const N = Number(process.env['CAREDOCK_BENCH_PUSH_N'] ?? 100_000);
const here = fileURLToPath(import.meta.url);

const rows = benchRegistrations(N);
let ok = true;
for (const engine of await engines()) {
  try {
    // Baseline: the server's own bulk insert on a fresh database of the same engine.
    const baseDb = await openDatabase(await engine.spec());
    const baseline = await serverIngestRate(baseDb, rows);
    await baseDb.close();

    const bs = await benchServer(await engine.spec());
    const ws = await benchWorkstation(bs, (sqlite) => {
      // The same rows in the local form, as docking ingest writes them (row + outbox row).
      const ins = sqlite.prepare(
        `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, received_at)
         values (?, ?, ?, ?, ?, ?, ?, null, '[]', ?, ?)`,
      );
      const out = sqlite.prepare(`insert into outbox (kind, item_id) values ('registration', ?)`);
      sqlite.transaction(() => {
        for (const r of rows as Record<string, string & number>[]) {
          const tag = String(r.tagUid);
          ins.run(
            r.id,
            r.penSerial,
            r.sequence,
            tag.toUpperCase(),
            r.penTime,
            r.penTime,
            r.kind,
            r.staffId,
            r.receivedAt,
          );
          out.run(r.id);
        }
      })();
    });
    try {
      const w = await runWorker(here, ws.dir);
      if (w.accepted !== N) throw new Error(`only ${w.accepted} of ${N} accepted`);
      const rate = N / (w.ms / 1000);
      ok =
        report(
          `sync-push (${engine.name}): ${Math.round(rate)} rec/s, ${(rate / baseline).toFixed(2)} of the server's bulk insert (${Math.round(baseline)} rec/s); target 20000 rec/s ${rate >= 20_000 ? 'met' : 'not met'}`,
          rate >= 0.5 * baseline,
        ) && ok;
      ok =
        report(
          `sync-push-rss (${engine.name}): ${Math.round(w.passRssMb)} MB peak RSS of the workstation process during the push (limit 300 MB); ${Math.round(w.startupRssMb)} MB after opening the core`,
          w.passRssMb <= 300,
        ) && ok;
    } finally {
      ws.done();
      await bs.close();
    }
  } finally {
    await engine.stop();
  }
}
process.exit(ok ? 0 : 1);
