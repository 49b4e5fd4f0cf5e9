// server.json in the data dir: what `caredock server init` decided, read at every start.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { DataPaths } from './paths.ts';

/** The admin API listens here and nowhere else. */
export const ADMIN_HOST = '127.0.0.1';

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
