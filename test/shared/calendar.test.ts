// Dates and times are checked once, in src/shared, for both contracts: a day that does not exist
// is refused, never rolled over into another one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCalendarDate, isCalendarMonth, isClockTime, isInstant } from '../../src/shared/domain/calendar.ts';
import { formatMessage } from '../../src/shared/errors/index.ts';
import { languages } from '../../src/shared/errors/types.ts';
import {
  attestationItemSchema,
  orderSchema,
  pushItemSchema,
  reconciliationQuerySchema,
} from '../../src/shared/sync/index.ts';
import { uuidv7 } from '../../src/main/ids.ts';
import { ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { seedPeople } from '../helpers/seed.ts';

describe('calendar checks', () => {
  it('refuse days that do not exist and years CareDock cannot mean', () => {
    for (const good of ['2026-02-28', '2024-02-29', '2000-02-29', '1970-01-01', '2099-12-31', '2026-04-30'])
      expect(isCalendarDate(good), good).toBe(true);
    for (const bad of [
      '2026-02-30',
      '2026-13-45',
      '9999-99-99',
      '9999-12-31',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-01-00',
      '1969-12-31',
      '2100-01-01',
      '2026-1-1',
      ' 2026-01-01',
      '2026-01-01T00:00',
    ])
      expect(isCalendarDate(bad), bad).toBe(false);
    expect(isCalendarMonth('2026-12')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '9999-12', '0000-01', '2026-1'])
      expect(isCalendarMonth(bad), bad).toBe(false);
    expect(isClockTime('23:59')).toBe(true);
    for (const bad of ['24:00', '12:60', '99:99', '8:05', '08:5']) expect(isClockTime(bad), bad).toBe(false);
  });

  it('refuse instants that do not exist or that no pen can hold', () => {
    for (const good of [
      '2026-05-12T08:00:00Z',
      '2026-05-12T08:00:00.123Z',
      '2026-05-12T08:00:00+02:00',
      '2026-05-12T08:00Z',
      '1970-01-01T00:00:00Z',
      '2106-02-07T06:28:15Z',
      '2024-02-29T23:59:59-05:00',
    ])
      expect(isInstant(good), good).toBe(true);
    for (const bad of [
      '2026-02-30T10:00:00Z',
      '2026-05-12T24:00:00Z',
      '2026-05-12T08:60:00Z',
      '2026-05-12T08:00:60Z',
      '2026-05-12T08:00:00',
      '2026-05-12T08:00:00+24:00',
      '1969-12-31T23:59:59Z',
      '2106-02-07T06:28:16Z',
      '9999-12-31T23:59:59Z',
      '+010007-02-14T00:00:00Z',
      '2026-05-12 08:00:00Z',
    ])
      expect(isInstant(bad), bad).toBe(false);
  });

  it('have a message in every language that names the value, with no placeholder left', () => {
    const params = { value: '2026-02-30', from: '2026-05-10', to: '2026-05-01', days: 366, field: 'x' };
    for (const code of [
      'input.date',
      'input.month',
      'input.time',
      'input.instant',
      'input.rangeReversed',
      'input.rangeTooLong',
      'input.unknownField',
    ])
      for (const lang of languages) {
        const text = formatMessage(code, params, lang);
        expect(text, `${code} ${lang}`).not.toMatch(/[{}]/);
        expect(text, `${code} ${lang}`).not.toBe(formatMessage('internal.unexpected', {}, lang));
      }
  });

  it('hold in the sync contract the central server reads', () => {
    const registration = {
      type: 'registration',
      id: uuidv7(),
      penSerial: 'PEN-1',
      sequence: 1,
      tagUid: 'aabbccdd',
      penTime: '2026-05-12T08:00:00Z',
      correctedTime: null,
      kind: 'arrive',
      flags: [],
      receivedAt: '2026-05-12T18:00:00Z',
    };
    expect(pushItemSchema.safeParse(registration).success).toBe(true);
    expect(pushItemSchema.safeParse({ ...registration, penTime: '2026-02-30T08:00:00Z' }).success).toBe(
      false,
    );
    expect(pushItemSchema.safeParse({ ...registration, receivedAt: '9999-12-31T00:00:00Z' }).success).toBe(
      false,
    );
    const attestation = {
      type: 'attestation',
      id: uuidv7(),
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      attestedAt: '2026-03-01T10:00:00Z',
      attestedBy: 'anna',
      registrationCount: 3,
    };
    expect(attestationItemSchema.safeParse(attestation).success).toBe(true);
    expect(attestationItemSchema.safeParse({ ...attestation, periodEnd: '2026-02-30' }).success).toBe(false);
    const order = { id: 'o-1', recipientId: 'r-1', services: [], validFrom: '2026-01-01', validTo: null };
    expect(orderSchema.safeParse(order).success).toBe(true);
    expect(orderSchema.safeParse({ ...order, validTo: '9999-12-31' }).success).toBe(false);
    expect(reconciliationQuerySchema.safeParse({ from: '2026-13-45', to: '2026-12-31' }).success).toBe(false);
  });
});

