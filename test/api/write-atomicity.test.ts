// No procedure may write and then answer an error: an input is refused before anything is written,
// and an answer outside the contract rolls back what its handler wrote.
import { defaultRules } from '../../src/main/notices/templates.ts';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../src/main/api/dispatcher.ts';
import { ClientRegistry } from '../../src/main/api/clients.ts';
import type { UserRow } from '../../src/main/auth/data.ts';
import type { CoreClient } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { procedures, type ProcedureName } from '../../src/shared/api/index.ts';
import pino from 'pino';
import { ADMIN, ok, startTestCore, tempDir, type TestCore } from '../helpers/core.ts';
import { at, seedPeople, seedRegistration } from '../helpers/seed.ts';

const writeProcedures = (Object.keys(procedures) as ProcedureName[]).filter(
  (n) => !(procedures[n] as { readonly?: boolean }).readonly,
);

/** A valid call of every write procedure against the seeded core below. */
function validInputs(ids: { registration: string; attestation: string; plan: string; nils: number }) {
  const inputs: Record<string, unknown> = {
    'app.startDemo': {},
    'auth.setup': { username: 'zed', displayName: 'Zed', password: 'långt-nog-lösen' },
    'auth.login': { username: ADMIN.username, password: ADMIN.password },
    'auth.logout': {},
    'auth.unlock': { password: ADMIN.password },
    'auth.lock': {},
    'auth.activity': {},
    'auth.changePassword': { currentPassword: ADMIN.password, newPassword: ADMIN.password },
    'auth.setLanguage': { language: 'sv' },
    'users.create': {
      username: 'nora',
      displayName: 'Nora',
      password: 'tillfälligt-lösen',
      roles: ['office'],
    },
    'users.update': { id: ids.nils, displayName: 'Nils N' },
    'users.resetPassword': { id: ids.nils, password: 'tillfälligt-lösen' },
    'settings.update': { idleLockSeconds: 600, billingColumns: [{ key: 'month', header: 'Period' }] },
    'staff.create': { name: 'Ny Person' },
    'pens.update': { serial: 'PEN-1', label: 'Penna 1' },
    'pens.assign': { serial: 'PEN-1', staffId: 's-anna', from: '2026-05-01T00:00:00Z' },
    'serialDocks.add': { path: '/dev/ttyS9', label: 'Docka' },
    'serialDocks.remove': { id: 999 },
    'tags.enrol': { uid: 'DDDDDDDD', recipientId: 'r-1', label: 'Hallen' },
    'tags.cancelRead': {},
    'tags.readFromReader': { timeoutSeconds: 1 },
    'docking.cancel': { dockId: 'none' },
    'docking.attachSimulator': { pens: 1, records: 0 },
    'corrections.create': {
      correctsId: ids.registration,
      reason: 'Fel tid på ankomsten',
      changes: { time: { date: '2026-05-12', time: '08:05' } },
    },
    'corrections.manualVisit': {
      staffId: 's-anna',
      recipientId: 'r-1',
      date: '2026-05-13',
      arrive: '09:00',
      depart: '09:30',
      reason: 'Pennan glömd hemma',
    },
    'corrections.reattribute': {
      source: 'pen',
      key: 'PEN-1',
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
      staffId: 's-bo',
      reason: 'Bos penna från maj',
    },
    'plans.editSeries': { seriesId: ids.plan, from: '2026-05-01', cancel: true },
    'taskServices.set': { rows: [{ taskCode: 7, serviceCode: 'SE' }] },
    'attestations.create': { month: '2026-04' },
    'attestations.reopen': { id: ids.attestation, reason: 'Fel underlag' },
    'recipients.get': { id: 'r-1' },
    'plans.save': {
      id: ids.plan,
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-13',
      start: '08:00',
      end: '08:45',
      tasks: ['PO'],
    },
    'plans.cancel': { id: ids.plan },
    'reports.file': { kind: 'missed', planId: ids.plan, text: 'Besöket blev inte av' },
    'plans.generate': {
      orderId: 'o-1',
      from: '2026-05-04',
      to: '2026-05-10',
      weekdays: [1, 3],
      start: '09:00',
      minutes: 30,
      staffIds: ['s-anna'],
    },
    'billing.export': { month: '2026-05', format: 'csv' },
    'sync.install': { profile: '{}', code: 'ABCD-EFGH-JKLM-NPQR' },
    'sync.reset': {},
    'sync.now': {},
    'sync.reconcile': {},
    'sync.setSourceAddress': { address: null },
    'sync.quarantine.retry': { ids: 'all' },
    'jobs.retry': { id: '1' },
    'jobs.markSent': { id: '1' },
    'jobs.discard': { id: '1', reason: 'Fel nummer' },
    'jobs.pause': { channel: 'sms' },
    'jobs.resume': { channel: 'sms' },
    'recipients.contact.save': {
      id: 'r-1',
      language: 'sv',
      phone: '070-123 45 67',
      email: null,
      consent: true,
    },
    'notices.staff.save': { id: 's-anna', phone: '0701234567', email: null },
    'notices.smtp.save': {
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
      authType: 'password',
      user: 'u',
      password: 'p',
      from: 'a@example.com',
    },
    'notices.sms.save': {
      provider: 'tellustalk',
      url: 'https://api.tellustalk.com',
      account: 'a',
      password: 'p',
      sender: 'Omsorg',
      country: 'SE',
    },
    'notices.smtp.test': { to: 'a@example.com' },
    'notices.sms.test': { to: '0701234567' },
    'notices.rules.save': defaultRules,
    'people.export': { personalId: '19121212-1212' },
    'people.erase': { personalId: '19121212-1212' },
    'calendar.save': {
      backend: 'ews',
      url: 'https://exchange.example.com/EWS/Exchange.asmx',
      authType: 'basic',
      user: 'svc',
      password: 'p',
      privacy: 'standard',
    },
    'calendar.turnOff': {},
    'calendar.staff.save': { id: 's-anna', address: 'anna@example.com' },
    'calendar.test': { mailbox: 'anna@example.com' },
    'calendar.reconcile': {},
  };
  return inputs;
}

