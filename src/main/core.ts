import { eventAccess, type Envelope, type EventMessage } from '../shared/api/index.ts';
import { createAuditLog } from './audit.ts';
import { AuthService } from './auth/service.ts';
import { UserAdmin } from './auth/user-admin.ts';
import { UserRepository } from './auth/users.ts';
import { ClientRegistry, type ClientState } from './api/clients.ts';
import { accessRefusal, createDispatcher } from './api/dispatcher.ts';
import { createHandlers } from './api/handlers.ts';
import { coreConfig, type CoreConfig, type CoreConfigInput } from './config.ts';
import { acquireDataLock } from './data-lock.ts';
import { dataFolderWarnings, secureDataFolder, type DataFolderReport } from './data-folder.ts';
import { applyMigrations, type MigrationResult } from './db/migrate.ts';
import { openDatabase, type OpenDatabase } from './db/open.ts';
import { openLogger, type Logger } from './log/logger.ts';
import { dataPaths, type DataPaths } from './paths.ts';
import { createSettingsStore } from './settings.ts';
import { WorkflowService } from './workflows/service.ts';
import { DeviceRegistry } from './devices/registry.ts';
import { RegistrationIngest } from './docking/ingest.ts';
import { DockingManager, type DockSource } from './docking/manager.ts';
import { SessionLog } from './docking/session-log.ts';
import { configuredDocksSource, serialListSource, usbSource } from './docking/sources.ts';
import { fileKeyStore } from './sync/keystore.ts'; // issue 4: sync
import { SyncService } from './sync/service.ts'; // issue 4: sync
import { IntegrationsService } from './integrations/service.ts';
import { fileSecretStore } from './integrations/secrets.ts';

/** A connection from one UI (window or browser tab) to the core. */
export interface CoreClient {
  readonly id: string;
  call(name: string, input: unknown): Promise<Envelope>;
  subscribe(listener: (message: EventMessage) => void): () => void;
  close(): void;
}

export interface Core {
  readonly config: CoreConfig;
  readonly paths: DataPaths;
  /** What securing the data folder found at start. */
  readonly dataFolder: DataFolderReport;
  readonly logger: Logger;
  readonly database: OpenDatabase;
  readonly migration: MigrationResult;
  readonly docking: DockingManager;
  readonly devices: DeviceRegistry;
  readonly sync: SyncService;
  readonly integrations: IntegrationsService;
  connect(): CoreClient;
  close(): Promise<void>;
}

/**
 * The composition root: every service is built here from one config object, under plain Node.
 * The Electron shell, the headless host and the CLI all start the product through this.
 */
