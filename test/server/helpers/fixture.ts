// A running central server with two municipalities, their providers and fixed addresses, on
// 127.0.0.1 with a port of its own; workstations enrol through the real /v1/enrol.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Database, DatabaseSpec } from '../../../src/server/db/database.ts';
import { initServer } from '../../../src/server/init.ts';
import { readServerConfig, writeServerConfig, type ServerConfig } from '../../../src/server/config.ts';
import { dataPaths } from '../../../src/server/paths.ts';
import { startServer } from '../../../src/server/server.ts';
import type { RunningServer, StartServerOptions } from '../../../src/server/server.ts';
import { createLogger } from '../../../src/server/log.ts';
import { addMunicipality, addProvider, addProviderAddress } from '../../../src/server/admin/organisations.ts';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { createCsr } from '../../../src/server/pki/issue.ts';
import { generateEcKeyPem } from '../../../src/server/pki/keys.ts';
import { enrolResponseSchema } from '../../../src/shared/sync/enrolment.ts';
import type { CallOptions, CallResult, Identity } from './client.ts';
import { call } from './client.ts';

export const MUNICIPALITY_A = '0139';
export const MUNICIPALITY_B = '0186';
export const PROVIDER_A = 'omsorg-ab';
export const PROVIDER_B = 'hemtjanst-b';
export const REGISTERED = '127.0.0.2';
export const UNREGISTERED = '127.0.0.3';

export interface Workstation extends Identity {
  workstationId: string;
  providerId: string;
  municipalityId: string;
}

export interface Fixture {
  server: RunningServer;
  ca: string;
  dataDir: string;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  enrol(providerId: string, municipalityId: string): Promise<Workstation>;
  /** A call as a workstation: its certificate, its municipality header, from the registered address. */
  as(ws: Workstation, o: Omit<CallOptions, 'port' | 'ca'>): Promise<CallResult>;
  raw(o: Omit<CallOptions, 'port' | 'ca'>): Promise<CallResult>;
  close(): Promise<void>;
}

export async function startFixture(
  database: DatabaseSpec | Database,
  /**
   * exchange: run the file exchange (and so the server queue) in the server; off by default, as
   * its queue's start costs seconds that only the tests of the exchange need to spend.
   */
  opts: {
    now?: () => Date;
    exchange?: boolean;
    inbox?: StartServerOptions['inbox'];
    tweb?: boolean;
    /** Changes server.json after init, before start, as an operator edits it (console.oidc). */
    configure?: (config: ServerConfig, dataDir: string) => ServerConfig;
  } = {},
): Promise<Fixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-server-'));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const log = createLogger({ level: 'info', destination: sink });
  await initServer({ dataDir, port: 0, database, log });
  if (opts.configure) {
    const paths = dataPaths(dataDir);
    writeServerConfig(paths, opts.configure(readServerConfig(paths), dataDir));
  }
  const server = await startServer({
    dataDir,
    database,
    host: '127.0.0.1',
    port: 0,
    log,
    now: opts.now,
    exchange: opts.exchange ?? false,
    inbox: opts.inbox ?? false,
    tweb: opts.tweb ?? false,
  });
  const { ctx } = server;
  await addMunicipality(ctx, { id: MUNICIPALITY_A, name: 'Upplands-Bro kommun' });
  await addMunicipality(ctx, { id: MUNICIPALITY_B, name: 'Vallentuna kommun' });
  await addProvider(ctx, { id: PROVIDER_A, municipalityId: MUNICIPALITY_A, name: 'Omsorg AB' });
  await addProvider(ctx, { id: PROVIDER_B, municipalityId: MUNICIPALITY_B, name: 'Hemtjänst B' });
  await addProviderAddress(ctx, { providerId: PROVIDER_A, address: REGISTERED });
  await addProviderAddress(ctx, { providerId: PROVIDER_B, address: REGISTERED });
  const ca = readFileSync(ctx.paths.caCert, 'utf8');
  const port = server.port;

  const fx: Fixture = {
    server,
    ca,
    dataDir,
    logs,
    async enrol(providerId, municipalityId) {
      const key = generateEcKeyPem();
      const csrPem = await createCsr(key, [['CN', 'test workstation']]);
      const { code } = await createEnrolmentCode(ctx, { providerId });
      const res = await call({
        port,
        ca,
        path: '/v1/enrol',
        localAddress: REGISTERED,
        body: { code, csrPem, municipalityId, workstationName: 'Kontoret, dator 1' },
      });
      if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${JSON.stringify(res.json)}`);
      const e = enrolResponseSchema.parse(res.json);
      return {
        key,
        cert: e.certificatePem,
        workstationId: e.workstationId,
        providerId: e.providerId,
        municipalityId: e.municipalityId,
      };
    },
    as: (ws, o) =>
      call({ port, ca, identity: ws, municipalityId: ws.municipalityId, localAddress: REGISTERED, ...o }),
    raw: (o) => call({ port, ca, ...o }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fx;
}
