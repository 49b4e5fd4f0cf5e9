import { ReportData } from './reports/data.ts';
import { ReportService } from './reports/service.ts';
import { existsSync, mkdirSync, renameSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { eventAccess, type Envelope, type EventMessage } from '../shared/api/index.ts';
import { CareDockError } from '../shared/errors/index.ts';
import { ClientRegistry, type ClientState } from './api/clients.ts';
import type { Caller } from './api/caller.ts';
import { accessRefusal, createDispatcher } from './api/dispatcher.ts';
import { createHandlers } from './api/handlers.ts';
import { AttestationData } from './attestations/data.ts';
import { AttestationService } from './attestations/service.ts';
import { AuditData } from './audit/data.ts';
import { createAuditLog } from './audit/log.ts';
import { UserRepository } from './auth/data.ts';
import { AuthService } from './auth/service.ts';
import { UserAdmin } from './auth/user-admin.ts';
import { BillingService } from './billing/service.ts';
import { coreConfig, type CoreConfig, type CoreConfigInput } from './config.ts';
import { CorrectionData } from './corrections/data.ts';
import { CorrectionService } from './corrections/service.ts';
import { acquireDataLock } from './data-lock.ts';
import { dataFolderWarnings, secureDataFolder, type DataFolderReport } from './data-folder.ts';
import { applyMigrations, backupBeforeMigration, type MigrationResult } from './db/migrate.ts';
import { checkFreeSpace } from './db/backup.ts';
import { copyInto } from './db/data.ts';
import { fileDatabaseKey } from './db/key.ts';
import { encryptInPlace, isPlainDatabase, openDatabase, type OpenDatabase } from './db/open.ts';
import { DeviceData } from './devices/data.ts';
import { DeviceRegistry } from './devices/registry.ts';
import { DockingData } from './docking/data.ts';
import { RegistrationIngest } from './docking/ingest.ts';
import { DockingManager, type DockSource } from './docking/manager.ts';
import { configuredDocksSource, serialListSource, usbSource } from './docking/sources.ts';
import { openLogger, type Logger } from './log/logger.ts';
import { OrderData, TaskServiceData } from './orders/data.ts';
import { OrderService, TaskServiceService } from './orders/service.ts';
import { dataPaths, type DataPaths } from './paths.ts';
import { PlanData } from './plans/data.ts';
import { PlanService } from './plans/service.ts';
import { RecipientData } from './recipients/data.ts';
import { Directory } from './recipients/directory.ts';
import { RecipientService } from './recipients/service.ts';
import { RegistrationData } from './registrations/data.ts';
import { RegistrationService } from './registrations/service.ts';
import { SettingsData } from './settings/data.ts';
import { createSettingsStore } from './settings/store.ts';
import { StaffData } from './staff/data.ts';
import { StaffRegistry } from './staff/registry.ts';
import { SyncData } from './sync/data.ts';
import { fileKeyStore } from './sync/keystore.ts';
import { SyncService } from './sync/service.ts';
import { IntegrationsService } from './integrations/service.ts';
import { JobQueue } from './jobs/index.ts';
import { workstationJobKinds } from './jobs/registry.ts';
import { fileSecretStore } from './integrations/secrets.ts';
import { NoticeChannels } from './notices/channels.ts';
import { Contacts } from './notices/contacts.ts';
import { NoticeData } from './notices/data.ts';
import { CalendarAdmin } from './calendar/admin.ts';
import { calendarBackendOf } from './calendar/backends.ts';
import { CalendarData } from './calendar/data.ts';
import { withPlanCalendar } from './calendar/hooks.ts';
import { CalendarService } from './calendar/service.ts';
import { exchangeSettings } from './calendar/settings.ts';
import { missedAfterDocking, withOrderNotices, withPlanNotices } from './notices/hooks.ts';
import { FailureSpells, syncFailingSince } from './notices/rules.ts';
import { NoticeService } from './notices/service.ts';
import { localDayBounds } from '../shared/domain/time.ts';
import { PeopleData } from './people/data.ts';
import { PeopleService } from './people/service.ts';
import { RetentionService } from './retention/service.ts';
import { RetentionPolicies } from './settings/retention-policy.ts';

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
  readonly staff: StaffRegistry;
  readonly devices: DeviceRegistry;
  readonly sync: SyncService;
  readonly integrations: IntegrationsService;
  readonly retention: RetentionService;
  connect(): CoreClient;
  close(): Promise<void>;
}

