// `caredock server …` — the top-level bin calls serverMain with the arguments after "server".
// Admin commands use the running server's admin API when one runs on the data dir (embedded
// PGlite allows one process), and open the database directly otherwise.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { ServerContext } from './context.ts';
import { openContext } from './bootstrap.ts';
import { dataPaths } from './paths.ts';
import type { DataPaths } from './paths.ts';
import { initServer } from './init.ts';
import { NonDurableEngineError, startServer } from './server.ts';
import { readRunInfo } from './runFile.ts';
import { AdminApiError, adminRequest, type FileBody } from './adminClient.ts';
import { importIsolated } from './exchange/isolatedImport.ts';
import { getInboxSettings, inboxCost, listMessages, putConsent, putInboxSettings } from './inbox/admin.ts';
import { getTwebSettings, listTransactions, putTwebSettings } from './tweb/admin.ts';
import { exportMonth } from './exchange/exportMonth.ts';
import {
  fileFormatSchema,
  getExchangeSettings,
  listExchangeFiles,
  putExchangeSettings,
} from './exchange/admin.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addMunicipality,
  addProvider,
  addProviderAddress,
  listMunicipalities,
  listProviders,
  parseInput,
  removeProviderAddress,
} from './admin/organisations.ts';
import { createEnrolmentCode } from './admin/enrolmentCodes.ts';
import { erasePerson, exportPerson } from './admin/people.ts';
import { exportInstallProfile } from './admin/profile.ts';
import { listWorkstations, revokeWorkstation } from './admin/workstations.ts';
import { AdminError } from './errors.ts';
import { CareDockError, formatMessage, isErrorCode, languageFromLocale } from '../shared/errors/index.ts';

const cliLanguage = () => languageFromLocale(process.env);
import { createLogger } from './log.ts';
import { runPrimary, tellPrimary, workerIndex } from './workers.ts';
import { parseState, withServerQueue } from './jobs/cli.ts';
import { jobLine } from '../shared/jobs/index.ts';
import { listAudit, listAuditInput } from './audit.ts';
import { createAccountForAdmin, listAccountsForAdmin, resetAccountForAdmin } from './console/adminRoutes.ts';

const USAGE = `usage: caredock server <command> --data DIR [options]
  init --data DIR [--ca-name NAME] [--url https://HOST:PORT/] [--host ADDR] [--port N] [--admin-port N] [--dns NAME]… [--ip ADDR]…
  start --data DIR [--port N] [--host 127.0.0.1] [--admin-port N] [--console-port N] [--workers N] [--allow-non-durable]
  municipality add --data DIR --id ID --name NAME
  municipality list --data DIR
  provider add --data DIR --id ID --municipality ID --name NAME
  provider list --data DIR [--municipality ID]
  provider ip add|remove --data DIR --provider ID --address IP
  enrolment-code --data DIR --provider ID [--valid-hours N]
  profile export --data DIR --municipality ID [--url URL] [--out FILE]
  workstation list --data DIR [--provider ID]
  workstation revoke --data DIR --id WORKSTATION_ID [--reason TEXT]
  jobs list --data DIR [--state STATE] [--channel NAME]
  jobs retry --data DIR --id JOB_ID
  audit --data DIR [--provider ID] [--after ID] [--limit N]
  person export|erase --data DIR --provider ID   (reads the personnummer from stdin)
  import bfu|mfu --data DIR --municipality ID FILE
  export --data DIR --provider ID --month YYYY-MM
  exchange files --data DIR --municipality ID [--limit N]
  exchange settings --data DIR --municipality ID [--file SETTINGS.json]
  inbox settings --data DIR --municipality ID [--file SETTINGS.json]
  inbox consent --data DIR --municipality ID --recipient ID --consent yes|no [--weekly]
  inbox messages|cost --data DIR --municipality ID [--limit N]
  tweb settings --data DIR --municipality ID [--file SETTINGS.json]
  tweb transactions --data DIR --municipality ID [--limit N]
  console account add --data DIR --username NAME --name "FULL NAME" --role ROLE… [--see-protected]
  console account list|reset --data DIR [--username NAME]

The sync API listens on --host/--port (workstations connect there); the admin API has its own
listener on 127.0.0.1 (--admin-port, a free port by default) and needs DATA/admin-token.
--workers N runs N server processes sharing these listeners (PostgreSQL only: DATABASE_URL).
start refuses an engine that can lose acknowledged commits in a power cut unless
--allow-non-durable is given.`;