const placeholderIds = { registration: 'r', attestation: 'a', plan: crypto.randomUUID(), nils: 2 };

describe('the dispatcher rolls back a write whose answer is outside the contract', () => {
  let sqlite: Database.Database;
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    sqlite = openDatabase(`${dir}/scratch.db`).sqlite;
    sqlite.exec('create table written (procedure text not null)');
  });
  afterEach(() => sqlite.close());

  const admin: UserRow = {
    id: 1,
    username: 'anna',
    displayName: 'Anna',
    passwordHash: '',
    active: true,
    language: 'sv',
    mustChangePassword: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: null,
    roles: ['office', 'coordinator', 'admin'],
    seeProtected: true,
  };

  function dispatcherWith(handler: (name: string) => (input: unknown, ctx: never) => unknown) {
    const handlers = new Proxy({} as Handlers, { get: (_t, name: string) => handler(name) });
    return createDispatcher({
      handlers,
      logger: pino({ level: 'silent' }),
      authenticate: () => admin,
      transaction: (step) => sqlite.transaction(step).immediate(),
    });
  }
  const written = () => sqlite.prepare('select count(*) from written').pluck().get() as number;

  it('covers every write procedure in the contract', () => {
    expect(Object.keys(validInputs(placeholderIds)).sort()).toEqual([...writeProcedures].sort());
  });

  it('for a synchronous handler', async () => {
    const dispatch = dispatcherWith((name) => () => {
      sqlite.prepare('insert into written values (?)').run(name);
      return Number.NaN;
    });
    const clients = new ClientRegistry();
    const inputs = validInputs(placeholderIds);
    for (const name of writeProcedures) {
      const answer = await dispatch(clients.open('headless'), name, inputs[name]);
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'internal.unexpected' } });
    }
    expect(written()).toBe(0);
  });

  it('for an asynchronous handler, whose last step is its commit', async () => {
    const dispatch = dispatcherWith(
      (name) => async (_input: unknown, ctx: { commit: (step: () => unknown) => unknown }) => {
        await new Promise((resolve) => setImmediate(resolve));
        return ctx.commit(() => {
          sqlite.prepare('insert into written values (?)').run(name);
          return Number.NaN;
        });
      },
    );
    const clients = new ClientRegistry();
    const inputs = validInputs(placeholderIds);
    for (const name of writeProcedures) {
      const answer = await dispatch(clients.open('headless'), name, inputs[name]);
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'internal.unexpected' } });
    }
    expect(written()).toBe(0);
  });

  it('and keeps a write whose answer is good, and one that throws writes nothing', async () => {
    const dispatch = dispatcherWith((name) => () => {
      sqlite.prepare('insert into written values (?)').run(name);
      if (name === 'auth.lock') throw new Error('after the write');
      return { ok: true };
    });
    const clients = new ClientRegistry();
    expect(await dispatch(clients.open('headless'), 'auth.activity', {})).toEqual({
      ok: true,
      result: { ok: true },
    });
    expect((await dispatch(clients.open('headless'), 'auth.lock', {})).ok).toBe(false);
    expect(sqlite.prepare('select procedure from written').pluck().all()).toEqual(['auth.activity']);
  });
});