/**
 * The key of an encrypted database: the stored one, or a new one for a database that does not
 * exist yet or is still plain (which is then encrypted in place, after a backup). An encrypted
 * database without its key is refused before anything is written, a new key included.
 */
async function databaseKey(config: CoreConfig, paths: DataPaths, logger: Logger): Promise<Buffer> {
  const store = (config.databaseKey ?? fileDatabaseKey)(paths.root);
  const stored = store.load();
  const exists = existsSync(paths.database) && statSync(paths.database).size > 0;
  if (stored) {
    if (isPlainDatabase(paths.database)) await encryptExisting(paths, stored, config, logger);
    return stored;
  }
  if (exists && !isPlainDatabase(paths.database))
    throw new CareDockError('db.wrongKey', { file: paths.database });
  const key = store.create();
  if (exists) await encryptExisting(paths, key, config, logger);
  return key;
}

async function encryptExisting(
  paths: DataPaths,
  key: Buffer,
  config: CoreConfig,
  logger: Logger,
): Promise<void> {
  // The copy kept from before is encrypted too: a plain copy would undo what this is for.
  const plain = openDatabase(paths.database);
  let backup: string;
  try {
    mkdirSync(paths.backups, { recursive: true });
    checkFreeSpace(plain.sqlite, paths.backups, config.statfs ?? statfsSync);
    backup = path.join(
      paths.backups,
      `caredock-before-encryption-${new Date().toISOString().replace(/[:.]/g, '-')}.db`,
    );
    config.onBackupProgress?.(0);
    copyInto(plain.sqlite, `${backup}.partial`);
  } finally {
    plain.sqlite.close();
  }
  encryptInPlace(`${backup}.partial`, key);
  renameSync(`${backup}.partial`, backup);
  encryptInPlace(paths.database, key);
  config.onBackupProgress?.(1);
  logger.info({ backup }, 'the database is encrypted now; the copy from before is in the backups');
}

