// `caredock serve --demo`: the whole system on one machine with nothing to install. An embedded
// central server (PGlite in DATA/demo-server) on 127.0.0.1 with a demo municipality, provider,
// recipients, tags, staff and orders; the workstation enrolled to it like a real one (profile +
// one-time code + its own key pair); and a simulated dock with two pens. A second start reuses it.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createRandom } from '../../drivers/simulator/random.ts';
import { simulatedTagUids } from '../../drivers/simulator/virtual-pen.ts';
import type { CoreConfigInput } from '../main/config.ts';
import { createCore, type Core } from '../main/core.ts';
import { simulatedDock } from '../main/docking/sources.ts';
import { createEnrolmentCode } from '../server/admin/enrolmentCodes.ts';
import {
  addMunicipality,
  addProvider,
  addProviderAddress,
  listMunicipalities,
} from '../server/admin/organisations.ts';
import { exportInstallProfile } from '../server/admin/profile.ts';
import type { DatabaseSpec } from '../server/db/database.ts';
import { initServer } from '../server/init.ts';
import { createLogger } from '../server/log.ts';
import { dataPaths as serverPaths } from '../server/paths.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { putEntity } from '../server/sync/entities.ts';

export const DEMO_MUNICIPALITY = { id: 'demo', name: 'Demokommun' };
export const DEMO_PROVIDER = { id: 'demo-omsorg', name: 'Demo Omsorg AB' };
const DEMO_PENS = [
  { serial: 'DEMO-PEN-1', records: 24, seed: 4201 },
  { serial: 'DEMO-PEN-2', records: 18, seed: 4202 },
];
/** Who carries each demo pen, so its registrations name a staff member. */
const DEMO_PEN_STAFF: Record<string, string> = { 'DEMO-PEN-1': 'staff-1', 'DEMO-PEN-2': 'staff-2' };

