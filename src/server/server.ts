// startServer: open the data dir, listen, and purge old tombstones once a day.
import type { App } from './http/types.ts';
import type { ServerContext } from './context.ts';
import type { OpenContextOptions } from './bootstrap.ts';
import { isDatabase, openContext, readAdminToken } from './bootstrap.ts';
import { createApp } from './http/app.ts';
import { readTlsMaterial } from './pki/municipalityCa.ts';
import { purgeTombstones } from './sync/entities.ts';
import { removeRunInfo, writeRunInfo } from './runFile.ts';

export interface StartServerOptions extends OpenContextOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  ctx: ServerContext;
  app: App;
  /** Stops listening, closes connections and (unless it was handed in) the database. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const ctx = await openContext(opts);
  const ownsDatabase = !(opts.database && isDatabase(opts.database));
  try {
    const app = await createApp({
      ctx,
      tls: readTlsMaterial(ctx.paths),
      adminToken: readAdminToken(ctx.paths),
    });
    const host = opts.host ?? ctx.config.host;
    await app.listen({ host, port: opts.port ?? ctx.config.port });
    const address = app.server.address();
    const port =
      typeof address === 'object' && address !== null ? address.port : (opts.port ?? ctx.config.port);
    const purge = setInterval(() => {
      const before = new Date(ctx.now().getTime() - ctx.config.tombstoneRetentionDays * DAY_MS);
      purgeTombstones(ctx.database.db, before).then(
        (r) => ctx.log.info({ purged: r.purged, horizon: r.horizon.toString() }, 'tombstones purged'),
        (err: unknown) => ctx.log.error({ err }, 'tombstone purge failed'),
      );
    }, DAY_MS);
    purge.unref();
    writeRunInfo(ctx.paths, { pid: process.pid, port, host });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `https://${urlHost}:${port}/`,
      host,
      port,
      ctx,
      app,
      close: async () => {
        clearInterval(purge);
        await app.close();
        removeRunInfo(ctx.paths);
        if (ownsDatabase) await ctx.database.close();
      },
    };
  } catch (err) {
    if (ownsDatabase) await ctx.database.close();
    throw err;
  }
}
