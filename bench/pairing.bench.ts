// Pairing a month of 60,000 registrations (corrections applied, plans matched) against reading
// the same rows from SQLite, in the same run.
import { monthBounds, zonedInstant } from '../src/shared/domain/time.ts';
import { uuidv7 } from '../src/main/ids.ts';
import { pairingSources, pairRange } from '../src/main/registrations/paired.ts';
import { benchCore, report } from './support.ts';

const TZ = 'Europe/Stockholm';
const STAFF = 40;
const RECIPIENTS = 300;
const TARGET = 60_000;

const bench = await benchCore();
const sqlite = bench.core.database.sqlite;
const insert = sqlite.prepare(
  `insert into registrations (id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id, session_id, received_at)
   values (?, ?, ?, ?, ?, ?, ?, null, '[]', ?, ?, null, ?)`,
);
const plan = sqlite.prepare(
  `insert into visit_plans (id, recipient_id, order_id, staff_ids, planned_start, planned_end, tasks, status, edited_at, edited_by)
   values (?, ?, null, ?, ?, ?, '[]', 'planned', ?, 'bench')`,
);
let count = 0;
let seq = 0;
sqlite.transaction(() => {
  // Each staff member: visits of 30 min with 15 min between, 07:00–21:00, every day of March 2026.
  for (let d = 1; d <= 31 && count < TARGET; d++) {
    const date = `2026-03-${String(d).padStart(2, '0')}`;
    for (let s = 0; s < STAFF && count < TARGET; s++) {
      let t = zonedInstant(date, '07:00', TZ);
      for (let v = 0; v < 24 && count < TARGET; v++) {
        const recipient = `r-${(s * 7 + v * 13 + d) % RECIPIENTS}`;
        const staff = `s-${s}`;
        for (const [kind, at] of [
          ['arrive', t],
          ['depart', t + 30 * 60_000],
        ] as const) {
          const iso = new Date(at).toISOString();
          insert.run(uuidv7(), `PEN-${s}`, ++seq, 'AABBCCDD', iso, iso, kind, staff, recipient, iso);
          count++;
        }
        if (v % 2 === 0)
          plan.run(
            crypto.randomUUID(),
            recipient,
            JSON.stringify([staff]),
            new Date(t).toISOString(),
            new Date(t + 30 * 60_000).toISOString(),
            new Date().toISOString(),
          );
        t += 45 * 60_000;
      }
    }
  }
})();

const { start, end } = monthBounds('2026-03', TZ);
const read = sqlite.prepare(
  `select id, pen_serial, sequence, tag_uid, pen_time, corrected_time, kind, task_code, flags, staff_id, recipient_id
   from registrations where corrected_time >= ? and corrected_time < ?`,
);
const best = (fn: () => void) => {
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
};
let visits = 0;
const readMs = best(() => void read.all(new Date(start).toISOString(), new Date(end).toISOString()));
const sources = pairingSources(sqlite);
const pairMs = best(() => {
  visits = pairRange(sources, start, end).result.visits.length;
});
await bench.done();
const ok = report(
  `pairing: ${count} registrations of a month into ${visits} visits in ${pairMs.toFixed(0)} ms (best of 5), ${(pairMs / readMs).toFixed(2)}x reading them from SQLite (${readMs.toFixed(0)} ms)`,
  visits === count / 2,
);
process.exit(ok ? 0 : 1);