export interface Demo {
  core: Core;
  server: RunningServer;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** The tag UIDs a simulated pen reads (the simulator's own derivation), so they map to homes. */
function simulatorTags(seed: number): string[] {
  return simulatedTagUids(createRandom(seed)).map((uid) => uid.toLowerCase());
}

async function seed(server: RunningServer): Promise<void> {
  const { ctx } = server;
  if ((await listMunicipalities(ctx)).some((m) => m.id === DEMO_MUNICIPALITY.id)) return;
  await addMunicipality(ctx, DEMO_MUNICIPALITY);
  await addProvider(ctx, { ...DEMO_PROVIDER, municipalityId: DEMO_MUNICIPALITY.id });
  await addProviderAddress(ctx, { providerId: DEMO_PROVIDER.id, address: '127.0.0.1' });
  const db = ctx.database.db;
  const p = DEMO_PROVIDER.id;
  // Made-up people with made-up personal identity numbers (valid dates and check digits).
  const people = [
    ['r-1', 'Astrid Lindqvist', '19391211-2384', 'Storgatan 1, Kungsängen'],
    ['r-2', 'Bertil Holm', '19420315-8631', 'Ekvägen 7, Bro'],
    ['r-3', 'Gunnel Sjöberg', '19350927-4407', 'Skolgatan 3, Kungsängen'],
    ['r-4', 'Henrik Väisänen', '19480702-7935', 'Bygatan 12, Bro'],
    ['r-5', 'Ingrid Ström', '19401124-3120', 'Kyrkvägen 5, Brunna'],
    ['r-6', 'Skyddad person', null, null],
  ] as const;
  for (const [id, name, pnr, address] of people)
    await putEntity(db, p, 'recipient', {
      id,
      displayName: name,
      personalIdentityNumber: pnr,
      protectedIdentity: id === 'r-6',
      address,
    });
  const services = [
    { code: 'PERS', name: 'Personlig omvårdnad', grantedMinutesPerMonth: 1200 },
    { code: 'SERV', name: 'Städning och tvätt', grantedMinutesPerMonth: 240 },
    { code: 'INK', name: 'Inköp', grantedMinutesPerMonth: 120 },
  ];
  for (const [i, [id]] of people.entries())
    await putEntity(db, p, 'order', {
      id: `o-${i + 1}`,
      recipientId: id,
      services: services.slice(0, 1 + (i % 3)),
      validFrom: '2026-01-01',
      validTo: null,
    });
  for (const [id, name] of [
    ['staff-1', 'Sara Nilsson'],
    ['staff-2', 'Mikko Korhonen'],
    ['staff-3', 'Leila Haddad'],
    ['staff-4', 'Johan Berg'],
  ] as const)
    await putEntity(db, p, 'staff', { id, name, active: true });
  const tags = [...new Set(DEMO_PENS.flatMap((pen) => simulatorTags(pen.seed)))];
  for (const [i, uid] of tags.entries())
    await putEntity(db, p, 'tag', {
      id: uid,
      recipientId: people[i % people.length]![0],
      label: 'Ytterdörr',
    });
}

export interface DemoOptions {
  dataDir: string;
  core: Omit<CoreConfigInput, 'dataDir' | 'shell'>;
}

/** The embedded central server of the demo, in DATA/demo-server, seeded on first start. */
export async function startDemoServer(
  dataDir: string,
): Promise<{ server: RunningServer; close(): Promise<void> }> {
  const serverDir = path.join(dataDir, 'demo-server');
  mkdirSync(serverDir, { recursive: true, mode: 0o700 });
  const log = createLogger({
    level: 'info',
    destination: createWriteStream(path.join(serverDir, 'server.log'), { flags: 'a' }),
  });
  // Always embedded PGlite, even when DATABASE_URL is set for something else.
  const database: DatabaseSpec = { engine: 'pglite', dataDir: serverPaths(serverDir).pgliteDir };
  if (!existsSync(path.join(serverDir, 'server.json'))) {
    const port = await freePort();
    await initServer({
      dataDir: serverDir,
      caName: 'CareDock demo municipality CA',
      host: '127.0.0.1',
      port,
      publicUrl: `https://127.0.0.1:${port}/`,
      database,
      log,
    });
  }
  let server: RunningServer;
  try {
    server = await startServer({ dataDir: serverDir, host: '127.0.0.1', database, log });
  } catch (err) {
    // The port of the first start is taken now: come up on another one.
    if (!(err instanceof Error && 'code' in err && err.code === 'EADDRINUSE')) throw err;
    server = await startServer({ dataDir: serverDir, host: '127.0.0.1', port: 0, database, log });
  }
  try {
    await seed(server);
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    async close() {
      await server.close();
      log.flush();
    },
  };
}

/** Enrols a running workstation to the demo server (once) and docks the demo pens in a simulated dock. */
export async function attachDemo(core: Core, server: RunningServer, dataDir: string): Promise<void> {
  const installed = core.sync.installation();
  if (installed && installed.municipalityId !== DEMO_MUNICIPALITY.id)
    throw new Error(
      `the data folder ${dataDir} is installed for ${installed.municipalityName}; use another --data for the demo`,
    );
  if (!installed) {
    const { code } = await createEnrolmentCode(server.ctx, { providerId: DEMO_PROVIDER.id });
    const profile = await exportInstallProfile(server.ctx, DEMO_MUNICIPALITY.id, server.url);
    await core.sync.install({
      profile: JSON.stringify(profile),
      code,
      workstationName: 'Demodator',
      sourceAddress: '127.0.0.1',
    });
  } else if (installed.serverUrl !== server.url) core.sync.repointServer(server.url);
  // The staff come down with the first sync; each demo pen is then handed to one of them before
  // it is docked, so its registrations name who carried it.
  await core.sync.runOnce('user').catch(() => undefined); // the status shows any trouble
  assignDemoPens(core);
  core.docking.addManual(simulatedDock({ pens: DEMO_PENS, seed: 42 }));
}

function assignDemoPens(core: Core): void {
  const known = new Set(core.staff.listStaff().map((s) => s.id));
  const pens = new Map(core.staff.listPens().map((p) => [p.serial, p]));
  for (const pen of DEMO_PENS) {
    const staffId = DEMO_PEN_STAFF[pen.serial]!;
    if (!known.has(staffId) || (pens.get(pen.serial)?.staff ?? null) !== null) continue;
    if (!pens.has(pen.serial))
      core.staff.seePen({
        serial: pen.serial,
        model: 'CareDock demo',
        firmware: 'demo',
        batteryPercent: 100,
      });
    core.staff.assign({ id: null, username: 'demo' }, pen.serial, staffId, '2026-01-01T00:00:00.000Z');
  }
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const demoServer = await startDemoServer(opts.dataDir);
  let core: Core | undefined;
  try {
    core = await createCore({ ...opts.core, dataDir: opts.dataDir, shell: 'headless' });
    await attachDemo(core, demoServer.server, opts.dataDir);
  } catch (err) {
    await core?.close();
    await demoServer.close();
    throw err;
  }
  const running = core;
  return {
    core: running,
    server: demoServer.server,
    async close() {
      await running.close();
      await demoServer.close();
    },
  };
}

/**
 * "Try the demo" from the first-run screen of a workstation that was started without --demo:
 * the shell gives the core this hook, the core calls it once, and the shell closes what it
 * started when it stops.
 */
export function demoOnRequest(dataDir: string): { start(core: Core): Promise<void>; close(): Promise<void> } {
  let running: { close(): Promise<void> } | null = null;
  return {
    async start(core) {
      if (running) return;
      const demoServer = await startDemoServer(dataDir);
      running = demoServer;
      await attachDemo(core, demoServer.server, dataDir);
    },
    async close() {
      await running?.close();
      running = null;
    },
  };
}
