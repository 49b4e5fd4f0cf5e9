// startServer: open the data dir, listen (the sync API where workstations reach it, the admin
// API on loopback), and purge old tombstones once a day.
import type { App } from './http/types.ts';
import type { ServerContext } from './context.ts';
import type { OpenContextOptions } from './bootstrap.ts';
import { isDatabase, openContext, readAdminToken } from './bootstrap.ts';
import { createAdminApp, createSyncApp } from './http/app.ts';
import { readTlsMaterial } from './pki/municipalityCa.ts';
import { purgeTombstones } from './sync/entities.ts';
import { purgeEnrolmentAttempts } from './admin/enrolmentAttempts.ts';
import { removeRunInfo, writeRunInfo } from './runFile.ts';
import { ADMIN_HOST } from './config.ts';
import type { Durability } from './db/database.ts';
import { ExchangeService } from './exchange/service.ts';
import { InboxService, type InboxServiceOptions } from './inbox/service.ts';
import { serverJobKinds } from './jobs/kinds.ts';
import { TwebService } from './tweb/service.ts';
import { ServerJobQueue } from './jobs/queue.ts';
import { createConsoleApp } from './console/app.ts';
import { consoleOidcFromConfig } from './console/oidcConfig.ts';
import type { OidcRoutes } from './console/oidcRoutes.ts';
import { purgeIdleSessions } from './console/sessions.ts';

export interface StartServerOptions extends OpenContextOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The admin API's port on 127.0.0.1; 0 picks a free one. */
  adminPort?: number;
  /**
   * Refuse to start on an engine that may lose an acknowledged commit in a power cut
   * (`caredock server start` sets it unless told --allow-non-durable).
   */
  requireDurable?: boolean;
  /** Run the file exchange (drop folders, exports) in this process; on unless false. */
  exchange?: boolean;
  /** Send 1177 inbox messages from this process; on unless false (options: tests, benchmarks). */
  inbox?: boolean | Omit<InboxServiceOptions, 'pollSeconds'>;
  /** File providers' reports and attested months in TWeb from this process; on unless false. */
  tweb?: boolean;
  /** Serve the municipality console (when server.json enables it); on unless false. */
  console?: boolean;
  /** The console's port; 0 picks a free one, and so does a sync port of 0 unless this says otherwise. */
  consolePort?: number;
  /** Single sign-on for the console; made from server.json's console.oidc unless given. */
  consoleOidc?: OidcRoutes | null;
  /** Write DATA/server.run.json (unless false: a worker of --workers, whose primary writes it). */
  runFile?: boolean;
}