const OPTIONS = {
  data: { type: 'string' },
  port: { type: 'string' },
  'admin-port': { type: 'string' },
  'console-port': { type: 'string' },
  'allow-non-durable': { type: 'boolean' },
  workers: { type: 'string' },
  after: { type: 'string' },
  limit: { type: 'string' },
  host: { type: 'string' },
  url: { type: 'string' },
  'ca-name': { type: 'string' },
  dns: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  id: { type: 'string' },
  name: { type: 'string' },
  municipality: { type: 'string' },
  provider: { type: 'string' },
  address: { type: 'string' },
  'valid-hours': { type: 'string' },
  out: { type: 'string' },
  month: { type: 'string' },
  file: { type: 'string' },
  reason: { type: 'string' },
  state: { type: 'string' },
  channel: { type: 'string' },
  recipient: { type: 'string' },
  consent: { type: 'string' },
  weekly: { type: 'boolean' },
  username: { type: 'string' },
  role: { type: 'string', multiple: true },
  'see-protected': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** One line of standard input (what must not be an argument); the process's stdin by default. */
  readLine?: () => Promise<string>;
}

async function readStdinLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

class UsageError extends Error {}

/** The running server answered with a code of the shared catalogue: show it in the CLI's language. */
function catalogueErrorOf(err: unknown): CareDockError | null {
  if (!(err instanceof AdminApiError)) return null;
  try {
    const body = JSON.parse(err.message) as { error?: { code?: unknown; params?: unknown } };
    const code = body.error?.code;
    if (typeof code === 'string' && isErrorCode(code))
      return new CareDockError(
        code,
        (body.error?.params as Record<string, string | number> | undefined) ?? {},
      );
  } catch {
    return null;
  }
  return null;
}

/** One line per import for the person at the terminal, in their language. */
function importLine(o: {
  status: string;
  code: string | null;
  params: Record<string, string | number>;
  records: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  resultFile: string;
}): string {
  const lang = cliLanguage();
  const what = o.code
    ? formatMessage(o.code, o.params, lang)
    : `${o.accepted} + ${o.unchanged} = ${o.records}`;
  return `${o.status}: ${what} — ${o.resultFile}`;
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${flag}`);
  return value;
}

function intFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a number`);
  return Number(value);
}

/** An admin operation both ways: directly on the database, or through the running server. */
interface AdminOp {
  direct: (ctx: ServerContext) => Promise<unknown>;
  api: { method: string; path: string; body?: unknown; upload?: FileBody };
}

async function runAdmin(paths: DataPaths, op: AdminOp): Promise<unknown> {
  const running = readRunInfo(paths);
  if (running) {
    try {
      return await adminRequest(paths, running, op.api.method, op.api.path, op.api.body, op.api.upload);
    } catch (err) {
      throw catalogueErrorOf(err) ?? err;
    }
  }
  // Quiet logger: the CLI prints results, not log lines.
  const ctx = await openContext({ dataDir: paths.root, log: createLogger({ level: 'warn' }) });
  try {
    return await op.direct(ctx);
  } finally {
    await ctx.database.close();
  }
}

const enc = encodeURIComponent;