export async function createCore(input: CoreConfigInput): Promise<Core> {
  const config = coreConfig.parse(input);
  const paths = dataPaths(config.dataDir);
  // Before anything is written: the folder holds personnummer, registrations and keys.
  const folder = secureDataFolder(paths.root);
  const releaseLock = acquireDataLock(paths.lockFile, paths.root);
  let database: OpenDatabase | null = null;
  try {
    const log = await openLogger({ dir: paths.logs, level: config.logLevel, alsoStdout: config.logToStdout });
    const { logger } = log;
    if (folder.stillOpen.length > 0)
      logger.warn(
        { dir: paths.root, open: folder.stillOpen.slice(0, 20) },
        'the data folder is readable by other users of this PC and could not be closed',
      );
    else if (folder.wasOpen.length > 0)
      logger.warn(
        { dir: paths.root, closed: folder.wasOpen.slice(0, 20), count: folder.wasOpen.length },
        'the data folder was readable by other users of this PC; it is closed now',
      );
    database = openDatabase(paths.database);
    const migration = applyMigrations(database.sqlite, database.db, config.migrationsDir, paths.backups);
    if (migration.applied > 0)
      logger.info({ applied: migration.applied, backup: migration.backup }, 'database migrated');

    const { db } = database;
    const open = database;
    const shell = config.shell === 'electron' ? 'electron' : 'headless';
    const audit = createAuditLog(db);
    const settings = createSettingsStore(db);
    const users = new UserRepository(db);
    // Live events follow the same rule as calls: re-read the user, then the access the stream asks.
    const clients = new ClientRegistry((client, event) => {
      auth.applyIdleLock(client);
      const user = client.userId === null ? null : users.byId(client.userId);
      return accessRefusal(eventAccess[event], client, user?.active ? user : null) === null;
    });
    const auth = new AuthService({
      db,
      users,
      audit,
      settings,
      clients,
      passwordCostLog2: config.passwordCostLog2,
      idleLockSecondsOverride: config.idleLockSecondsOverride,
    });
    const userAdmin = new UserAdmin({
      db,
      users,
      audit,
      passwordCostLog2: config.passwordCostLog2,
      defaultLanguage: () => settings.get().defaultLanguage,
      onUserChanged: (id) => auth.announceUser(id),
    });
    const devices = new DeviceRegistry(db, audit);
    const sources: DockSource[] = config.watchDevices
      ? [configuredDocksSource(() => devices.listSerialDocks()), usbSource(logger), serialListSource(logger)]
      : [];
    const sessionLog = new SessionLog(database.sqlite);
    const ingest = new RegistrationIngest(database.sqlite);
    const docking = new DockingManager({
      logger,
      sources,
      pollMs: config.dockPollMs,
      ingest,
      sessions: sessionLog,
      seePen: (identity) => devices.seePen(identity),
      staffNameOf: (serial) => devices.currentStaff(serial)?.name ?? null,
    });
    // The UI wants every step, but a fast pen would flood it: at most one update per 100 ms.
    let closed = false;
    let pendingDockState: ReturnType<DockingManager['state']> | null = null;
    docking.onChange((state) => {
      const first = pendingDockState === null;
      pendingDockState = state;
      if (first) {
        setTimeout(() => {
          // Whom to tell is read from the database, which is gone once the core has closed.
          if (pendingDockState && !closed) clients.broadcast('docking.changed', pendingDockState);
          pendingDockState = null;
        }, 100).unref();
      }
    });
    // ── sync (issue 4) ──
    const sync = new SyncService({
      sqlite: database.sqlite,
      logger,
      keyStore: (config.keyStore ?? fileKeyStore)(paths.root),
      clientVersion: config.version,
      intervalMs: config.syncIntervalSeconds * 1000,
      timeoutMs: config.syncTimeoutMs,
      onStatus: (status) => clients.broadcast('sync.changed', status),
    });
    // New registrations mean new outbox rows: count them and sync soon. (Not every docking
    // view change: idle docks are polled every 2 s, and each would start a sync pass.)
    ingest.onInserted(() => sync.outboxChanged());
    const integrations = new IntegrationsService({
      sqlite: database.sqlite,
      logger,
      secrets: (config.secretStore ?? fileSecretStore)(paths.root),
      audit: (actor, action, subject, details) =>
        audit.record({ id: null, username: actor }, action, subject, details),
    });
    const handlers = createHandlers({
      version: config.version,
      shell,
      auth,
      users,
      userAdmin,
      audit,
      settings,
      devices,
      docking,
      sessionLog,
      startDemo: config.startDemo,
      warnings: () => dataFolderWarnings(folder),
      workflows: new WorkflowService(
        database.sqlite,
        audit,
        () => settings.get(),
        () => sync.outboxChanged(),
      ),
      sync,
    });
    const dispatch = createDispatcher({
      handlers,
      logger,
      authenticate: (client, name) => auth.authenticate(client, name),
      transaction: (step) => open.sqlite.transaction(step).immediate(),
    });

    // The lock must fall even when nobody calls: a timer looks at every client once a second.
    const idleTimer = setInterval(() => {
      for (const client of clients.all()) auth.applyIdleLock(client);
    }, 1000);
    idleTimer.unref();

    docking.start();
    sync.start();
    integrations.start();
    logger.info({ shell: config.shell, version: config.version }, 'core started');
    return {
      config,
      paths,
      dataFolder: folder,
      logger,
      database: open,
      migration,
      docking,
      devices,
      sync,
      integrations,
      connect() {
        const state: ClientState = clients.open(config.shell);
        return {
          id: state.id,
          call: (name, payload) => dispatch(state, name, payload),
          subscribe(listener) {
            state.listeners.add(listener);
            return () => state.listeners.delete(listener);
          },
          close: () => clients.close(state.id),
        };
      },
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(idleTimer);
        logger.info('core stopping');
        await docking.stop();
        await sync.stop();
        await integrations.stop();
        open.sqlite.close();
        await log.close();
        releaseLock();
      },
    };
  } catch (error) {
    database?.sqlite.close();
    releaseLock();
    throw error;
  }
}
