// Registrations list with 100,000 rows: first render in headless Chromium from the click on
// "Registreringar" to the list's first painted frame, and scrolling virtualised (the DOM keeps
// under 200 rows wherever one scrolls). Baseline in the same run: the same page with an empty day.
// The UI figure answers registrations.list from a generator of 100,000 rows, so it measures the
// renderer; a second line times the first page from the live core with 100,000 registrations.
import type { Route } from 'playwright-core';
import type { RegistrationRow } from '../src/shared/api/index.ts';
import { addDays, localToday, type Registration, type Seed } from '../test/e2e/workflows/seed.ts';
import { clickToMark, line, median, openSession } from './ui-support.ts';

const RUNS = 5;
const CEILING_MS = 500;
const ROWS = 100_000;
const MAX_DOM_ROWS = 200;

const day = localToday();
const emptyDay = addDays(day, 1);
const pad = (n: number) => String(n).padStart(2, '0');
const staff = Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, name: `Personal ${i + 1}` }));
const recipients = Array.from({ length: 500 }, (_, i) => ({
  id: `r${i}`,
  name: `Brukare ${i + 1}`,
  tag: (0x10000000 + i).toString(16).toUpperCase(),
}));

// 100,000 arrive/depart registrations in one day across 150 staff.
const registrations: Registration[] = [];
const perStaff = Math.ceil(ROWS / staff.length);
for (let i = 0; i < ROWS; i++) {
  const s = i % staff.length;
  const k = Math.floor(i / staff.length);
  const minute = Math.floor((k * 1439) / perStaff);
  registrations.push({
    staffId: staff[s]!.id,
    recipientId: recipients[(s * 7 + Math.floor(k / 2)) % recipients.length]!.id,
    date: day,
    time: `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`,
    kind: k % 2 === 0 ? 'arrive' : 'depart',
  });
}
const seed: Seed = { staff, recipients, registrations };

/** Row i of a synthetic day of ROWS registrations (the shape the core answers with). */
function syntheticRow(i: number): RegistrationRow {
  const minute = Math.floor((i * 1439) / ROWS);
  const time = new Date(Date.parse(`${day}T00:00:00Z`) + minute * 60_000).toISOString();
  return {
    id: `reg-${i}`,
    penSerial: `PEN-${i % 150}`,
    sequence: i,
    tagUid: (0x10000000 + (i % 500)).toString(16).toUpperCase(),
    kind: i % 2 === 0 ? 'arrive' : 'depart',
    taskCode: null,
    penTime: time,
    time,
    staff: staff[i % 150]!,
    recipient: { id: `r${i % 500}`, name: `Brukare ${(i % 500) + 1}`, masked: i % 97 === 0 },
    flags: [],
    corrected: false,
    voided: false,
    manual: false,
    deviations: i < 1200 ? ['unmatchedDepart'] : [],
    visitId: null,
    attested: false,
    lateAfterAttest: false,
  };
}

const session = await openSession(seed, {
  username: 'bench.kontor',
  displayName: 'Bench',
  password: 'Bench-losenord-1',
  roles: ['admin', 'office'],
});
const { page } = session;
try {
  const away = { hash: '#/users', ready: 'h1' };
  const setDay = (d: string) =>
    page.evaluate((value) => {
      sessionStorage.setItem('caredock.registrations.day', value);
      sessionStorage.setItem('caredock.registrations.mode', 'rows');
    }, d);
  const answer = async (route: Route) => {
    const input = route.request().postDataJSON() as { from: string; offset: number; limit: number };
    const total = input.from === day ? ROWS : 0;
    const rows: RegistrationRow[] = [];
    for (let i = input.offset; i < Math.min(total, input.offset + input.limit); i++)
      rows.push(syntheticRow(i));
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: true,
        result: { rows, total, unmatched: 1200, unknownStaff: 0, unknownTag: 0 },
      }),
    });
  };
  await page.route('**/api/registrations.list', answer);
  const measure = async (d: string) => {
    await setDay(d);
    return clickToMark(page, away, 'registrations', 'caredock:registrations-painted');
  };
  await measure(day);
  await measure(emptyDay);
  const busy: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    busy.push(await measure(day));
    empty.push(await measure(emptyDay));
  }

  // Scroll through: to the middle and to the end; the DOM must stay small.
  await setDay(day);
  await measure(day);
  const scroller = page.getByTestId('registration-scroller');
  let worst = await page.getByTestId('registration-row').count();
  for (const target of [ROWS / 2, ROWS - 1]) {
    await scroller.evaluate((el, row) => {
      el.scrollTop = row * 48;
    }, target);
    await page.locator(`[data-testid="registration-row"][aria-rowindex="${target + 2}"]`).waitFor();
    worst = Math.max(worst, await page.locator('[role="row"]').count());
  }
  await page.unroute('**/api/registrations.list');

  // The live core: the first page of the real 100,000. Each open follows a change (the office
  // adds a forgotten registration), so the core pairs the whole day again every time, as it
  // does after a docking or a correction; the last open, with nothing changed, reuses it.
  const addRegistration = async (minute: number) => {
    const answer = await session.context.request.post(`${session.host.origin}/api/corrections.create`, {
      headers: { origin: session.host.origin },
      data: {
        correctsId: null,
        reason: 'Glömd registrering',
        changes: {
          time: { date: day, time: `12:${pad(minute)}` },
          kind: 'arrive',
          staffId: staff[0]!.id,
          recipientId: recipients[0]!.id,
        },
      },
    });
    if (!answer.ok()) throw new Error(`corrections.create: ${answer.status()}`);
  };
  const live: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await addRegistration(i);
    live.push(await measure(day));
  }
  const reopen = await measure(day);
  const liveTotal = await page.getByTestId('registration-summary').innerText();

  const b = median(busy);
  const e = median(empty);
  const l = median(live);
  const ok = line(
    `registrations-list: ${b.toFixed(0)} ms first render (${ROWS} rows, generated answers; median of ${RUNS}), ${(b / e).toFixed(1)}x an empty list (${e.toFixed(0)} ms); at most ${worst} rows in the DOM while scrolling to rows ${ROWS / 2} and ${ROWS}; ceiling ${CEILING_MS} ms`,
    b <= CEILING_MS && worst < MAX_DOM_ROWS,
  );
  const liveOk = line(
    `registrations-list end to end: ${l.toFixed(0)} ms first render with the live core after each change (median of ${RUNS}; "${liveTotal}"), ${(l / e).toFixed(1)}x an empty list; opened again unchanged ${reopen.toFixed(0)} ms; ceiling ${CEILING_MS} ms`,
    l <= CEILING_MS,
  );
  process.exitCode = ok && liveOk ? 0 : 1;
} finally {
  await session.close();
}
