// startServer: open the data dir, listen (the sync API where workstations reach it, the admin
// API on loopback), and purge old tombstones once a day.
import type { App } from './http/types.ts';
import type { ServerContext } from './context.ts';
import type { OpenContextOptions } from './bootstrap.ts';
import { isDatabase, openContext, readAdminToken } from './bootstrap.ts';
import { createAdminApp, createSyncApp } from './http/app.ts';
import { readTlsMaterial } from './pki/municipalityCa.ts';
import { purgeTombstones } from './sync/entities.ts';
import { removeRunInfo, writeRunInfo } from './runFile.ts';
import { ADMIN_HOST } from './config.ts';

export interface StartServerOptions extends OpenContextOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The admin API's port on 127.0.0.1; 0 picks a free one. */
  adminPort?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** The admin API, on 127.0.0.1 only. */
  adminUrl: string;
  adminPort: number;
  ctx: ServerContext;
  app: App;
  adminApp: App;
  /** Stops listening, closes connections and (unless it was handed in) the database. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

function boundPort(app: App, fallback: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : fallback;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const ctx = await openContext(opts);
  const ownsDatabase = !(opts.database && isDatabase(opts.database));
  const apps: App[] = [];
  try {
    const tls = readTlsMaterial(ctx.paths);
    const app = await createSyncApp({ ctx, tls });
    apps.push(app);
    const adminApp = await createAdminApp({ ctx, tls, adminToken: readAdminToken(ctx.paths) });
    apps.push(adminApp);
    const host = opts.host ?? ctx.config.host;
    await app.listen({ host, port: opts.port ?? ctx.config.port });
    await adminApp.listen({ host: ADMIN_HOST, port: opts.adminPort ?? ctx.config.adminPort });
    const port = boundPort(app, opts.port ?? ctx.config.port);
    const adminPort = boundPort(adminApp, opts.adminPort ?? ctx.config.adminPort);
    const purge = setInterval(() => {
      const before = new Date(ctx.now().getTime() - ctx.config.tombstoneRetentionDays * DAY_MS);
      purgeTombstones(ctx.database.db, before).then(
        (r) => ctx.log.info({ purged: r.purged, horizon: r.horizon.toString() }, 'tombstones purged'),
        (err: unknown) => ctx.log.error({ err }, 'tombstone purge failed'),
      );
    }, DAY_MS);
    purge.unref();
    writeRunInfo(ctx.paths, { pid: process.pid, port, host, adminPort });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `https://${urlHost}:${port}/`,
      host,
      port,
      adminUrl: `https://${ADMIN_HOST}:${adminPort}/`,
      adminPort,
      ctx,
      app,
      adminApp,
      close: async () => {
        clearInterval(purge);
        await Promise.all([app.close(), adminApp.close()]);
        removeRunInfo(ctx.paths);
        if (ownsDatabase) await ctx.database.close();
      },
    };
  } catch (err) {
    await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
    if (ownsDatabase) await ctx.database.close();
    throw err;
  }
}