/**
 * The composition root: every area's data layer and service is built here from one config
 * object, under plain Node, and their handlers combined into the one API. The Electron shell, the
 * headless host and the CLI all start the product through this.
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
    const key = config.encryptDatabase ? await databaseKey(config, paths, logger) : null;
    database = openDatabase(paths.database, key);
    const backup = await backupBeforeMigration(database.sqlite, config.migrationsDir, paths.backups, {
      onProgress: config.onBackupProgress,
      statfs: config.statfs,
      encrypted: key !== null,
    });
    const migration = applyMigrations(database.sqlite, database.db, config.migrationsDir, paths.backups, {
      backup,
    });
    if (migration.applied > 0)
      logger.info({ applied: migration.applied, backup: migration.backup }, 'database migrated');

    const { sqlite } = database;
    const open = database;
    const transaction = <T>(fn: () => T): T => sqlite.transaction(fn)();
    const shell = config.shell === 'electron' ? 'electron' : 'headless';

    // ── Each area's tables, behind its data layer ──
    const data = {
      audit: new AuditData(sqlite),
      settings: new SettingsData(sqlite),
      users: new UserRepository(sqlite),
      staff: new StaffData(sqlite),
      devices: new DeviceData(sqlite),
      recipients: new RecipientData(sqlite),
      docking: new DockingData(sqlite),
      registrations: new RegistrationData(sqlite),
      corrections: new CorrectionData(sqlite),
      attestations: new AttestationData(sqlite),
      plans: new PlanData(sqlite),
      reports: new ReportData(sqlite),
      orders: new OrderData(sqlite),
      taskServices: new TaskServiceData(sqlite),
      sync: new SyncData(sqlite),
    };
    const outbox = data.sync.outbox;
    const retentionPolicies = new RetentionPolicies(data.settings);
    const peopleData = new PeopleData(sqlite);
    const audit = createAuditLog(data.audit);
    const settings = createSettingsStore(data.settings);
    const timeZone = () => settings.get().timeZone;
    const directory = (viewer: Caller) => new Directory(data.staff.names(), data.recipients.names(), viewer);
    // Live events follow the same rule as calls: re-read the user, then the access the stream asks.
    const clients = new ClientRegistry((client, event) => {
      auth.applyIdleLock(client);
      const user = client.userId === null ? null : data.users.byId(client.userId);
      return accessRefusal(eventAccess[event], client, user?.active ? user : null) === null;
    });

    // ── Who works here ──
    const auth = new AuthService({
      transaction,
      users: data.users,
      audit,
      settings,
      clients,
      passwordCostLog2: config.passwordCostLog2,
      idleLockSecondsOverride: config.idleLockSecondsOverride,
    });
    const userAdmin = new UserAdmin({
      transaction,
      users: data.users,
      audit,
      passwordCostLog2: config.passwordCostLog2,
      defaultLanguage: () => settings.get().defaultLanguage,
      onUserChanged: (id) => auth.announceUser(id),
    });
    const staff = new StaffRegistry(sqlite, data.staff, audit);
    const devices = new DeviceRegistry(sqlite, data.devices, data.recipients, audit);
    const recipients = new RecipientService(data.recipients, audit);

    // ── One job queue for everything that is retried: sync, notices, later integrations ──
    const queue = new JobQueue({
      sqlite,
      kinds: workstationJobKinds,
      audit: (actor, action, subject, details) =>
        audit.record({ id: null, username: actor }, action, subject, details),
    });

    // ── Notices to staff and recipients, on the job queue ──
    const integrations = new IntegrationsService({
      sqlite,
      queue,
      logger,
      secrets: (config.secretStore ?? fileSecretStore)(paths.root),
    });

    const notices = new NoticeService({
      sqlite,
      queue: integrations.queue,
      data: new NoticeData(sqlite),
      settings: data.settings,
      channels: integrations.settings,
      secrets: integrations.secrets,
      recipients: data.recipients,
      staff: data.staff,
      plans: data.plans,
      timeZone,
      defaultLanguage: () => settings.get().defaultLanguage,
      providerName: () => data.sync.installation.get()?.providerName ?? '',
      now: () => Date.now() + config.noticeClockOffsetMs,
    });
    // ── The performers' Exchange calendars, on the same queue ──
    const calendarBackend = config.calendarBackend ?? calendarBackendOf(integrations.secrets);
    const calendarData = new CalendarData(sqlite);
    const calendar = new CalendarService({
      sqlite,
      queue,
      data: calendarData,
      plans: data.plans,
      staff: data.staff,
      recipients: data.recipients,
      settings: exchangeSettings(sqlite),
      backend: calendarBackend,
      timeZone,
      language: () => settings.get().defaultLanguage,
      now: () => Date.now(),
      logger,
    });
    const calendarAdmin = new CalendarAdmin({
      settings: exchangeSettings(sqlite),
      secrets: integrations.secrets,
      staff: data.staff,
      data: calendarData,
      backend: calendarBackend,
    });
    const noticeChannels = new NoticeChannels(integrations.settings, integrations.secrets);
    const contacts = new Contacts({
      recipients: data.recipients,
      staff: data.staff,
      audit,
      country: () => integrations.settings.sms()?.country ?? 'SE',
    });

    // ── Sync: what flows up is read from the areas, what flows down is written by them ──
    const sync = new SyncService({
      data: data.sync,
      areas: {
        plan: withPlanCalendar(withPlanNotices(data.plans, notices), calendar),
        order: withOrderNotices(data.orders, notices),
        tag: data.devices,
        recipient: data.recipients,
        staff: data.staff,
        retention: retentionPolicies,
        erasure: peopleData,
      },
      pushSources: {
        registrations: (ids) => data.registrations.forPush(ids),
        corrections: (ids) => data.corrections.forPush(ids),
        attestations: (ids) => data.attestations.forPush(ids),
        planEdits: (ids) => data.plans.editsForPush(ids),
        deviationReports: (ids) => data.reports.forPush(ids),
      },
      logger,
      queue,
      keyStore: (config.keyStore ?? fileKeyStore)(paths.root),
      clientVersion: config.version,
      intervalMs: config.syncIntervalSeconds * 1000,
      timeoutMs: config.syncTimeoutMs,
      renewBeforeMs: config.certificateRenewBeforeDays * 86_400_000,
      renewalClockOffsetMs: config.renewalClockOffsetMs,
      onStatus: (status) => clients.broadcast('sync.changed', status),
    });
    const outboxChanged = () => sync.outboxChanged();

    // ── Docking ──
    const sources: DockSource[] = config.watchDevices
      ? [configuredDocksSource(() => devices.listSerialDocks()), usbSource(logger), serialListSource(logger)]
      : [];
    const ingest = new RegistrationIngest({
      sqlite,
      registrations: data.registrations,
      docking: data.docking,
      staff: data.staff,
      devices: data.devices,
      outbox,
    });
    const docking = new DockingManager({
      logger,
      sources,
      pollMs: config.dockPollMs,
      ingest,
      sessions: data.docking,
      seePen: (identity) => staff.seePen(identity),
      staffNameOf: (serial) => staff.currentStaff(serial)?.name ?? null,
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
    // New registrations mean new outbox rows: count them and sync soon (the listener is set
    // below, with the missed-visit notices). Not every docking view change: idle docks are
    // polled every 2 s, and each would start a sync pass.

    // ── The office's and the coordinator's work ──
    /** Task-code tables are the municipality's; before installation the workstation keeps its own. */
    const municipalityId = () => sync.installation()?.municipalityId ?? 'local';
    const attestations: AttestationService = new AttestationService({
      sqlite,
      attestations: data.attestations,
      registrations: data.registrations,
      outbox,
      audit,
      directory,
      timeZone,
      settings: () => settings.get(),
      // Both are read at the attest; the services they come from are made just below.
      figures: (month, recipientId) => billing.figures(month, recipientId),
      problems: (month, recipientId) => registrations.problems(month, recipientId),
      outboxChanged,
    });
    const registrations: RegistrationService = new RegistrationService({
      sources: data,
      directory,
      attestationLookup: () => attestations.lookup(),
      timeZone,
    });
    const corrections = new CorrectionService({
      sqlite,
      corrections: data.corrections,
      registrations: data.registrations,
      devices: data.devices,
      staffExists: (id) => data.staff.exists(id),
      recipientExists: (id) => data.recipients.exists(id),
      attestations,
      outbox,
      audit,
      timeZone,
      outboxChanged,
    });
    const taskServices = new TaskServiceService(sqlite, data.taskServices, audit, municipalityId);
    const plans = new PlanService({
      sqlite,
      plans: data.plans,
      orders: data.orders,
      recipients: data.recipients,
      staff: data.staff,
      outbox,
      audit,
      directory,
      timeZone,
      outboxChanged,
      planChanged: (before, after) => {
        notices.planChanged(before, after);
        calendar.planChanged(after.id);
      },
    });
    const billing: BillingService = new BillingService({
      orders: data.orders,
      plans: data.plans,
      registrations,
      attestations,
      audit,
      directory,
      settings: () => settings.get(),
      timeZone,
      taskServices: () => data.taskServices.list(municipalityId()),
      now: () => Date.now(),
      installation: () => sync.installation(),
    });

    const retention = new RetentionService({
      sqlite,
      policy: () => retentionPolicies.current(),
      registrations: data.registrations,
      corrections: data.corrections,
      outbox,
      docking: data.docking,
      audit: data.audit,
      auditLog: audit,
      notices: integrations.queue,
      attested: () => attestations.lock(),
      logger,
    });

    const dispatch = createDispatcher({
      handlers: createHandlers({
        app: {
          version: config.version,
          shell,
          users: data.users,
          settings,
          audit,
          startDemo: config.startDemo,
          warnings: () => dataFolderWarnings(folder),
        },
        auth,
        userAdmin,
        audit,
        directory,
        staff,
        devices,
        docksChanged: () => void docking.scan(),
        recipients,
        docking,
        dockSessions: data.docking,
        registrations,
        corrections,
        attestations,
        plans,
        reports: new ReportService({
          sqlite,
          reports: data.reports,
          plans: data.plans,
          outbox,
          audit,
          outboxChanged,
        }),
        orders: new OrderService(data.orders, directory),
        taskServices,
        billing,
        people: new PeopleService({
          sqlite,
          data: peopleData,
          audit,
          logger,
          policy: () => retentionPolicies.current(),
          backupsDir: paths.backups,
          openBackup: (file) => openDatabase(file, key).sqlite,
        }),
        sync,
        jobs: queue,
        notices: { channels: noticeChannels, service: notices, contacts },
        calendar: { admin: calendarAdmin, service: calendar },
      }),
      logger,
      authenticate: (client, name) => auth.authenticate(client, name),
      transaction: (step) => open.sqlite.transaction(step).immediate(),
    });

    // The lock must fall even when nobody calls: a timer looks at every client once a second.
    const idleTimer = setInterval(() => {
      for (const client of clients.all()) auth.applyIdleLock(client);
    }, 1000);
    idleTimer.unref();
    // Docking or sync failing for longer than the rule allows tells the admins, once per spell.
    const spells = new FailureSpells();
    const failingTimer = setInterval(() => {
      try {
        notices.failing('sync', syncFailingSince(sync.status()));
        const docksFailing = docking.state().docks.some((d) => d.error !== null);
        notices.failing('docking', spells.observe('docking', docksFailing, Date.now()));
      } catch (error) {
        logger.error(
          { err: error instanceof Error ? error.name : 'unknown' },
          'failing-too-long check failed',
        );
      }
    }, 60_000);
    failingTimer.unref();

    docking.start();
    // Before any runner: the previous process's leases end now (the data lock admits one process).
    queue.releaseOrphanedLeases();
    sync.start();
    integrations.start();
    calendar.start();
    notices.start();
    // A docking that revealed missed visits tells the coordinators: once the pen's upload has
    // been quiet for a moment (pairing the days again per batch would slow docking), after its
    // commits; idempotency keys make a second look harmless.
    const missedChecks = new Map<string, ReturnType<typeof setTimeout>>();
    const checkMissed = (penSerial: string) => {
      missedChecks.delete(penSerial);
      if (closed) return;
      try {
        const tz = timeZone();
        const missed = missedAfterDocking(
          (start, end) => registrations.paired(start, end).paired.result,
          staff.currentStaff(penSerial)?.id ?? null,
          Date.now(),
          tz,
          (date) => localDayBounds(date, tz),
          (planId) => {
            const p = data.plans.byId(planId);
            return p ? Date.parse(p.plannedEnd) : null;
          },
        );
        notices.missedVisits(missed);
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'missed-visit notices failed');
      }
    };
    ingest.onInserted((penSerial) => {
      outboxChanged();
      if (!notices.rules().missedVisit.enabled) return;
      clearTimeout(missedChecks.get(penSerial));
      const timer = setTimeout(() => checkMissed(penSerial), 2000);
      timer.unref();
      missedChecks.set(penSerial, timer);
    });
    if (config.retention) retention.start();
    logger.info({ shell: config.shell, version: config.version }, 'core started');
    return {
      config,
      paths,
      dataFolder: folder,
      logger,
      database: open,
      migration,
      docking,
      staff,
      devices,
      sync,
      integrations,
      retention,
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
        clearInterval(failingTimer);
        for (const timer of missedChecks.values()) clearTimeout(timer);
        logger.info('core stopping');
        await docking.stop();
        await sync.stop();
        notices.stop();
        await integrations.stop();
        await calendar.stop();
        await retention.stop();
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