/** Start refused: the engine may lose acknowledged commits. */
export class NonDurableEngineError extends Error {
  readonly durability: Durability;
  constructor(d: Durability) {
    super(
      `the database engine is not durable — ${d.engine}: ${d.problems.join('; ')}. ` +
        'Use the embedded default on a local disk or PostgreSQL (DATABASE_URL) with fsync and synchronous_commit on, ' +
        'or start with --allow-non-durable to accept that a power cut can lose pushes the workstations count as sent.',
    );
    this.name = 'NonDurableEngineError';
    this.durability = d;
  }
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** The admin API, on 127.0.0.1 only. */
  adminUrl: string;
  adminPort: number;
  ctx: ServerContext;
  /** What the engine promised at start. */
  durability: Durability;
  app: App;
  adminApp: App;
  /** The file exchange, when this process runs it. */
  exchange: ExchangeService | null;
  /** The 1177 inbox, when this process sends it. */
  inbox: InboxService | null;
  /** TWeb filing, when this process does it. */
  tweb: TwebService | null;
  /** The municipality console, when this process serves it. */
  consoleUrl: string | null;
  consoleApp: App | null;
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
  let exchange: ExchangeService | null = null;
  let inbox: InboxService | null = null;
  let tweb: TwebService | null = null;
  const opening: { queue: Promise<ServerJobQueue> | null } = { queue: null };
  const closeQueue = async (): Promise<void> => {
    await opening.queue?.then((q) => q.close()).catch(() => undefined);
  };
  // One server queue per process for the municipality's channels and the console (its start
  // costs seconds, so the console alone opens it only when it is first asked about it).
  const openQueue = (): Promise<ServerJobQueue> =>
    (opening.queue ??= ServerJobQueue.open({ database: ctx.database, kinds: serverJobKinds }));
  try {
    // The first line a server writes says what it runs on and whether a commit it acknowledges
    // survives a power cut.
    const durability = await ctx.database.durability();
    const line = `database: ${durability.engine} — ${durability.durable ? 'durable' : 'NOT durable'}: ${durability.detail}`;
    const fields = {
      engine: ctx.database.engine,
      durable: durability.durable,
      problems: durability.problems,
    };
    if (durability.durable) ctx.log.info(fields, line);
    else ctx.log.warn(fields, line);
    if (opts.requireDurable && !durability.durable) throw new NonDurableEngineError(durability);
    const tls = readTlsMaterial(ctx.paths);
    const queue =
      opts.exchange !== false || opts.inbox !== false || opts.tweb !== false ? await openQueue() : null;
    if (queue && opts.exchange !== false)
      exchange = ExchangeService.start(ctx, queue, { pollSeconds: ctx.config.exchangePollSeconds });
    if (queue && opts.tweb !== false)
      tweb = TwebService.start(ctx, queue, { pollSeconds: ctx.config.twebPollSeconds });
    if (queue && opts.inbox !== false)
      inbox = InboxService.start(ctx, queue, {
        pollSeconds: ctx.config.inboxPollSeconds,
        ...(typeof opts.inbox === 'object' ? opts.inbox : {}),
      });
    const app = await createSyncApp({ ctx, tls });
    apps.push(app);
    const adminApp = await createAdminApp({ ctx, tls, adminToken: readAdminToken(ctx.paths) });
    apps.push(adminApp);
    const host = opts.host ?? ctx.config.host;
    // Fastify cannot tell that our server factory speaks TLS; say what listens where.
    const https = (address: string): string => address.replace(/^http:/, 'https:');
    await app.listen({
      host,
      port: opts.port ?? ctx.config.port,
      listenTextResolver: (a) => `sync API listening at ${https(a)}`,
    });
    await adminApp.listen({
      host: ADMIN_HOST,
      port: opts.adminPort ?? ctx.config.adminPort,
      listenTextResolver: (a) => `admin API listening at ${https(a)} (loopback only)`,
    });
    let consoleApp: App | null = null;
    let consoleUrl: string | null = null;
    if (ctx.config.console.enabled && opts.console !== false) {
      consoleApp = await createConsoleApp({
        ctx,
        queue: openQueue,
        oidc: opts.consoleOidc === undefined ? await consoleOidcFromConfig(ctx) : opts.consoleOidc,
      });
      apps.push(consoleApp);
      const consoleHost = ctx.config.console.behindProxy ? ADMIN_HOST : ctx.config.console.host;
      const scheme = ctx.config.console.behindProxy ? 'http' : 'https';
      await consoleApp.listen({
        host: consoleHost,
        port: opts.consolePort ?? (opts.port === 0 ? 0 : ctx.config.console.port),
        listenTextResolver: (a) =>
          `console listening at ${scheme === 'https' ? https(a) : a}${ctx.config.console.behindProxy ? ' (behind a reverse proxy)' : ''}`,
      });
      const cp = boundPort(consoleApp, ctx.config.console.port);
      consoleUrl = `${scheme}://${consoleHost.includes(':') ? `[${consoleHost}]` : consoleHost}:${cp}/`;
    }
    const port = boundPort(app, opts.port ?? ctx.config.port);
    const adminPort = boundPort(adminApp, opts.adminPort ?? ctx.config.adminPort);
    const purge = setInterval(() => {
      const before = new Date(ctx.now().getTime() - ctx.config.tombstoneRetentionDays * DAY_MS);
      purgeTombstones(ctx.database.db, before).then(
        (r) => ctx.log.info({ purged: r.purged, horizon: r.horizon.toString() }, 'tombstones purged'),
        (err: unknown) => ctx.log.error({ err }, 'tombstone purge failed'),
      );
      purgeIdleSessions(ctx).catch((err: unknown) => ctx.log.error({ err }, 'console session purge failed'));
      purgeEnrolmentAttempts(ctx).catch((err: unknown) =>
        ctx.log.error({ err }, 'enrolment attempt purge failed'),
      );
    }, DAY_MS);
    purge.unref();
    if (opts.runFile !== false)
      writeRunInfo(ctx.paths, {
        pid: process.pid,
        port,
        host,
        adminPort,
        ...(consoleApp ? { consolePort: boundPort(consoleApp, 0) } : {}),
      });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `https://${urlHost}:${port}/`,
      host,
      port,
      adminUrl: `https://${ADMIN_HOST}:${adminPort}/`,
      adminPort,
      ctx,
      durability,
      app,
      adminApp,
      exchange,
      inbox,
      tweb,
      consoleUrl,
      consoleApp,
      close: async () => {
        clearInterval(purge);
        await Promise.all([app.close(), adminApp.close(), consoleApp?.close()]);
        await exchange?.stop();
        await inbox?.stop();
        await tweb?.stop();
        await closeQueue();
        if (opts.runFile !== false) removeRunInfo(ctx.paths);
        if (ownsDatabase) await ctx.database.close();
      },
    };
  } catch (err) {
    await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
    await exchange?.stop().catch(() => undefined);
    await inbox?.stop().catch(() => undefined);
    await tweb?.stop().catch(() => undefined);
    await closeQueue();
    if (ownsDatabase) await ctx.database.close();
    throw err;
  }
}