/** Every row of every table, hashed: equal before and after means nothing was written. */
function fingerprint(sqlite: Database.Database): string {
  const hash = createHash('sha256');
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    // A refused login is recorded on purpose: the audit trail of failed attempts is the point.
    const where = table === 'audit_log' ? " where action != 'auth.loginFailed'" : '';
    hash.update(table);
    for (const row of sqlite.prepare(`select * from "${table}"${where} order by rowid`).raw().all())
      hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/** The input with one leaf replaced, for every leaf and every hostile value that fits it. */
function* variants(input: unknown, path: (string | number)[] = []): Generator<[string, unknown]> {
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++)
      for (const [label, v] of variants(input[i], [...path, i])) {
        const copy = [...input];
        copy[i] = v;
        yield [label, copy];
      }
    return;
  }
  if (input !== null && typeof input === 'object') {
    const obj = input as Record<string, unknown>;
    yield [`${path.join('.')}+unknown`, { ...obj, surprise: true }];
    for (const key of Object.keys(obj))
      for (const [label, v] of variants(obj[key], [...path, key])) yield [label, { ...obj, [key]: v }];
    return;
  }
  const at = path.join('.');
  if (typeof input === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(input))
      for (const d of ['2026-02-30', '2026-13-45', '9999-99-99', '9999-12-31', '1969-12-31'])
        yield [`${at}=${d}`, d];
    else if (/^\d{4}-\d{2}$/.test(input))
      for (const m of ['2026-13', '9999-12', '0000-01']) yield [`${at}=${m}`, m];
    else if (/^\d{2}:\d{2}$/.test(input)) for (const c of ['24:00', '99:99', '8:5']) yield [`${at}=${c}`, c];
    else if (/^\d{4}-\d{2}-\d{2}T/.test(input))
      for (const i of ['2026-02-30T10:00:00Z', '2026-05-01T24:00:00Z', '9999-12-31T23:59:59Z'])
        yield [`${at}=${i}`, i];
    yield [`${at}=long`, 'x'.repeat(5000)];
    yield [`${at}=empty`, ''];
    yield [`${at}=number`, 7];
  } else if (typeof input === 'number') {
    for (const n of [-1, 1e12, 0.5]) yield [`${at}=${n}`, n];
    yield [`${at}=string`, '1'];
  }
}

describe('every write procedure, called with hostile input, answers an error only when it wrote nothing', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore({ watchDevices: false });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('holds for every variant of every write procedure', async () => {
    const sqlite = t.core.database.sqlite;
    const setup = t.core.connect();
    const session = await ok(setup, 'auth.setup', ADMIN);
    await ok(setup, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
    seedPeople(sqlite);
    sqlite.prepare("insert into pens (serial, model, firmware) values ('PEN-1', 'CDP-100', '1.0')").run();
    const registration = seedRegistration(sqlite, {
      staffId: 's-anna',
      recipientId: 'r-1',
      tagUid: 'AAAAAAAA',
      time: at('2026-05-12', '08:00'),
      kind: 'arrive',
    });
    const nils = await ok(setup, 'users.create', {
      username: 'nils',
      displayName: 'Nils',
      password: 'tillfälligt-lösen',
      roles: ['office'],
    });
    const attestation = await ok(setup, 'attestations.create', { month: '2026-03' });
    const plan = await ok(setup, 'plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-05-12',
      start: '10:00',
      end: '10:30',
      tasks: [],
    });
    const inputs = validInputs({ registration, attestation: attestation.id, plan: plan.id, nils: nils.id });

    // The simulator writes later, on its own, as its pen is read: no before/after to compare.
    const measured = writeProcedures.filter((n) => n !== 'docking.attachSimulator');
    let refused = 0;
    let calls = 0;
    const codes = new Set<string>();
    for (const name of measured) {
      // A fresh login per procedure: a variant of auth.logout or auth.lock must not end the run.
      const client: CoreClient = t.core.connect();
      await ok(client, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
      for (const [label, input] of [
        ['valid', inputs[name]] as [string, unknown],
        ...variants(inputs[name]),
      ]) {
        const before = fingerprint(sqlite);
        const answer = await client.call(name, input);
        calls++;
        if (!answer.ok) {
          refused++;
          codes.add(answer.error.code);
          expect(fingerprint(sqlite), `${name} ${label} answered ${answer.error.code}`).toBe(before);
          expect(answer.error.code, `${name} ${label}`).not.toBe('internal.unexpected');
        }
        if (name === 'auth.lock' || name === 'auth.logout')
          await client.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
        if (name === 'auth.lock') await client.call('auth.unlock', { password: ADMIN.password });
      }
      client.close();
    }
    expect(calls).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(200);
    for (const code of ['input.date', 'input.time', 'input.month', 'input.instant', 'input.unknownField'])
      expect(codes, code).toContain(code);
  }, 120_000);

  it('plans.save with 9999-99-99 is refused and stores no plan (the probe)', async () => {
    const client = t.core.connect();
    const session = await ok(client, 'auth.setup', ADMIN);
    await ok(client, 'users.update', { id: session.user.id, roles: ['coordinator', 'admin'] });
    seedPeople(t.core.database.sqlite);
    const answer = await client.call('plans.save', {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '9999-99-99',
      start: '08:00',
      end: '09:00',
      tasks: [],
    });
    expect(answer).toEqual({ ok: false, error: { code: 'input.date', params: { value: '9999-99-99' } } });
    expect(t.core.database.sqlite.prepare('select count(*) from visit_plans').pluck().get()).toBe(0);
    expect(t.core.database.sqlite.prepare('select count(*) from outbox').pluck().get()).toBe(0);
  });
});
