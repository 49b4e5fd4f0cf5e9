// Planning board: 150 staff and 2,000 visits in one day, first render in headless Chromium
// from the click on "Planering" to the board's first painted frame. Baseline in the same run:
// the same page rendering an empty board (a day without visits, the same 150 staff rows).
// The UI figure replays the core's recorded answer to plans.list, so it measures the renderer;
// a second line times the same with the live core, whose plans.list is part of what a person waits for.
// A third line renders the week view (a column per day, every visit a card, all staff) of the
// same visits against an empty week.
import type { Route } from 'playwright-core';
import { mondayOf } from '../src/renderer/components/workflows/format.ts';
import { addDays, localToday, type Seed } from '../test/e2e/workflows/seed.ts';
import { clickToMark, line, median, openSession } from './ui-support.ts';

const RUNS = 5;
const CEILING_MS = 1000;
const STAFF = 150;
const VISITS = 2000;

const day = localToday();
const emptyDay = addDays(day, 1);
// The week view asks for Monday to Sunday: this week holds the 2,000 visits, the next none.
const week = mondayOf(day);
const emptyWeek = addDays(week, 7);
const pad = (n: number) => String(n).padStart(2, '0');

const staff = Array.from({ length: STAFF }, (_, i) => ({
  id: `s${pad(i)}`,
  name: `Personal ${String(i + 1).padStart(3, '0')}`,
}));
const recipients = Array.from({ length: 500 }, (_, i) => ({
  id: `r${i}`,
  name: `Brukare ${i + 1}`,
  tag: (0x10000000 + i).toString(16).toUpperCase(),
  protectedIdentity: i % 50 === 0,
}));
const seed: Seed = {
  staff,
  recipients,
  orders: recipients.map((r) => ({
    id: `o-${r.id}`,
    recipientId: r.id,
    validFrom: `${day.slice(0, 7)}-01`,
    validTo: null,
    services: [{ code: 'PO', name: 'Personlig omvårdnad', minutesPerMonth: 2400 }],
  })),
  // 13 or 14 visits a person between 06:00 and 22:00, 40 minutes each, some double-staffed.
  plans: Array.from({ length: VISITS }, (_, i) => {
    const s = i % STAFF;
    const slot = Math.floor(i / STAFF);
    const minute = 6 * 60 + slot * 70;
    const double = i % 20 === 0 ? [staff[(s + 1) % STAFF]!.id] : [];
    return {
      recipientId: `r${i % 500}`,
      orderId: `o-r${i % 500}`,
      staffIds: [staff[s]!.id, ...double],
      date: day,
      start: `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`,
      end: `${pad(Math.floor((minute + 40) / 60))}:${pad((minute + 40) % 60)}`,
    };
  }),
};

const session = await openSession(seed, {
  username: 'bench.samordnare',
  displayName: 'Bench',
  password: 'Bench-losenord-1',
  roles: ['admin', 'coordinator'],
});
const { page } = session;
try {
  const away = { hash: '#/users', ready: 'h1' };
  const setDay = (d: string) =>
    page.evaluate((value) => sessionStorage.setItem('caredock.planning.date', value), d);

  // Record the core's answers once, and time the first plans.list after start (cold).
  const recorded = new Map<string, string>();
  let coreMs = 0;
  for (const [d, to] of [
    [day, day],
    [emptyDay, emptyDay],
    [week, addDays(week, 6)],
    [emptyWeek, addDays(emptyWeek, 6)],
  ] as const) {
    const t0 = performance.now();
    const r = await page.request.post(`${session.host.origin}/api/plans.list`, {
      headers: { origin: session.host.origin },
      data: { from: d, to },
    });
    if (d === day) coreMs = performance.now() - t0;
    recorded.set(`${d}|${to}`, await r.text());
  }
  const full = JSON.parse(recorded.get(`${day}|${day}`)!) as {
    ok: boolean;
    result: { plans: unknown[]; staff: unknown[] };
  };
  if (!full.ok || full.result.plans.length !== VISITS || full.result.staff.length !== STAFF)
    throw new Error(`unexpected plans.list answer: ${recorded.get(`${day}|${day}`)!.slice(0, 200)}`);

  const replay = async (route: Route) => {
    const body = route.request().postDataJSON() as { from: string; to: string };
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: recorded.get(`${body.from}|${body.to}`)!,
    });
  };
  await page.route('**/api/plans.list', replay);
  const measure = async (d: string) => {
    await setDay(d);
    return clickToMark(page, away, 'planning', 'caredock:planning-board-painted');
  };
  // One warm-up of each, then alternate.
  await measure(day);
  await measure(emptyDay);
  const busy: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    busy.push(await measure(day));
    empty.push(await measure(emptyDay));
  }
  await measure(day);
  const blocks = await page.locator('[data-testid="plan-board"] .block').count();
  const rows = await page.locator('[data-testid="board-row"]').count();

  // The week, all staff: a column per day with every visit a card.
  await page.evaluate(() => sessionStorage.setItem('caredock.planning.scale', 'week'));
  const measureWeek = async (d: string) => {
    await setDay(d);
    return clickToMark(page, away, 'planning', 'caredock:planning-week-painted');
  };
  await measureWeek(week);
  await measureWeek(emptyWeek);
  const busyWeek: number[] = [];
  const emptyWeekMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    busyWeek.push(await measureWeek(week));
    emptyWeekMs.push(await measureWeek(emptyWeek));
  }
  await measureWeek(week);
  const cards = await page.getByTestId('visit-card').count();
  const columns = await page.getByTestId('week-day').count();
  await page.evaluate(() => sessionStorage.setItem('caredock.planning.scale', 'day'));
  await page.unroute('**/api/plans.list');

  const live: number[] = [];
  await setDay(day);
  for (let i = 0; i < 3; i++)
    live.push(await clickToMark(page, away, 'planning', 'caredock:planning-board-painted'));

  const b = median(busy);
  const e = median(empty);
  const l = median(live);
  const ok = line(
    `planning-board: ${b.toFixed(0)} ms first render (${STAFF} staff, ${VISITS} visits, core answer replayed; median of ${RUNS}), ${(b / e).toFixed(1)}x an empty board (${e.toFixed(0)} ms); ${rows} rows and ${blocks} blocks in the DOM; ceiling ${CEILING_MS} ms`,
    b <= CEILING_MS,
  );
  line(
    `planning-board end to end: ${l.toFixed(0)} ms with the live core (median of 3; the first plans.list after start, on its own, took ${coreMs.toFixed(0)} ms), ${(l / e).toFixed(1)}x an empty board; ceiling ${CEILING_MS} ms`,
    l <= CEILING_MS,
  );
  const w = median(busyWeek);
  const we = median(emptyWeekMs);
  const okWeek = line(
    `planning-week: ${w.toFixed(0)} ms first render (all ${STAFF} staff, ${VISITS} visits in the week, core answer replayed; median of ${RUNS}), ${(w / we).toFixed(1)}x an empty week (${we.toFixed(0)} ms); ${columns} day columns and ${cards} cards in the DOM; ceiling ${CEILING_MS} ms`,
    w <= CEILING_MS,
  );
  process.exitCode = ok && okWeek ? 0 : 1;
} finally {
  await session.close();
}
