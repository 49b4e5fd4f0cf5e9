// The load generator: simulated workstations across municipalities against several server
// processes on one PostgreSQL behind haproxy (TLS passed through, PROXY protocol). Two parts:
// - capacity: each workstation docks and syncs back to back for a while, on 1 and on N server
//   processes: registrations per second and the ratio N/1, measured in this run;
// - schedule: the product's own schedule (a pass a minute, one after each docking) for the
//   run's length, with one server process killed -9 a third of the way in and started again
//   at half, and PostgreSQL restarted at two thirds; at the end every server set must equal the union of its clients' sets.
// Both end with the same checks: nothing lost, nothing doubled, every pull cursor monotone, no
// row in another municipality. Sizes from the environment (defaults: the issue's 1,000
// workstations, 10 municipalities, 3 processes, 10 minutes):
//   CAREDOCK_LOAD_WORKSTATIONS, CAREDOCK_LOAD_MUNICIPALITIES, CAREDOCK_LOAD_PROCESSES,
//   CAREDOCK_LOAD_SECONDS (schedule), CAREDOCK_LOAD_CAPACITY_SECONDS, CAREDOCK_LOAD_INTERVAL_SECONDS.
import pg from 'pg';
import { findPostgresBin, startPgCluster } from '../test/server/helpers/postgres.ts';
import { HAPROXY, startDeployment, type Deployment } from './load/deployment.ts';
import { SimWorkstation, type Timings } from './load/workstation.ts';
import { report } from './support.ts';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const W = env('CAREDOCK_LOAD_WORKSTATIONS', 1_000);
const M = env('CAREDOCK_LOAD_MUNICIPALITIES', 10);
const P = env('CAREDOCK_LOAD_PROCESSES', 3);
const SCHEDULE_S = env('CAREDOCK_LOAD_SECONDS', 600);
const CAPACITY_S = env('CAREDOCK_LOAD_CAPACITY_SECONDS', 60);
const INTERVAL_S = env('CAREDOCK_LOAD_INTERVAL_SECONDS', 60); // the workstation's default

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function enrolAll(d: Deployment, timings: Timings): Promise<SimWorkstation[]> {
  const sims = d.seats.map(
    (s) => new SimWorkstation({ port: d.port, ca: d.ca }, s.address, s.municipalityId, timings),
  );
  for (let i = 0; i < sims.length; i += 20)
    await Promise.all(sims.slice(i, i + 20).map((w, k) => w.enrol(d.seats[i + k]!.code)));
  return sims;
}

/** Nothing lost, nothing doubled, cursors monotone, every row in its own municipality. */
async function check(d: Deployment, sims: SimWorkstation[]): Promise<string[]> {
  const problems: string[] = [];
  const c = new pg.Client({ connectionString: d.url });
  await c.connect();
  try {
    const all = await c.query<{ n: string; d: string }>(
      `select count(*)::text as n, count(distinct id)::text as d from pushed_items`,
    );
    const made = sims.reduce((n, s) => n + s.made.length, 0);
    if (all.rows[0]?.n !== all.rows[0]?.d)
      problems.push(`doubled rows: ${all.rows[0]?.n} rows, ${all.rows[0]?.d} ids`);
    if (Number(all.rows[0]?.d) !== made)
      problems.push(`server holds ${all.rows[0]?.d} ids, clients made ${made}`);
    const byMunicipality = await c.query<{ municipality_id: string; id: string }>(
      `select municipality_id, id::text as id from pushed_items`,
    );
    const home = new Map<string, string>();
    for (const s of sims) for (const id of s.made) home.set(id, s.municipalityId);
    let foreign = 0;
    for (const r of byMunicipality.rows) if (home.get(r.id) !== r.municipality_id) foreign++;
    if (foreign > 0) problems.push(`${foreign} rows outside their workstation's municipality`);
    const crossed = await c.query<{ n: string }>(
      `select count(*)::text as n from pushed_items p join workstations w on w.id = p.workstation_id
        join providers pr on pr.id = w.provider_id
       where pr.municipality_id <> p.municipality_id or w.provider_id <> p.provider_id`,
    );
    if (crossed.rows[0]?.n !== '0')
      problems.push(`${crossed.rows[0]?.n} rows not their workstation's provider's`);
  } finally {
    await c.end();
  }
  for (const s of sims) {
    const missing = s.made.filter((id) => !s.confirmed.has(id)).length;
    if (missing > 0) problems.push(`${s.address}: ${missing} registrations never confirmed`);
    for (let i = 1; i < s.cursors.length; i++)
      if (BigInt(s.cursors[i]!) < BigInt(s.cursors[i - 1]!)) {
        problems.push(`${s.address}: cursor went back`);
        break;
      }
  }
  return problems;
}

