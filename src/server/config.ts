// server.json in the data dir: what `caredock server init` decided, read at every start.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { DataPaths } from './paths.ts';

/** The admin API listens here and nowhere else. */
export const ADMIN_HOST = '127.0.0.1';

/** Single sign-on for the console through the municipality's OpenID Connect provider (Entra ID). */
export const consoleOidcConfigSchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1).max(200),
  /** A file holding the client secret (not the secret itself: server.json is world-readable). */
  clientSecretFile: z.string().min(1),
  /** 'roles': Entra ID app roles (the default); 'groups': group object ids. */
  roleClaim: z.enum(['roles', 'groups']).default('roles'),
  /** Claim value → console role. */
  roleMap: z.record(z.string(), z.enum(['municipalityAdmin', 'unitAdmin', 'viewer'])),
  /** A CA to trust for the provider (an on-premises provider, or the tests' local one). */
  caFile: z.string().optional(),
  scopes: z.string().default('openid profile email'),
  /** Only for a provider on loopback in tests: plain HTTP. */
  allowInsecureLoopback: z.boolean().default(false),
});
export type ConsoleOidcConfig = z.infer<typeof consoleOidcConfigSchema>;

/** The municipality console: a web UI on a listener of its own. */
export const consoleConfigSchema = z.object({
  enabled: z.boolean().default(true),
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port at each start (the CLI finds it in DATA/server.run.json). */
  port: z.number().int().min(0).max(65535).default(8444),
  /** The console's address as browsers see it (the identity provider's redirect goes back here). */
  publicUrl: z.url({ protocol: /^https$/ }).optional(),
  /**
   * The console's web certificate and key (PEM files), not the municipality CA's: a certificate
   * the administrators' browsers trust. Unset: the self-signed pair `server init` made.
   */
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  /**
   * Behind a reverse proxy that ends TLS: the console speaks plain HTTP on loopback and believes
   * X-Forwarded-For / -Proto only from these addresses.
   */
  behindProxy: z.object({ trustedProxies: z.array(z.string()).min(1) }).optional(),
  /** Minutes without a call before a signed-in session ends. */
  idleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** The name the authenticator app shows for the account. */
  totpIssuer: z.string().min(1).max(64).default('CareDock'),
  oidc: consoleOidcConfigSchema.optional(),
});
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const serverConfigSchema = z.object({
  version: z.literal(1),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8443),
  /**
   * The admin API's own listener, always on 127.0.0.1; 0 picks a free port at each start (the
   * CLI finds it in DATA/server.run.json).
   */
  adminPort: z.number().int().min(0).max(65535).default(0),
  /** The URL workstations use (goes into install profiles). */
  publicUrl: z.url({ protocol: /^https$/ }),
  /** Clients older than this get 426 sync.updateRequired. */
  minClientVersion: z.string().default('0.1.0'),
  /** Reverse proxies whose X-Forwarded-For we believe (exact addresses). */
  trustedProxies: z.array(z.string()).default([]),
  /**
   * TCP load balancers (exact addresses) that pass TLS through and name the workstation's address
   * in a PROXY protocol header (v1 or v2) before it. A connection from one of them must start with
   * that header; from anywhere else a header is not believed (the TLS handshake fails on it).
   */
  proxyProtocolFrom: z.array(z.string()).default([]),
  /** Tombstones older than this are purged; cursors from before the purge answer 410. */
  tombstoneRetentionDays: z.number().int().min(1).default(90),
  clientCertificateDays: z.number().int().min(1).max(3650).default(730),
  enrolmentCodeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(168),
  /** Enrolment attempts allowed per source address in one window (a success gives its back). */
  enrolmentAttemptsPerWindow: z.number().int().min(1).max(10_000).default(10),
  /** Seconds between looks at the file exchange's drop folders and at months to export. */
  exchangePollSeconds: z.number().int().min(1).max(3600).default(10),
  /** Seconds between looks for 1177 inbox messages to queue (and whether the week's times are due). */
  inboxPollSeconds: z.number().int().min(1).max(3600).default(30),
  /** Seconds between looks for providers' reports and attested months to file in TWeb. */
  twebPollSeconds: z.number().int().min(1).max(3600).default(30),
  console: consoleConfigSchema.prefault({}),
  enrolmentWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export function readServerConfig(paths: DataPaths): ServerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.config, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${paths.config} — run "caredock server init --data ${paths.root}" first`, {
      cause: err,
    });
  }
  return serverConfigSchema.parse(raw);
}

export function writeServerConfig(paths: DataPaths, config: ServerConfig): void {
  writeFileSync(paths.config, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
}
