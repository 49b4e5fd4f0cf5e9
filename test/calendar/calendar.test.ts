// The performers' calendars follow the plans, through the core's own job queue and runner: one
// item per performer, moved, reassigned, double-staffed, cancelled; quick changes become one
// write; what Outlook shows is only what the privacy level allows; failures are retried or shown;
// the daily reconciliation repairs what someone changed in Outlook.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '../../src/shared/domain/time.ts';
import { failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';
import { memoryCalendar, type MemoryCalendar } from '../helpers/memory-calendar.ts';
import { seedPeople } from '../helpers/seed.ts';

const TZ = 'Europe/Stockholm';
const ANNA = 'anna@omsorg.example';
const BO = 'bo@omsorg.example';

let t: TestCore;
let admin: ReturnType<TestCore['core']['connect']>;
let cal: MemoryCalendar;

beforeEach(async () => {
  cal = memoryCalendar();
  t = await startTestCore({ watchDevices: false, calendarBackend: () => cal.backend });
  admin = t.core.connect();
  const session = await withAdmin(admin);
  await ok(admin, 'users.update', { id: session.user.id, roles: ['office', 'coordinator', 'admin'] });
  seedPeople(t.core.database.sqlite);
  t.core.database.sqlite
    .prepare("update recipients set address = 'Storgatan 1, 722 11 Västerås' where id = 'r-1'")
    .run();
});
afterEach(async () => {
  await t.cleanup();
});

const tomorrow = () => localDate(Date.now() + 86_400_000, TZ);

async function configure(privacy: 'minimal' | 'standard' | 'detailed' = 'standard') {
  await ok(admin, 'calendar.save', {
    backend: 'ews',
    url: 'https://exchange.omsorg.example/EWS/Exchange.asmx',
    authType: 'basic',
    user: 'svc-caredock',
    password: 'hemligt-lösen',
    privacy,
  });
  await ok(admin, 'calendar.staff.save', { id: 's-anna', address: ANNA });
  await ok(admin, 'calendar.staff.save', { id: 's-bo', address: BO });
}

function save(input: {
  id?: string;
  staffIds: string[];
  start: string;
  end: string;
  recipientId?: string;
  date?: string;
}) {
  return ok(admin, 'plans.save', {
    ...(input.id ? { id: input.id } : {}),
    recipientId: input.recipientId ?? 'r-1',
    orderId: null,
    staffIds: input.staffIds,
    date: input.date ?? tomorrow(),
    start: input.start,
    end: input.end,
    tasks: [],
  });
}

/** Waits (bounded) until the calendar channel has nothing waiting or running. */
async function settled(): Promise<void> {
  const queue = t.core.integrations.queue;
  for (let i = 0; i < 200; i++) {
    const busy = queue
      .list({ channel: 'calendar' })
      .some((j) => j.state === 'waiting' || j.state === 'running');
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('calendar jobs did not settle');
}

function subjects(mailbox: string) {
  return cal.items(mailbox).map((i) => i.subject);
}

describe('calendar items follow the plans', () => {
  it('creates one item when a visit is planned, moves it, and deletes it when cancelled', async () => {
    await configure();
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    expect(subjects(ANNA)).toEqual(['Besök 08:00–08:30 K.K. Västerås']);
    const first = cal.items(ANNA)[0]!;
    expect(first.key).toBe(plan.id);

    await save({ id: plan.id, staffIds: ['s-anna'], start: '09:15', end: '10:00' });
    await settled();
    expect(cal.items(ANNA)).toHaveLength(1);
    expect(cal.items(ANNA)[0]!.ref.id).toBe(first.ref.id);
    expect(subjects(ANNA)).toEqual(['Besök 09:15–10:00 K.K. Västerås']);

    await ok(admin, 'plans.cancel', { id: plan.id });
    await settled();
    expect(cal.items()).toEqual([]);
  });

  it('moves the item between calendars when reassigned, and keeps one in each for double staffing', async () => {
    await configure();
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    await save({ id: plan.id, staffIds: ['s-bo'], start: '08:00', end: '08:30' });
    await settled();
    expect(cal.items(ANNA)).toEqual([]);
    expect(cal.items(BO)).toHaveLength(1);

    await save({ id: plan.id, staffIds: ['s-bo', 's-anna'], start: '08:00', end: '08:30' });
    await settled();
    expect(cal.items(ANNA).map((i) => i.key)).toEqual([plan.id]);
    expect(cal.items(BO).map((i) => i.key)).toEqual([plan.id]);
  });

  it('keeps no item for a performer without a calendar address, and makes one once it is given', async () => {
    await configure();
    await ok(admin, 'calendar.staff.save', { id: 's-bo', address: null });
    await save({ staffIds: ['s-bo'], start: '08:00', end: '08:30' });
    await settled();
    expect(cal.items()).toEqual([]);
    await ok(admin, 'calendar.staff.save', { id: 's-bo', address: BO });
    await settled();
    expect(cal.items(BO)).toHaveLength(1);
  });

  it('turns quick changes into one write: the job reads the plan as it is when it runs', async () => {
    await configure();
    // Paused, the changes wait together; resumed, the latest is what is written.
    t.core.integrations.queue.pause('calendar', 'test');
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    for (const start of ['08:10', '08:20', '08:30', '08:40'])
      await save({ id: plan.id, staffIds: ['s-anna'], start, end: '09:00' });
    const waiting = t.core.integrations.queue
      .list({ channel: 'calendar' })
      .filter((j) => j.state === 'waiting');
    expect(waiting).toHaveLength(1);
    t.core.integrations.queue.resume('calendar', 'test');
    await settled();
    expect(cal.calls.filter((c) => c.op === 'create' || c.op === 'update')).toHaveLength(1);
    expect(subjects(ANNA)).toEqual(['Besök 08:40–09:00 K.K. Västerås']);
  });

  it('writes nothing when the plan is saved again unchanged', async () => {
    await configure();
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    const writes = cal.calls.length;
    await save({ id: plan.id, staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    expect(cal.calls.length).toBe(writes);
  });

  it('does not double an item whose create happened but whose answer was lost', async () => {
    await configure();
    cal.loseNextCreateAnswer();
    await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    // The retry waits for its backoff; run it now.
    const job = t.core.integrations.queue.list({ channel: 'calendar' })[0]!;
    for (let i = 0; i < 100 && t.core.integrations.queue.get(job.id).state !== 'retry'; i++)
      await new Promise((r) => setTimeout(r, 20));
    t.core.integrations.queue.retry(job.id, 'test');
    await settled();
    expect(cal.items(ANNA)).toHaveLength(1);
    expect(t.core.integrations.queue.get(job.id).state).toBe('done');
  });
});

describe('what an item shows', () => {
  const personnummer = /19121212|1212/;

  it('shows only "Besök" at the minimal level', async () => {
    await configure('minimal');
    await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    expect(subjects(ANNA)).toEqual(['Besök']);
    expect(cal.items(ANNA)[0]!.location).toBe('');
  });

  it('shows the name, street and partner at the detailed level, never a personnummer or door code', async () => {
    await configure('detailed');
    t.core.database.sqlite
      .prepare("update recipients set address = 'Storgatan 1 portkod 4711, 722 11 Västerås' where id = 'r-1'")
      .run();
    await save({ staffIds: ['s-anna', 's-bo'], start: '08:00', end: '08:30' });
    await settled();
    const item = cal.items(ANNA)[0]!;
    expect(item.subject).toBe('Besök Karin Karlsson');
    expect(item.body).toContain('Tillsammans med Bo Vårdbiträde');
    expect(item.location).toContain('Storgatan 1');
    for (const text of [item.subject, item.body, item.location]) {
      expect(text).not.toMatch(personnummer);
      expect(text).not.toContain('4711');
    }
  });

  it.each(['minimal', 'standard', 'detailed'] as const)(
    'shows only "Besök" for a recipient with protected identity (%s)',
    async (level) => {
      await configure(level);
      await save({ staffIds: ['s-bo'], recipientId: 'r-2', start: '08:00', end: '08:30' });
      await settled();
      const item = cal.items(BO)[0]!;
      expect(item.subject).toBe('Besök');
      expect(`${item.body} ${item.location}`).not.toMatch(/Skyddad|Hemlig/);
    },
  );

  it('rewrites every coming item when the privacy level changes', async () => {
    await configure('standard');
    await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    await configure('minimal');
    await settled();
    expect(subjects(ANNA)).toEqual(['Besök']);
  });
});

describe('failures', () => {
  it('retries a busy server and tells the board the visit is waiting, then in the calendar', async () => {
    await configure();
    cal.failNext({ status: 'retry', code: 'calendar.serverBusy', retryAfterMs: 60_000 });
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    const queue = t.core.integrations.queue;
    for (let i = 0; i < 100 && queue.list({ channel: 'calendar' })[0]?.state !== 'retry'; i++)
      await new Promise((r) => setTimeout(r, 20));
    const states = await ok(admin, 'calendar.states', { planIds: [plan.id] });
    expect(states[plan.id]).toEqual({ state: 'waiting', code: 'calendar.serverBusy' });
    queue.retry(queue.list({ channel: 'calendar' })[0]!.id, 'test');
    await settled();
    expect((await ok(admin, 'calendar.states', { planIds: [plan.id] }))[plan.id]).toEqual({
      state: 'inCalendar',
    });
  });

  it('shows a visit as failed when its mailbox does not exist', async () => {
    await configure();
    cal.failNext({ status: 'permanent', code: 'calendar.mailboxNotFound', params: { mailbox: ANNA } });
    const plan = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    await settled();
    const state = (await ok(admin, 'calendar.states', { planIds: [plan.id] }))[plan.id];
    expect(state).toMatchObject({ state: 'failed', code: 'calendar.mailboxNotFound' });
  });

  it('pauses the channel when the sign-in is refused', async () => {
    await configure();
    cal.failNext({ status: 'pause', code: 'calendar.authFailed' });
    await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    const queue = t.core.integrations.queue;
    for (let i = 0; i < 100 && !queue.isPaused('calendar'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(queue.pauseState('calendar')).toMatchObject({ code: 'calendar.authFailed' });
  });

  it('refuses settings without https and a calendar address that is not one', async () => {
    expect(
      await failure(admin, 'calendar.save', {
        backend: 'graph',
        url: 'http://graph.example/v1.0',
        tenant: 't',
        clientId: 'c',
        privacy: 'standard',
      }),
    ).toBe('calendar.insecureUrl');
    expect(await failure(admin, 'calendar.staff.save', { id: 's-anna', address: 'anna at omsorg' })).toBe(
      'calendar.addressInvalid',
    );
  });

  it('never returns a saved secret', async () => {
    await configure();
    const view = await ok(admin, 'calendar.get', {});
    expect(JSON.stringify(view)).not.toContain('hemligt-lösen');
    expect(view.settings).toMatchObject({ backend: 'ews', passwordSaved: true, privacy: 'standard' });
  });
});

describe('daily reconciliation: ours is the master copy', () => {
  it('puts back an item moved or deleted in Outlook and removes an orphan of ours', async () => {
    await configure();
    const a = await save({ staffIds: ['s-anna'], start: '08:00', end: '08:30' });
    const b = await save({ staffIds: ['s-anna'], start: '11:00', end: '11:30' });
    await settled();
    cal.outlook.edit(ANNA, a.id, { subject: 'Flyttad av någon', start: Date.now() + 3 * 86_400_000 });
    cal.outlook.delete(ANNA, b.id);
    cal.outlook.add({
      key: 'plan-som-inte-finns',
      mailbox: ANNA,
      subject: 'Besök',
      body: '',
      start: Date.now() + 86_400_000,
      end: Date.now() + 86_400_000 + 1_800_000,
      location: '',
    });
    await ok(admin, 'calendar.reconcile', {});
    await settled();
    expect(subjects(ANNA).sort()).toEqual([
      'Besök 08:00–08:30 K.K. Västerås',
      'Besök 11:00–11:30 K.K. Västerås',
    ]);
    expect(
      cal
        .items(ANNA)
        .map((i) => i.key)
        .sort(),
    ).toEqual([a.id, b.id].sort());
  });
});