async function capacity(
  url: string,
  processes: number,
): Promise<{ rate: number; line: string; ok: boolean }> {
  const d = await startDeployment({ url, processes, municipalities: M, workstations: W });
  const timings: Timings = { push: [], pull: [], failures: 0 };
  try {
    const sims = await enrolAll(d, timings);
    const cpu0 = d.cpuSeconds();
    const t0 = Date.now();
    const deadline = t0 + CAPACITY_S * 1_000;
    await Promise.all(
      sims.map(async (s) => {
        for (let i = 0; i < 100_000 && Date.now() < deadline; i++) {
          s.dock(Date.now());
          await s.pass().catch(() => timings.failures++);
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1_000;
    const cpu = d.cpuSeconds() - cpu0;
    await Promise.all(sims.map((s) => s.drain()));
    const confirmed = sims.reduce((n, s) => n + s.confirmed.size, 0);
    const problems = await check(d, sims);
    for (const s of sims) s.close();
    const rate = confirmed / seconds;
    return {
      rate,
      ok: problems.length === 0,
      line:
        `capacity, ${processes} process${processes === 1 ? '' : 'es'}: ${Math.round(rate)} registrations/s ` +
        `(${sims.length} workstations, ${M} municipalities, ${seconds.toFixed(0)} s); push p50 ${ms(pct(timings.push, 50))} p99 ${ms(pct(timings.push, 99))}, ` +
        `pull p50 ${ms(pct(timings.pull, 50))} p99 ${ms(pct(timings.pull, 99))}; server CPU ${(cpu / seconds).toFixed(2)} cores; ` +
        `failed passes ${timings.failures}${problems.length ? `; PROBLEMS: ${problems.slice(0, 5).join('; ')}` : '; checks ok'}`,
    };
  } finally {
    await d.close();
  }
}

async function schedule(
  url: string,
  restartPostgres: () => Promise<void>,
): Promise<{ line: string; ok: boolean }> {
  const d = await startDeployment({ url, processes: P, municipalities: M, workstations: W });
  const timings: Timings = { push: [], pull: [], failures: 0 };
  try {
    const sims = await enrolAll(d, timings);
    const cpu0 = d.cpuSeconds();
    const t0 = Date.now();
    const deadline = t0 + SCHEDULE_S * 1_000;
    const fault = (async () => {
      if (P < 2) return 'no kill (one process)';
      await new Promise((r) => setTimeout(r, (SCHEDULE_S * 1_000) / 3));
      d.kill(0);
      await new Promise((r) => setTimeout(r, (SCHEDULE_S * 1_000) / 6));
      await d.restart(0);
      await new Promise((r) => setTimeout(r, (SCHEDULE_S * 1_000) / 6));
      await restartPostgres();
      return 'process 0 killed -9 at 1/3 and started again at 1/2, PostgreSQL restarted (immediate) at 2/3';
    })();
    await Promise.all(sims.map((s) => s.run(deadline, INTERVAL_S * 1_000, 2 * INTERVAL_S * 1_000)));
    const what = await fault;
    const seconds = (Date.now() - t0) / 1_000;
    const cpu = d.cpuSeconds() - cpu0;
    await Promise.all(sims.map((s) => s.drain()));
    const problems = await check(d, sims);
    for (const s of sims) s.close();
    const made = sims.reduce((n, s) => n + s.made.length, 0);
    return {
      ok: problems.length === 0,
      line:
        `schedule, ${P} processes, ${seconds.toFixed(0)} s, a pass every ${INTERVAL_S} s: ${made} registrations from ${sims.length} workstations in ${M} municipalities; ` +
        `${what}; push p50 ${ms(pct(timings.push, 50))} p99 ${ms(pct(timings.push, 99))}, pull p50 ${ms(pct(timings.pull, 50))} p99 ${ms(pct(timings.pull, 99))}; ` +
        `server CPU ${(cpu / seconds).toFixed(2)} cores; failed passes (retried) ${timings.failures}` +
        `${problems.length ? `; PROBLEMS: ${problems.slice(0, 5).join('; ')}` : '; every server set equals its clients’ union, nothing doubled, cursors monotone, no cross-municipality row'}`,
    };
  } finally {
    await d.close();
  }
}

async function main(): Promise<void> {
  const bin = findPostgresBin();
  if (bin === null || HAPROXY === null) {
    console.log('load: skipped — needs Debian’s postgresql and haproxy packages');
    return;
  }
  // fsync off: the throwaway cluster measures the server, not this VM's disk.
  const cluster = await startPgCluster(bin);
  let ok = true;
  try {
    const one = await capacity(await cluster.createDatabase('load_capacity_1'), 1);
    ok = report(one.line, one.ok) && ok;
    const many = await capacity(await cluster.createDatabase(`load_capacity_${P}`), P);
    ok = report(many.line, many.ok) && ok;
    console.log(
      `capacity ratio ${P}/1 processes: ${(many.rate / one.rate).toFixed(2)} (machine: ${(await import('node:os')).cpus().length} cores shared by PostgreSQL, haproxy, the servers and this generator)`,
    );
    const s = await schedule(await cluster.createDatabase('load_schedule'), () => cluster.restart());
    ok = report(s.line, s.ok) && ok;
  } finally {
    await cluster.stop();
  }
  if (!ok) process.exitCode = 1;
}

await main();
