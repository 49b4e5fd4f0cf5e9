// The file exchange running in a server process: a poll of every municipality's drop folder, a
// sweep that queues the export of each attested month not yet written, and the runner that carries
// the exports. Any number of processes may run it: an import takes a per-municipality lock in the
// database, and an export job's key is its provider, month and version.
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JobKind } from '../../shared/jobs/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { ServerContext } from '../context.ts';
import { municipalities } from '../db/schema.ts';
import { ServerChannelRunner, type ServerAdapter } from '../jobs/runner.ts';
import type { ServerJobQueue } from '../jobs/queue.ts';
import { exportMonth, monthsToExport } from './exportMonth.ts';
import {
  CLAIM_PREFIX,
  ensureFolders,
  foldersOf,
  formatOfName,
  readyFiles,
  returnAbandonedClaims,
} from './folders.ts';
import type { ImportOutcome } from './importFile.ts';
import { importIsolated } from './isolatedImport.ts';
import { EXCHANGE_CHANNEL, exportMonthKind, type ExportMonthPayload } from './kinds.ts';

/**
 * A claimed file untouched this long belongs to a process that died mid-import (its transaction
 * rolled back): it goes back to in/ to be taken again. An import touches its claim as it reads.
 */
const CLAIM_STALE_MS = 15 * 60_000;

export interface ExchangeServiceOptions {
  /** Seconds between looks at the drop folders and the attested months. */
  pollSeconds: number;
}

export class ExchangeService {
  readonly #ctx: ServerContext;
  readonly #queue: ServerJobQueue;
  readonly #runner: ServerChannelRunner;
  readonly #pollMs: number;
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> = Promise.resolve();
  #stopped = false;

  private constructor(ctx: ServerContext, queue: ServerJobQueue, opts: ExchangeServiceOptions) {
    this.#ctx = ctx;
    this.#queue = queue;
    this.#pollMs = opts.pollSeconds * 1000;
    const adapter: ServerAdapter<ExportMonthPayload> = {
      send: async (job) => {
        await exportMonth(ctx, job.payload.providerId, job.payload.month, job.payload.attestVersion);
        return { status: 'sent' };
      },
    };
    this.#runner = new ServerChannelRunner(queue, {
      channel: EXCHANGE_CHANNEL,
      adapters: { [exportMonthKind.kind]: adapter as ServerAdapter<never> },
      onError: (err) => ctx.log.error({ err }, 'exchange: export runner failed'),
    });
  }

  /** Runs on the process's server queue, which its owner opens and closes (server.ts). */
  static start(ctx: ServerContext, queue: ServerJobQueue, opts: ExchangeServiceOptions): ExchangeService {
    const s = new ExchangeService(ctx, queue, opts);
    s.#runner.start();
    s.#schedule(0);
    return s;
  }

  get queue(): ServerJobQueue {
    return this.#queue;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.pass().finally(() => this.#schedule(this.#pollMs));
    }, ms);
    this.#timer.unref();
  }

  /**
   * One look: import what is ready, queue what is attested. Never throws (logs instead). Passes
   * run one after another: a call during a pass waits for it, then looks again.
   */
  pass(): Promise<void> {
    this.#pass = this.#pass.then(() => this.#passOnce());
    return this.#pass;
  }

  async #passOnce(): Promise<void> {
    let ids: string[];
    try {
      ids = (await this.#ctx.database.db.select({ id: municipalities.id }).from(municipalities)).map(
        (m) => m.id,
      );
    } catch (err) {
      this.#ctx.log.error({ err }, 'exchange: listing municipalities failed');
      return;
    }
    for (const municipalityId of ids) {
      const folders = foldersOf(this.#ctx.paths, municipalityId);
      ensureFolders(folders);
      returnAbandonedClaims(folders, Date.now() - CLAIM_STALE_MS);
      for (const f of readyFiles(folders)) {
        if (this.#stopped) return;
        const format = formatOfName(f.name);
        if (!format) continue;
        // Taken by a rename, which only one process can win when several share the folder.
        const claimed = path.join(folders.in, `${CLAIM_PREFIX}${randomUUID()}.${f.name}`);
        try {
          renameSync(f.file, claimed);
          const now = new Date();
          utimesSync(claimed, now, now);
        } catch {
          continue;
        }
        rmSync(f.marker, { force: true });
        const done = await this.#importDropped(municipalityId, format, claimed, f.name, () => {
          const now = new Date();
          utimesSync(claimed, now, now);
        });
        // A file that could not be imported (the database was away) goes back, marker and all.
        if (!done && existsSync(claimed)) {
          renameSync(claimed, f.file);
          writeFileSync(f.marker, '');
        }
      }
    }
    try {
      await this.queueExports();
    } catch (err) {
      this.#ctx.log.error({ err }, 'exchange: queueing exports failed');
    }
  }

  async #importDropped(
    municipalityId: string,
    format: 'bfu' | 'mfu',
    file: string,
    name: string,
    touch: () => void,
  ): Promise<ImportOutcome | null> {
    try {
      return await importIsolated(this.#ctx, {
        municipalityId,
        format,
        file,
        name,
        source: 'drop',
        onProgress: touch,
      });
    } catch (err) {
      // Left in in/ with its marker: the next pass tries again (the database may be restarting).
      const code = err instanceof CareDockError ? err.code : undefined;
      this.#ctx.log.error(
        { err: code ? undefined : err, code, municipalityId, file: name },
        'exchange: import failed',
      );
      return null;
    }
  }

  /** Queues the export of every attested month without one; a month queued before is a duplicate. */
  async queueExports(): Promise<number> {
    let queued = 0;
    for (const m of await monthsToExport(this.#ctx)) {
      const r = await this.#queue.enqueue(exportMonthKind as JobKind<ExportMonthPayload>, m, {
        key: `${m.providerId}:${m.month}:v${m.attestVersion}`,
      });
      if (r.outcome === 'created') queued++;
    }
    return queued;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass;
    await this.#runner.stop();
  }
}