export async function serverMain(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    io.err(USAGE);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [cmd, sub, sub2] = positionals;
  if (v.help || cmd === undefined) {
    io.out(USAGE);
    return cmd === undefined && !v.help ? 2 : 0;
  }
  try {
    const paths = dataPaths(need(v.data, 'data'));
    const print = (value: unknown): void => io.out(JSON.stringify(value, null, 2));
    if (cmd === 'import') {
      const format = fileFormatSchema.safeParse(sub);
      if (!format.success || sub2 === undefined)
        throw new UsageError('usage: import bfu|mfu --municipality ID FILE');
      const municipalityId = need(v.municipality, 'municipality');
      const file = path.resolve(sub2);
      if (!existsSync(file)) throw new CareDockError('exchange.file.unreadable', { file: sub2 });
      const name = path.basename(file);
      const outcome = (await runAdmin(paths, {
        direct: (c) =>
          importIsolated(c, {
            municipalityId,
            format: format.data,
            file,
            name,
            source: 'cli',
            onProgress: (n) => io.err(`… ${n}`),
          }),
        api: {
          method: 'POST',
          path: `/admin/municipalities/${enc(municipalityId)}/exchange/${format.data}?name=${enc(name)}`,
          upload: { file },
        },
      })) as Parameters<typeof importLine>[0];
      io.out(importLine(outcome));
      return outcome.status === 'refused' ? 1 : 0;
    }
    switch (`${cmd} ${sub ?? ''} ${sub2 ?? ''}`.trim()) {
      case 'export': {
        const providerId = need(v.provider, 'provider');
        const month = need(v.month, 'month');
        print(
          await runAdmin(paths, {
            direct: (c) => exportMonth(c, providerId, month),
            api: {
              method: 'POST',
              path: `/admin/providers/${enc(providerId)}/exchange/export`,
              body: { month },
            },
          }),
        );
        return 0;
      }
      case 'exchange files': {
        const municipalityId = need(v.municipality, 'municipality');
        const limit = intFlag(v.limit, 'limit') ?? 50;
        print(
          await runAdmin(paths, {
            direct: (c) => listExchangeFiles(c, municipalityId, limit),
            api: {
              method: 'GET',
              path: `/admin/municipalities/${enc(municipalityId)}/exchange/files?limit=${limit}`,
            },
          }),
        );
        return 0;
      }
      case 'exchange settings': {
        const municipalityId = need(v.municipality, 'municipality');
        const body: unknown = v.file === undefined ? undefined : JSON.parse(readFileSync(v.file, 'utf8'));
        print(
          await runAdmin(paths, {
            direct: (c) =>
              body === undefined
                ? getExchangeSettings(c, municipalityId)
                : putExchangeSettings(c, municipalityId, body),
            api:
              body === undefined
                ? { method: 'GET', path: `/admin/municipalities/${enc(municipalityId)}/exchange/settings` }
                : {
                    method: 'PUT',
                    path: `/admin/municipalities/${enc(municipalityId)}/exchange/settings`,
                    body,
                  },
          }),
        );
        return 0;
      }
      case 'inbox settings': {
        const municipalityId = need(v.municipality, 'municipality');
        const body: unknown = v.file === undefined ? undefined : JSON.parse(readFileSync(v.file, 'utf8'));
        const where = `/admin/municipalities/${enc(municipalityId)}/inbox/settings`;
        print(
          await runAdmin(paths, {
            direct: (c) =>
              body === undefined
                ? getInboxSettings(c, municipalityId)
                : putInboxSettings(c, municipalityId, body, 'admin'),
            api: body === undefined ? { method: 'GET', path: where } : { method: 'PUT', path: where, body },
          }),
        );
        return 0;
      }
      case 'inbox consent': {
        const municipalityId = need(v.municipality, 'municipality');
        const recipientId = need(v.recipient, 'recipient');
        const answer = need(v.consent, 'consent');
        if (answer !== 'yes' && answer !== 'no') throw new UsageError('--consent is yes or no');
        const input = { consent: answer === 'yes', weekly: v.weekly === true };
        print(
          await runAdmin(paths, {
            direct: (c) => putConsent(c, municipalityId, recipientId, input, 'admin'),
            api: {
              method: 'PUT',
              path: `/admin/municipalities/${enc(municipalityId)}/inbox/recipients/${enc(recipientId)}/consent`,
              body: input,
            },
          }),
        );
        return 0;
      }
      case 'inbox messages':
      case 'inbox cost': {
        const municipalityId = need(v.municipality, 'municipality');
        const limit = intFlag(v.limit, 'limit') ?? 100;
        const cost = sub === 'cost';
        print(
          await runAdmin(paths, {
            direct: (c) => (cost ? inboxCost(c, municipalityId) : listMessages(c, municipalityId, limit)),
            api: {
              method: 'GET',
              path: `/admin/municipalities/${enc(municipalityId)}/inbox/${cost ? 'cost' : `messages?limit=${limit}`}`,
            },
          }),
        );
        return 0;
      }
      case 'tweb settings': {
        const municipalityId = need(v.municipality, 'municipality');
        const body: unknown = v.file === undefined ? undefined : JSON.parse(readFileSync(v.file, 'utf8'));
        const where = `/admin/municipalities/${enc(municipalityId)}/tweb/settings`;
        print(
          await runAdmin(paths, {
            direct: (c) =>
              body === undefined
                ? getTwebSettings(c, municipalityId)
                : putTwebSettings(c, municipalityId, body, 'admin'),
            api: body === undefined ? { method: 'GET', path: where } : { method: 'PUT', path: where, body },
          }),
        );
        return 0;
      }
      case 'tweb transactions': {
        const municipalityId = need(v.municipality, 'municipality');
        const limit = intFlag(v.limit, 'limit') ?? 100;
        print(
          await runAdmin(paths, {
            direct: (c) => listTransactions(c, municipalityId, limit),
            api: {
              method: 'GET',
              path: `/admin/municipalities/${enc(municipalityId)}/tweb/transactions?limit=${limit}`,
            },
          }),
        );
        return 0;
      }
      case 'init': {
        const r = await initServer({
          dataDir: paths.root,
          caName: v['ca-name'],
          host: v.host,
          port: intFlag(v.port, 'port'),
          adminPort: intFlag(v['admin-port'], 'admin-port'),
          publicUrl: v.url,
          dnsNames: v.dns,
          ipAddresses: v.ip,
          log: createLogger({ level: 'warn' }),
        });
        io.out(
          `CareDock server initialised in ${r.dataDir} (public URL ${r.publicUrl}; admin token in ${r.adminTokenPath})`,
        );
        return 0;
      }
      case 'start':
        return await start(
          paths,
          {
            host: v.host,
            port: intFlag(v.port, 'port'),
            adminPort: intFlag(v['admin-port'], 'admin-port'),
            consolePort: intFlag(v['console-port'], 'console-port'),
            allowNonDurable: v['allow-non-durable'] === true,
            workers: intFlag(v.workers, 'workers') ?? 1,
          },
          io,
        );
      case 'audit': {
        const input = parseInput(listAuditInput, {
          providerId: v.provider,
          afterId: v.after,
          limit: intFlag(v.limit, 'limit'),
        });
        const q = new URLSearchParams();
        if (input.providerId !== undefined) q.set('providerId', input.providerId);
        if (input.afterId !== undefined) q.set('afterId', input.afterId.toString());
        if (input.limit !== undefined) q.set('limit', String(input.limit));
        const rows = await runAdmin(paths, {
          direct: (c) => listAudit(c.database.db, input),
          api: { method: 'GET', path: `/admin/audit${q.size > 0 ? `?${q.toString()}` : ''}` },
        });
        for (const row of Array.isArray(rows) ? rows : []) io.out(JSON.stringify(row));
        return 0;
      }
      case 'municipality add': {
        const body = { id: need(v.id, 'id'), name: need(v.name, 'name') };
        print(
          await runAdmin(paths, {
            direct: (c) => addMunicipality(c, body),
            api: { method: 'POST', path: '/admin/municipalities', body },
          }),
        );
        return 0;
      }
      case 'municipality list':
        print(
          await runAdmin(paths, {
            direct: (c) => listMunicipalities(c),
            api: { method: 'GET', path: '/admin/municipalities' },
          }),
        );
        return 0;
      case 'provider add': {
        const body = {
          id: need(v.id, 'id'),
          municipalityId: need(v.municipality, 'municipality'),
          name: need(v.name, 'name'),
        };
        print(
          await runAdmin(paths, {
            direct: (c) => addProvider(c, body),
            api: { method: 'POST', path: '/admin/providers', body },
          }),
        );
        return 0;
      }
      case 'provider list': {
        const m = v.municipality;
        print(
          await runAdmin(paths, {
            direct: (c) => listProviders(c, m),
            api: { method: 'GET', path: `/admin/providers${m ? `?municipalityId=${enc(m)}` : ''}` },
          }),
        );
        return 0;
      }
      case 'provider ip add':
      case 'provider ip remove': {
        const providerId = need(v.provider, 'provider');
        const address = need(v.address, 'address');
        const add = sub2 === 'add';
        print(
          await runAdmin(paths, {
            direct: (c) =>
              add
                ? addProviderAddress(c, { providerId, address })
                : removeProviderAddress(c, { providerId, address }),
            api: add
              ? { method: 'POST', path: `/admin/providers/${enc(providerId)}/addresses`, body: { address } }
              : { method: 'DELETE', path: `/admin/providers/${enc(providerId)}/addresses/${enc(address)}` },
          }),
        );
        return 0;
      }
      case 'enrolment-code': {
        const providerId = need(v.provider, 'provider');
        const validHours = intFlag(v['valid-hours'], 'valid-hours');
        print(
          await runAdmin(paths, {
            direct: (c) => createEnrolmentCode(c, { providerId, validHours }),
            api: {
              method: 'POST',
              path: `/admin/providers/${enc(providerId)}/enrolment-codes`,
              body: validHours === undefined ? {} : { validHours },
            },
          }),
        );
        return 0;
      }
      case 'profile export': {
        const municipalityId = need(v.municipality, 'municipality');
        const url = v.url;
        const profile = await runAdmin(paths, {
          direct: (c) => exportInstallProfile(c, municipalityId, url),
          api: {
            method: 'GET',
            path: `/admin/municipalities/${enc(municipalityId)}/profile${url ? `?serverUrl=${enc(url)}` : ''}`,
          },
        });
        const text = `${JSON.stringify(profile, null, 2)}\n`;
        if (v.out) {
          writeFileSync(v.out, text, { mode: 0o644 });
          io.out(`install profile written to ${v.out}`);
        } else io.out(text.trimEnd());
        return 0;
      }
      case 'person export':
      case 'person erase': {
        const providerId = need(v.provider, 'provider');
        // From stdin, so the number stays out of the shell's history and the process list.
        const personalIdentityNumber = (await (io.readLine ?? readStdinLine)()).trim();
        const body = { personalIdentityNumber };
        const erase = sub === 'erase';
        print(
          await runAdmin(paths, {
            direct: (c) => (erase ? erasePerson(c, providerId, body) : exportPerson(c, providerId, body)),
            api: {
              method: 'POST',
              path: `/admin/providers/${enc(providerId)}/people/${erase ? 'erase' : 'export'}`,
              body,
            },
          }),
        );
        return 0;
      }
      case 'console account add':
      case 'console account reset':
      case 'console account list': {
        if (sub2 === 'add') {
          const body = {
            username: need(v.username, 'username'),
            displayName: need(v.name, 'name'),
            roles: v.role ?? [],
            seeProtected: v['see-protected'] === true,
          };
          print(
            await runAdmin(paths, {
              direct: (c) => createAccountForAdmin(c, body),
              api: { method: 'POST', path: '/admin/console/accounts', body },
            }),
          );
          return 0;
        }
        if (sub2 === 'reset') {
          const username = need(v.username, 'username');
          print(
            await runAdmin(paths, {
              direct: (c) => resetAccountForAdmin(c, username),
              api: { method: 'POST', path: `/admin/console/accounts/${enc(username)}/reset` },
            }),
          );
          return 0;
        }
        if (sub2 === 'list') {
          print(
            await runAdmin(paths, {
              direct: (c) => listAccountsForAdmin(c),
              api: { method: 'GET', path: '/admin/console/accounts' },
            }),
          );
          return 0;
        }
        throw new UsageError('usage: console account add|list|reset');
      }
      case 'workstation list': {
        const p = v.provider;
        print(
          await runAdmin(paths, {
            direct: (c) => listWorkstations(c, p),
            api: { method: 'GET', path: `/admin/workstations${p ? `?providerId=${enc(p)}` : ''}` },
          }),
        );
        return 0;
      }
      case 'workstation revoke': {
        const workstationId = need(v.id, 'id');
        const reason = v.reason;
        await runAdmin(paths, {
          direct: (c) => revokeWorkstation(c, { workstationId, reason }),
          api: {
            method: 'POST',
            path: `/admin/workstations/${enc(workstationId)}/revoke`,
            body: reason ? { reason } : {},
          },
        });
        io.out(`workstation ${workstationId} revoked`);
        return 0;
      }
      case 'jobs list':
      case 'jobs retry': {
        if (readRunInfo(paths))
          throw new Error(
            'the server runs on this data dir: stop it first ("caredock server jobs" opens the database directly)',
          );
        const state = parseState(v.state);
        const lang = cliLanguage();
        const ctx = await openContext({ dataDir: paths.root, log: createLogger({ level: 'warn' }) });
        try {
          await withServerQueue(ctx, async (q) => {
            if (sub === 'retry') {
              io.out(jobLine(await q.admin.retry(need(v.id, 'id')), lang));
              return;
            }
            const jobs = await q.admin.list({
              ...(state ? { state } : {}),
              ...(v.channel ? { channel: v.channel } : {}),
              limit: 1000,
            });
            for (const j of jobs) io.out(jobLine(j, lang));
            if (jobs.length === 0) io.out('no jobs');
          });
        } finally {
          await ctx.database.close();
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      io.err(USAGE);
      return 2;
    }
    if (err instanceof CareDockError) {
      io.err(`${formatMessage(err.code, err.params, cliLanguage())} [${err.code}]`);
      return 1;
    }
    io.err(
      err instanceof AdminError
        ? `${err.code}: ${err.message}`
        : err instanceof Error
          ? err.message
          : String(err),
    );
    return 1;
  }
}

interface StartFlags {
  host: string | undefined;
  port: number | undefined;
  adminPort: number | undefined;
  consolePort: number | undefined;
  allowNonDurable: boolean;
  workers: number;
}

async function start(paths: DataPaths, flags: StartFlags, io: Io): Promise<number> {
  const worker = workerIndex();
  if (worker === null) {
    const running = readRunInfo(paths);
    if (running) {
      io.err(`a server already runs on ${paths.root} (pid ${running.pid})`);
      return 1;
    }
    if (flags.workers < 1 || flags.workers > 64) throw new UsageError('--workers must be between 1 and 64');
    if (flags.workers > 1) {
      if (!process.env['DATABASE_URL']) {
        io.err(
          '--workers needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process. Start one process, or move to PostgreSQL first.',
        );
        return 1;
      }
      return runPrimary(paths, flags.workers, io);
    }
  }
  let server;
  try {
    server = await startServer({
      dataDir: paths.root,
      host: flags.host,
      port: flags.port,
      adminPort: flags.adminPort,
      consolePort: flags.consolePort,
      requireDurable: !flags.allowNonDurable,
      // The file exchange, 1177 and TWeb pollers run in the first worker only: one process
      // watches the drop folders; the shared job queue spreads nothing they need.
      ...(worker === null
        ? {}
        : { runFile: false, exchange: worker === 0, inbox: worker === 0, tweb: worker === 0 }),
    });
  } catch (err) {
    if (worker !== null)
      tellPrimary({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    if (err instanceof NonDurableEngineError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
  // Listeners before the ready line: a signal sent on reading it must find them in place.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (worker !== null) {
    const address = (app: typeof server.app | null): number | null => {
      const a = app?.server.address();
      return typeof a === 'object' && a !== null ? a.port : null;
    };
    tellPrimary({
      type: 'ready',
      url: server.url,
      adminUrl: server.adminUrl,
      consoleUrl: server.consoleUrl,
      host: server.host,
      port: server.port,
      adminPort: server.adminPort,
      consolePort: address(server.consoleApp),
    });
  } else {
    io.out(`CareDock server ready at ${server.url} (admin API on ${server.adminUrl}, this computer only)`);
    if (server.consoleUrl) io.out(`Municipality console at ${server.consoleUrl}`);
  }
  await stopped;
  await server.close();
  return 0;
}
