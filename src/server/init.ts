// `caredock server init`: a data dir with config, municipality CA, server certificate, admin
// token and a migrated database. Refuses to touch a dir that already has a CA.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { ServerConfig } from './config.ts';
import { serverConfigSchema, writeServerConfig } from './config.ts';
import type { Database, DatabaseSpec } from './db/database.ts';
import { isDatabase, openContext } from './bootstrap.ts';
import { dataPaths } from './paths.ts';
import { writeSecretFile } from './pki/files.ts';
import { initPki, pkiExists } from './pki/municipalityCa.ts';
import { issueSelfSignedConsoleCertificate } from './pki/consoleCertificate.ts';
import type { Logger } from 'pino';

export interface InitServerOptions {
  dataDir: string;
  caName?: string;
  host?: string;
  port?: number;
  /** The admin API's port on 127.0.0.1 (default 0: a free port at each start). */
  adminPort?: number;
  /** The URL workstations will use; its host goes into the server certificate. */
  publicUrl?: string;
  /** Extra names for the server certificate (localhost, 127.0.0.1 and ::1 are always in). */
  dnsNames?: string[];
  ipAddresses?: string[];
  database?: DatabaseSpec | Database;
  config?: Partial<ServerConfig>;
  log?: Logger;
}

export interface InitServerResult {
  dataDir: string;
  publicUrl: string;
  adminTokenPath: string;
}

export async function initServer(opts: InitServerOptions): Promise<InitServerResult> {
  const paths = dataPaths(opts.dataDir);
  if (pkiExists(paths)) throw new Error(`${paths.root} is already initialised`);
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8443;
  const publicUrl = opts.publicUrl ?? `https://localhost:${port}/`;
  const urlHost = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  const isIp = /^[\d.]+$/.test(urlHost) || urlHost.includes(':');
  const dnsNames = [...new Set(['localhost', ...(opts.dnsNames ?? []), ...(isIp ? [] : [urlHost])])];
  const ipAddresses = [
    ...new Set(['127.0.0.1', '::1', ...(opts.ipAddresses ?? []), ...(isIp ? [urlHost] : [])]),
  ];
  const config = serverConfigSchema.parse({
    version: 1,
    host,
    port,
    adminPort: opts.adminPort ?? 0,
    publicUrl,
    ...opts.config,
  });
  writeServerConfig(paths, config);
  await initPki(paths, { caName: opts.caName ?? 'CareDock municipality CA', dnsNames, ipAddresses });
  await issueSelfSignedConsoleCertificate(paths, { dnsNames, ipAddresses });
  writeSecretFile(paths.adminToken, `${randomBytes(32).toString('base64url')}\n`);
  const ctx = await openContext({ dataDir: paths.root, database: opts.database, log: opts.log });
  if (!opts.database || !isDatabase(opts.database)) await ctx.database.close();
  return { dataDir: paths.root, publicUrl, adminTokenPath: paths.adminToken };
}
