import type { BackendFactory } from './calendar/service.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { FreeSpace } from './db/backup.ts';
import type { DatabaseKeyFactory } from './db/key.ts';
import type { KeyStoreFactory } from './sync/keystore.ts';
import type { SecretStoreFactory } from './integrations/secrets.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Everything the core needs to build its services; the shells and the CLI fill it in. */
export const coreConfig = z.object({
  dataDir: z.string().min(1),
  shell: z.enum(['electron', 'headless', 'cli']),
  version: z.string().default('0.1.0'),
  /** Where the drizzle-kit SQL lives; in a packaged app it sits in the resources folder. */
  migrationsDir: z.string().default(path.resolve(here, '../../migrations')),
  /** scrypt cost as log2(N); 15 → 32 MiB per hash. Lower only in tests. */
  passwordCostLog2: z.number().int().min(10).max(20).default(15),
  /** Overrides the stored idle-lock setting (kiosks, tests). */
  idleLockSecondsOverride: z.number().int().min(1).optional(),
  /** Look for USB and serial docks on this PC; tests and the CLI turn it off and attach docks themselves. */
  watchDevices: z.boolean().default(true),
  /** Run the daily retention job (tests and one-shot commands run it by hand or not at all). */
  retention: z.boolean().default(true),
  /** How often docks are scanned for and idle docks asked for pens. */
  dockPollMs: z.number().int().min(50).default(2000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log to stdout as well as to the rotating file (used by `caredock serve --verbose`). */
  logToStdout: z.boolean().default(false),
  // ── sync ──
  /** Background sync period once installed; 0 turns the loop off (tests, `caredock sync --once`). */
  syncIntervalSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Per-request timeout towards the central server. */
  syncTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /**
   * A sync pass renews the client certificate once it has less than this many days left, or
   * less than half its lifetime if that is shorter (so a short-lived certificate is not renewed
   * at every pass). See src/main/sync/renewal.ts.
   */
  certificateRenewBeforeDays: z.number().min(0).max(3650).default(30),
  /**
   * Tests only (`caredock serve` reads it from CAREDOCK_RENEWAL_CLOCK_OFFSET_MS under
   * NODE_ENV=test): whether renewal is due is judged this far ahead of the PC's clock.
   */
  renewalClockOffsetMs: z
    .number()
    .int()
    .min(0)
    .max(3650 * 86_400_000)
    .default(0),
  /**
   * Tests only (`caredock serve` reads it from CAREDOCK_NOTICE_CLOCK_OFFSET_MS under NODE_ENV=test):
   * the notice rules' clock runs this far ahead of the PC's, so a test can be at 17:00 any time.
   */
  noticeClockOffsetMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000)
    .default(0),
  /** Where the workstation's private key is kept; default a 0600 file (Electron: safeStorage). */
  keyStore: z.custom<KeyStoreFactory>((v) => typeof v === 'function').optional(),
  /** Tests only: the calendar backend behind the Exchange settings (default: EWS or Graph). */
  calendarBackend: z.custom<BackendFactory>((v) => typeof v === 'function').optional(),
  /** Where channel secrets (SMTP, SMS) are kept; the same protection as the key. */
  secretStore: z.custom<SecretStoreFactory>((v) => typeof v === 'function').optional(),
  /**
   * "Try the demo" on the first-run screen: the shell's way to start an embedded central server
   * and enrol this workstation to it. Absent where the shell offers no demo.
   */
  startDemo: z.custom<() => Promise<void>>((v) => typeof v === 'function').optional(),
  /** Keep the database encrypted at rest (a plain one is encrypted in place, after a backup). */
  encryptDatabase: z.boolean().default(false),
  /** Where the database key is kept; default a 0600 file (Electron: safeStorage). */
  databaseKey: z.custom<DatabaseKeyFactory>((v) => typeof v === 'function').optional(),
  /** How far the copy before a migration has got (0 to 1): the shell shows it. */
  onBackupProgress: z.custom<(fraction: number) => void>((v) => typeof v === 'function').optional(),
  /** The disk's free space, for the check before that copy; injectable for tests. */
  statfs: z.custom<(dir: string) => FreeSpace>((v) => typeof v === 'function').optional(),
});
export type CoreConfig = z.infer<typeof coreConfig>;
export type CoreConfigInput = z.input<typeof coreConfig>;