describe('through the API', () => {
  let t: TestCore;
  let client: ReturnType<TestCore['core']['connect']>;
  beforeEach(async () => {
    t = await startTestCore({ watchDevices: false });
    client = t.core.connect();
    const session = await withAdmin(client);
    await ok(client, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
    seedPeople(t.core.database.sqlite);
  });
  afterEach(async () => {
    await t.cleanup();
  });
  const count = (table: string) =>
    t.core.database.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;

  it('refuses impossible dates with a catalogue error and stores nothing', async () => {
    const plan = {
      recipientId: 'r-1',
      orderId: 'o-1',
      staffIds: ['s-anna'],
      date: '2026-02-30',
      start: '08:00',
      end: '09:00',
      tasks: [],
    };
    expect(await client.call('plans.save', plan)).toEqual({
      ok: false,
      error: { code: 'input.date', params: { value: '2026-02-30' } },
    });
    expect((await client.call('plans.save', { ...plan, date: '2026-03-02', end: '24:00' })).ok).toBe(false);
    const manual = {
      correctsId: null,
      reason: 'Glömde registrera',
      changes: { time: { date: '2026-13-45', time: '08:00' }, kind: 'arrive', recipientId: 'r-1' },
    };
    expect(await client.call('corrections.create', manual)).toMatchObject({
      ok: false,
      error: { code: 'input.date' },
    });
    const generate = {
      orderId: 'o-1',
      from: '2026-05-01',
      to: '9999-99-99',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start: '08:00',
      minutes: 30,
      staffIds: ['s-anna'],
    };
    expect(await client.call('plans.generate', generate)).toMatchObject({
      ok: false,
      error: { code: 'input.date' },
    });
    expect(await client.call('plans.generate', { ...generate, to: '2099-12-31' })).toEqual({
      ok: false,
      error: { code: 'input.rangeTooLong', params: { from: '2026-05-01', to: '2099-12-31', days: 366 } },
    });
    expect(await client.call('attestations.create', { month: '9999-12' })).toMatchObject({
      ok: false,
      error: { code: 'input.month' },
    });
    expect(
      await client.call('pens.assign', { serial: 'PEN-1', staffId: null, from: '2026-02-30T08:00:00Z' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'input.instant' },
    });
    for (const table of ['visit_plans', 'registrations', 'corrections', 'attestations', 'outbox'])
      expect(count(table), table).toBe(0);
  });

  it('answers the list calls with 4xx codes, never a failure', async () => {
    for (const name of ['registrations.list', 'visits.list', 'plans.list'] as const) {
      expect(await client.call(name, { from: '2026-05-01', to: '9999-99-99' }), name).toMatchObject({
        ok: false,
        error: { code: 'input.date' },
      });
      expect(await client.call(name, { from: '2026-05-10', to: '2026-05-01' }), name).toEqual({
        ok: false,
        error: { code: 'input.rangeReversed', params: { from: '2026-05-10', to: '2026-05-01' } },
      });
      expect((await client.call(name, { from: '2026-05-01', to: '2026-05-31' })).ok, name).toBe(true);
    }
    expect(await client.call('billing.basis', { month: '2026-13' })).toMatchObject({
      ok: false,
      error: { code: 'input.month' },
    });
  });
});
