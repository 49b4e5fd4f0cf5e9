// A day of home-care office work, end to end in Chromium against `caredock serve` on a seeded
// database: the coordinator plans by drag and drop and meets a conflict; the office worker finds
// an unmatched departure, corrects it, attests the month and exports the billing basis; a
// protected identity stays masked for a user without the right. Every view is scanned with axe
// and photographed.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { checkView, expectAccessible, screenshot } from './ui.ts';
import { admin, coordinator, day, month, office, recipients, seed, staff } from './workflows/data.ts';
import { createUsers, startSeededHost, type Api, type SeededHost } from './workflows/host.ts';
import { addDays } from './workflows/seed.ts';

test.describe.configure({ mode: 'serial' });

let host: SeededHost;
let adminApi: Api;
const problems: string[] = [];

const monthSv = new Intl.DateTimeFormat('sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
  new Date(`${month}-15T12:00:00Z`),
);
/** Day view: 88 px an hour (PlanBoard). */
const dayPx = 88;

/** The ISO week number, worked out apart from the view's own helper. */
function isoWeekOf(date: string): number {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4, 12));
  firstThursday.setUTCDate(firstThursday.getUTCDate() + 3 - ((firstThursday.getUTCDay() + 6) % 7));
  return 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
}

test.beforeAll(async () => {
  host = await startSeededHost(seed);
  adminApi = await createUsers(host, admin, [office, coordinator]);
});

test.afterAll(async () => {
  await adminApi?.close();
  await host?.stop();
  expect(problems).toEqual([]);
});

async function logIn(browser: Browser, username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  // Each browser session needs its own one-time link.
  await page.goto(await host.newLink());
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  return page;
}

async function openView(page: Page, heading: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: heading, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
}

const notices = (page: Page) => page.getByTestId('notices');
const boardRow = (page: Page, staffId: string) =>
  page.locator(`[data-testid="board-row"][data-staff-id="${staffId}"]`);

/** Drags a block by some minutes and onto another staff row, as a person does with the mouse. */
async function drag(
  page: Page,
  block: Locator,
  toRow: Locator,
  minutes: number,
  pxPerHour: number,
): Promise<void> {
  await block.scrollIntoViewIfNeeded();
  const b = await block.boundingBox();
  const r = await toRow.boundingBox();
  if (!b || !r) throw new Error('block or row not on screen');
  const x0 = b.x + b.width / 2;
  const y0 = b.y + b.height / 2;
  const x1 = x0 + (minutes / 60) * pxPerHour;
  const y1 = r.y + r.height / 2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 6, y0, { steps: 2 });
  await page.mouse.move(x1, y1, { steps: 10 });
  await expect(page.getByTestId('drag-ghost')).toBeVisible();
  await page.mouse.up();
}

test.describe('coordinator', () => {
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await logIn(browser, coordinator.username, coordinator.password);
  });
  test.afterAll(async () => {
    await page.context().close();
  });

  test('plans the day by drag and drop and sees a conflict warning', async () => {
    await openView(page, 'Planering');
    await expect(page.getByTestId('plan-board')).toHaveAttribute('data-painted', 'true');
    await expect(page.getByTestId('board-counts')).toContainText('4 besök, 3 medarbetare, 0 med varningar');
    // A double-staffed visit is on both rows.
    await expect(boardRow(page, staff.sara.id).locator('.block', { hasText: '13:00' })).toBeVisible();
    await expect(boardRow(page, staff.lena.id).locator('.block', { hasText: '13:00' })).toBeVisible();
    // The protected recipient's name is masked on the board.
    await expect(boardRow(page, staff.lena.id).locator('.block', { hasText: '11:00' })).toContainText(
      'Skyddad identitet',
    );
    await expect(page.getByTestId('plan-board')).not.toContainText(recipients.hidden.name);
    await checkView(page, 'wf-01-planning-day');

    // Omar's 09:00 visit one hour later, same row.
    const omar = boardRow(page, staff.omar.id);
    await drag(page, omar.locator('.block', { hasText: '09:00' }), omar, 60, dayPx);
    await expect(notices(page)).toContainText('10:00–10:30 för Omar Nilsson');
    await expect(omar.locator('.block', { hasText: '10:00' })).toBeVisible();
    await expect(omar.locator('.block', { hasText: '09:00' })).toHaveCount(0);

    // …then onto Sara's row at 08:15, over her 08:00–08:45 visit: a conflict.
    const sara = boardRow(page, staff.sara.id);
    await drag(page, omar.locator('.block', { hasText: '10:00' }), sara, -105, dayPx);
    await expect(notices(page)).toContainText('08:15–08:45 för Sara Svensson');
    const moved = sara.locator('.block', { hasText: '08:15' });
    await expect(moved).toHaveClass(/warn/);
    await expect(moved).toHaveAccessibleName(/Krockar med ett annat besök för samma person/);
    await expect(omar.locator('.block')).toHaveCount(0);
    const warnings = page.getByTestId('plan-warnings');
    await expect(warnings).toContainText('Krockar med ett annat besök för samma person');
    await expect(page.getByRole('heading', { name: /^Varningar \(2\)$/ })).toBeVisible();
    await screenshot(page, 'wf-02-planning-conflict');
  });

  test('the week: a column per day with its week number, readable cards, moves that keep the scroll', async () => {
    await page.getByRole('button', { name: 'Vecka', exact: true }).click();
    await expect(
      page.getByRole('heading', { level: 2, name: new RegExp(`^Vecka ${isoWeekOf(day)}, `) }),
    ).toBeVisible();
    const grid = page.getByTestId('week-grid');
    await expect(grid).toHaveAttribute('data-painted', 'true');
    await expect(grid.getByTestId('week-day')).toHaveCount(7);
    const heads = grid.getByTestId('week-day-head');
    await expect(heads.first()).toContainText('måndag');
    await expect(heads.last()).toContainText('söndag');
    const dayIndex = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    await expect(heads.nth(dayIndex)).toContainText(`${Number(day.slice(8))}/${Number(day.slice(5, 7))}`);
    const column = (d: string) => grid.locator(`[data-testid="week-day"][data-date="${d}"]`);
    // A card reads its time range, the recipient (masked when protected) and the staff.
    const card = column(day).getByTestId('visit-card').filter({ hasText: '11:00–11:30' });
    await expect(card).toHaveCount(1);
    await expect(card).toContainText('Skyddad identitet');
    await expect(card).toContainText(staff.lena.name);
    await expect(grid).not.toContainText(recipients.hidden.name);
    await expect(column(day).getByTestId('visit-card').filter({ hasText: '08:00–08:45' })).toContainText(
      recipients.greta.name,
    );
    const planId = await card.getAttribute('data-plan-id');
    const byId = grid.locator(`[data-plan-id="${planId}"]`);

    // Drag it one day later (or earlier on a Sunday), sideways into the next column.
    const sunday = dayIndex === 6;
    const target = addDays(day, sunday ? -1 : 1);
    await card.scrollIntoViewIfNeeded();
    const b = await card.boundingBox();
    const c = await column(target).boundingBox();
    if (!b || !c) throw new Error('card or column not on screen');
    const x0 = b.x + b.width / 2;
    const y0 = b.y + 10;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 6, y0, { steps: 2 });
    await page.mouse.move(c.x + c.width / 2, y0, { steps: 10 });
    await expect(page.getByTestId('drag-ghost')).toContainText('11:00–11:30');
    await page.mouse.up();
    const shortOf = (d: string) =>
      new Intl.DateTimeFormat('sv-SE', {
        weekday: 'short',
        day: 'numeric',
        month: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${d}T12:00:00Z`));
    await expect(notices(page)).toContainText(`${shortOf(target)} 11:00–11:30 för Lena Berg`);
    await expect(column(target).locator(`[data-plan-id="${planId}"]`)).toContainText('11:00–11:30');
    await checkView(page, 'wf-03-planning-week');

    // The keyboard: left and right change the day, up and down the time; focus stays on the card.
    await expect(page.getByText('till en annan dag med vänster- och högerpil')).toBeVisible();
    await byId.focus();
    await page.keyboard.press(sunday ? 'ArrowRight' : 'ArrowLeft');
    await expect(notices(page)).toContainText(`${shortOf(day)} 11:00–11:30 för Lena Berg`);
    await expect(column(day).locator(`[data-plan-id="${planId}"]`)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(byId).toContainText('11:15–11:45');
    await expect(byId).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(byId).toContainText('11:00–11:30');
    await expect(notices(page)).toContainText(`${shortOf(day)} 11:00–11:30 för Lena Berg`);

    // Saving a visit from its form leaves the week where the coordinator scrolled it.
    const scrolled = await grid.evaluate((g) => {
      g.scrollTop = 9 * 72;
      return g.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(0);
    await byId.click();
    const dialog = page.getByRole('dialog', { name: 'Ändra besöket' });
    await dialog.getByLabel('Sluttid').fill('11:40');
    await dialog.getByRole('button', { name: 'Spara besöket' }).click();
    await expect(dialog).toBeHidden();
    await expect(byId).toContainText('11:00–11:40');
    // The visit's services as its order names them.
    await expect(byId).toContainText('Personlig omvårdnad');
    await expect(grid.getByTestId('visit-card').first()).toBeVisible();
    expect(await grid.evaluate((g) => g.scrollTop)).toBe(scrolled);
    await expectAccessible(page, 'planning week after a save');

    // In Finnish the heading says Viikko and the columns are headed in Finnish.
    await page.getByRole('button', { name: 'Suomi', exact: true }).click();
    await expect(
      page.getByRole('heading', { level: 2, name: new RegExp(`^Viikko ${isoWeekOf(day)}, `) }),
    ).toBeVisible();
    await expect(heads.first()).toContainText('maanantai');
    await screenshot(page, 'wf-03-planning-week-fi');
    await page.getByRole('button', { name: 'Svenska', exact: true }).click();
    await expect(heads.first()).toContainText('måndag');
  });

  test('edits a visit from the keyboard in the day view', async () => {
    // The keyboard way: focus a visit, open its form with Enter, change the time, save.
    await page.getByRole('button', { name: 'Dag', exact: true }).click();
    await page.getByRole('button', { name: 'Idag' }).click();
    const greta = boardRow(page, staff.sara.id).locator('.block', { hasText: '08:00' });
    await greta.focus();
    const board = page.getByTestId('plan-board');
    const left = await board.evaluate((b) => b.scrollLeft);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ändra besöket' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Starttid')).toHaveValue('08:00');
    await dialog.getByLabel('Starttid').fill('07:00');
    await dialog.getByLabel('Sluttid').fill('07:45');
    await expectAccessible(page, 'plan form');
    await dialog.getByRole('button', { name: 'Spara besöket' }).click();
    await expect(dialog).toBeHidden();
    await expect(notices(page)).toContainText('07:00–07:45 för Sara Svensson');
    await expect(boardRow(page, staff.sara.id).locator('.block', { hasText: '07:00' })).toBeVisible();
    // The day stays where it was scrolled, not jumped to midday.
    expect(await board.evaluate((b) => b.scrollLeft)).toBe(left);
  });

  test('creates a visit by form and recurring visits from an order', async () => {
    await page.getByRole('button', { name: 'Nytt besök' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nytt besök' });
    await dialog.getByRole('button', { name: 'Spara besöket' }).click();
    await expect(dialog.getByLabel('Brukare')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Brukare')).toBeFocused();
    await dialog.getByLabel('Brukare').selectOption({ label: recipients.greta.name });
    await expect(dialog.getByLabel('Beställning')).not.toHaveValue('');
    await dialog.getByLabel('Personal', { exact: true }).selectOption({ label: staff.omar.name });
    await dialog.getByLabel('Starttid').fill('15:00');
    await dialog.getByLabel('Sluttid').fill('15:30');
    await dialog.getByRole('button', { name: 'Spara besöket' }).click();
    await expect(dialog).toBeHidden();
    await expect(boardRow(page, staff.omar.id).locator('.block', { hasText: '15:00' })).toBeVisible();

    await page.getByRole('button', { name: 'Återkommande besök' }).click();
    const rec = page.getByRole('dialog', { name: 'Återkommande besök' });
    await rec.getByLabel('Beställning').selectOption({ label: 'Greta Gustafsson: Personlig omvårdnad' });
    await rec.getByLabel('Starttid').fill('18:00');
    await rec.getByLabel('Längd (minuter)').fill('20');
    await rec.getByLabel('Personal', { exact: true }).selectOption({ label: staff.lena.name });
    await rec.getByLabel('Från och med').fill(day);
    await rec.getByLabel('Till och med').fill(day);
    for (const name of ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag']) {
      await rec.getByLabel(name).check();
    }
    await expectAccessible(page, 'recurring visits form');
    await rec.getByRole('button', { name: 'Skapa besöken' }).click();
    await expect(rec).toBeHidden();
    await expect(notices(page)).toContainText('1 besök skapat');
    await expect(boardRow(page, staff.lena.id).locator('.block[aria-label*="18:00–18:20"]')).toBeVisible();
  });

  test('moves a visit with the arrow keys, and focus stays on it', async () => {
    const omar = boardRow(page, staff.omar.id);
    const sara = boardRow(page, staff.sara.id);
    await expect(page.getByText('flytta ett markerat besök med vänster- och högerpil')).toBeVisible();
    await omar.locator('.block', { hasText: '15:00' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(notices(page)).toContainText('15:15–15:45 för Omar Nilsson');
    await expect(omar.locator('.block', { hasText: '15:15' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(notices(page)).toContainText('15:15–15:45 för Sara Svensson');
    await expect(sara.locator('.block', { hasText: '15:15' })).toBeFocused();
    await expect(omar.locator('.block', { hasText: '15:15' })).toHaveCount(0);
    await page.keyboard.press('ArrowUp');
    await expect(omar.locator('.block', { hasText: '15:15' })).toBeFocused();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(omar.locator('.block', { hasText: '14:15' })).toBeFocused();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(omar.locator('.block', { hasText: '15:00' })).toBeFocused();
    await expect(notices(page)).toContainText('15:00–15:30 för Omar Nilsson');
    await expectAccessible(page, 'planning board after keyboard moves');
  });

  test('orders: planned against granted at a glance; the protected recipient stays masked', async () => {
    await openView(page, 'Beställningar');
    const summary = page.getByTestId('plan-summary');
    await expect(summary.locator(`tr[data-recipient="${recipients.greta.id}"]`)).toContainText('20,00');
    await expect(summary.locator(`tr[data-recipient="${recipients.hidden.id}"]`)).toContainText(
      'Skyddad identitet',
    );
    await expect(page.locator('main')).not.toContainText(recipients.hidden.name);
    // Where each order came from: the municipality's file and when it was read in.
    const origins = page.getByTestId('orders-table').getByTestId('order-origin');
    await expect(origins.filter({ hasText: 'bestallningar-vecka-48.xml' })).toHaveText(
      `Fil bestallningar-vecka-48.xml, inläst ${month}-01 06:15 (version 3)`,
    );
    await expect(origins.filter({ hasText: 'Kommunens server' }).first()).toBeVisible();
    await checkView(page, 'wf-04-orders');

    await summary.locator(`tr[data-recipient="${recipients.hidden.id}"]`).getByRole('button').click();
    const details = page.getByRole('dialog', { name: 'Brukare' });
    await expect(details.getByTestId('recipient-details')).toContainText('Skyddad identitet');
    await expect(details).not.toContainText(recipients.hidden.name);
    await expect(details).not.toContainText(recipients.hidden.personalId);
    await expect(details).not.toContainText('Skyddade gatan');
    await expect(details).toContainText('Du har inte behörighet att se namn och adress.');
    await checkView(page, 'wf-05-recipient-masked');
    await details.getByRole('button', { name: 'Stäng' }).click();

    // With the right (seeProtected), the same person sees the name; opening it is audited.
    const users = await adminApi.call<{ id: number; username: string }[]>('users.list');
    const id = users.find((u) => u.username === coordinator.username)!.id;
    await adminApi.call('users.update', { id, seeProtected: true });
    await page.reload();
    await expect(page.getByTestId('plan-summary')).toContainText(recipients.hidden.name);
    await page.getByRole('button', { name: recipients.hidden.name }).first().click();
    await expect(page.getByRole('dialog', { name: 'Brukare' })).toContainText(recipients.hidden.personalId);
    await page.getByRole('dialog', { name: 'Brukare' }).getByRole('button', { name: 'Stäng' }).click();
    await adminApi.call('users.update', { id, seeProtected: false });
    const audit = await adminApi.call<{ action: string; subject: string | null }[]>('audit.list', {
      limit: 50,
    });
    expect(
      audit.filter((a) => a.action === 'recipients.open' && a.subject === recipients.hidden.id),
    ).toHaveLength(2);
  });
});

test.describe('office worker', () => {
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await logIn(browser, office.username, office.password);
  });
  test.afterAll(async () => {
    await page.context().close();
  });

  test('reads the day as visits: a row per visit with its span, its registrations one click away', async () => {
    await openView(page, 'Registreringar');
    const visit = page.getByTestId('visit-row').filter({ hasText: '08:00–08:45 · 45 min' });
    await expect(visit).toHaveCount(1);
    await expect(visit).toContainText(recipients.greta.name);
    await expect(visit).toContainText(staff.sara.name);
    await expect(page.getByTestId('registration-row')).toHaveCount(0);
    // The two departures without an arrival are not a visit: they are listed first, to be fixed.
    const unpaired = page.getByTestId('unpaired-row');
    await expect(unpaired).toHaveCount(2);
    await expect(unpaired.first()).toContainText('Avgång utan ankomst');
    const toggle = visit.getByRole('button', { name: /^Registreringar för besöket 08:00–08:45/ });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const raw = visit.getByTestId('visit-raw-row');
    await expect(raw).toHaveCount(2);
    await expect(raw.nth(0)).toContainText('08:00');
    await expect(raw.nth(1)).toContainText('08:45');
    await expect(raw.nth(0).getByRole('button', { name: /^Rätta 08:00/ })).toBeVisible();
    await expectAccessible(page, 'registrations as visits');
    await checkView(page, 'wf-05-registrations-visits');
    await toggle.click();
    await expect(raw).toHaveCount(0);
  });

  test('finds the unmatched departure and corrects it in two clicks', async () => {
    await openView(page, 'Registreringar');
    await page.getByLabel('Visa registreringar').check();
    await expect(page.getByTestId('registration-summary')).toHaveText('8 registreringar, varav 2 omatchade');
    const rows = page.getByTestId('registration-row');
    // Unmatched first.
    await expect(rows.first()).toContainText('Avgång utan ankomst');
    await expect(rows.nth(0)).toContainText('10:00');
    await expect(rows.nth(1)).toContainText('10:40');
    // The protected recipient is masked for the office worker.
    await expect(page.getByTestId('registration-scroller')).toContainText('Skyddad identitet');
    await expect(page.getByTestId('registration-scroller')).not.toContainText(recipients.hidden.name);
    await checkView(page, 'wf-06-registrations');

    // Why is this a deviation?
    await rows
      .nth(0)
      .getByRole('button', { name: /Avgång utan ankomst: varför/ })
      .click();
    const details = page.getByTestId('registration-details');
    await expect(details).toContainText(
      'Avgång utan ankomst: ingen öppen ankomst hos samma brukare före den.',
    );

    // Click one: "Rätta" opens the dialog prefilled with the likely fix (an arrival).
    await rows
      .nth(0)
      .getByRole('button', { name: /^Rätta 10:00 Avgång/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Rätta registreringen' });
    await expect(dialog.getByLabel('Typ')).toHaveValue('arrive');
    await dialog.getByRole('button', { name: 'Spara rättelsen' }).click();
    await expect(dialog.getByLabel('Orsak')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Orsak')).toBeFocused();
    await expectAccessible(page, 'correction dialog with an error');
    await screenshot(page, 'wf-07-correction-dialog');
    // A reason that holds a personnummer earns a warning as it is typed, tied to the field.
    await dialog.getByLabel('Orsak').fill('Kunden 19121212-1212 ringde');
    const warning = dialog.getByTestId('sensitive-warning');
    await expect(warning).toHaveText(/^Det här ser ut som ett personnummer\. Skriv inte personnummer här/);
    await expect(dialog.getByLabel('Orsak')).toHaveAccessibleDescription(
      /Det här ser ut som ett personnummer/,
    );
    await expectAccessible(page, 'correction dialog with a personnummer warning');
    await screenshot(page, 'wf-07b-correction-sensitive-warning');
    await dialog.getByLabel('Orsak').fill('Pennan registrerade avgång vid ankomsten');
    await expect(warning).toHaveCount(0);
    // Click two: save.
    await dialog.getByRole('button', { name: 'Spara rättelsen' }).click();
    await expect(dialog).toBeHidden();
    await expect(notices(page)).toContainText('Rättelsen är sparad.');
    await expect(page.getByTestId('registration-summary')).toHaveText('8 registreringar, varav 0 omatchade');

    // The original stays, marked as corrected, with its history.
    const corrected = rows.filter({ hasText: '10:00' }).filter({ hasText: 'Rättad' });
    await expect(corrected).toHaveCount(1);
    await expect(corrected).toContainText('Ankomst');
    await corrected.getByRole('button', { name: /^Detaljer för 10:00/ }).click();
    await expect(page.getByTestId('correction-history')).toContainText('Typ ändrad till Ankomst');
    await expect(page.getByTestId('correction-history')).toContainText(
      'Orsak: Pennan registrerade avgång vid ankomsten',
    );
    await expect(page.getByTestId('correction-history')).toContainText(office.username);
    await checkView(page, 'wf-08-registrations-corrected');
  });

  test('registers a missed visit by hand', async () => {
    await page.getByRole('button', { name: 'Registrera missat besök' }).click();
    const dialog = page.getByRole('dialog', { name: 'Registrera missat besök' });
    await dialog.getByLabel('Personal').selectOption({ label: staff.omar.name });
    await dialog.getByLabel('Brukare').selectOption({ label: recipients.greta.name });
    await dialog.getByLabel('Ankomst (tid)').fill('14:00');
    await dialog.getByLabel('Avgång (tid, om känd)').fill('14:30');
    await dialog.getByLabel('Orsak').fill('portkod 8520, pennan var urladdad');
    await expect(dialog.getByTestId('sensitive-warning')).toHaveText(/^Det här ser ut som en portkod\./);
    await dialog.getByLabel('Orsak').fill('Pennan var urladdad');
    await expect(dialog.getByTestId('sensitive-warning')).toHaveCount(0);
    await expectAccessible(page, 'manual registration dialog');
    await dialog.getByRole('button', { name: 'Registrera besöket' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('registration-summary')).toHaveText('10 registreringar, varav 0 omatchade');
    await expect(page.getByTestId('registration-row').filter({ hasText: '14:00' })).toContainText('Manuell');
  });

  test('attests the month; the locked period refuses corrections', async () => {
    const panel = page.getByTestId('attestation');
    await panel.getByRole('button', { name: `Attestera ${monthSv}` }).click();
    const confirm = page.getByRole('dialog', { name: `Attestera ${monthSv}?` });
    await expect(confirm).toContainText('låses som underlag för ersättning');
    // The open problems of the month are named before the attest, or it says there are none.
    const accept = confirm.getByTestId('attest-confirm-problems');
    await expect(confirm.getByTestId('attest-problems-none').or(accept)).toBeVisible();
    await expectAccessible(page, 'attestation confirmation');
    if (await accept.isVisible()) {
      await expect(confirm.getByRole('button', { name: 'Attestera och lås' })).toBeDisabled();
      await accept.check();
    }
    await confirm.getByRole('button', { name: 'Attestera och lås' }).click();
    await expect(panel.getByTestId('attest-status')).toHaveText(/Attesterad och låst/);
    await expect(panel.getByTestId('attest-version')).toHaveText('Version 1');
    await expect(page.getByTestId('registration-row').first()).toContainText('Attesterad');
    // A locked row offers no correction that would only be refused after the form is filled.
    await expect(
      page
        .getByTestId('registration-row')
        .first()
        .getByRole('button', { name: /^Rätta / }),
    ).toHaveCount(0);
    await checkView(page, 'wf-09-locked-rows');
  });

  test('exports the billing basis as CSV and PDF, matching the screen', async () => {
    await openView(page, 'Underlag');
    await expect(page.getByTestId('basis-attested')).toContainText('Attesterad');
    const table = page.getByTestId('basis-table');
    await expect(table).toBeVisible();
    const formulaRow = table.locator(`tr[data-recipient="${recipients.formula.id}"]`);
    await expect(formulaRow.locator('th')).toHaveText(recipients.formula.name);
    await expect(table.locator(`tr[data-recipient="${recipients.hidden.id}"] th`)).toHaveText(
      'Skyddad identitet',
    );
    const chart = page.getByTestId('week-chart').getByRole('img');
    await expect(chart).toHaveAccessibleName('Planerad och utförd tid per vecka');
    await expect(chart).toHaveAccessibleDescription(/v\. \d+: planerat \d+,\d\d h, utfört \d+,\d\d h/);
    await checkView(page, 'wf-10-billing');

    // What the screen shows, per recipient and service.
    const screen = new Map<string, string[]>();
    for (const tr of await table.locator('tbody tr').all()) {
      const key = `${await tr.getAttribute('data-recipient')}|${await tr.getAttribute('data-service')}`;
      screen.set(key, [
        await tr.locator('[data-col="granted"]').innerText(),
        await tr.locator('[data-col="planned"]').innerText(),
        await tr.locator('[data-col="performed"]').innerText(),
        await tr.locator('[data-col="deviations"]').innerText(),
      ]);
    }
    expect(screen.get(`${recipients.greta.id}|PO`)?.[0]).toBe('20,00');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportera CSV' }).click(),
    ]);
    // The month was attested above: the export says which version of the attest it is.
    expect(csvDownload.suggestedFilename()).toBe(`underlag-${month}-v1.csv`);
    const csv = readFileSync(await csvDownload.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trim().split('\r\n');
    const header = lines[0]!.split(';');
    expect(header).toEqual([
      'Period',
      'Brukar-ID',
      'Brukare',
      'Insatskod',
      'Insats',
      'Beviljad tid (h)',
      'Planerad tid (h)',
      'Utförd tid (h)',
      'Avvikelser',
      'Attestversion',
    ]);
    const records = lines.slice(1).map(parseCsvLine);
    expect(records.length).toBe(screen.size);
    for (const r of records) {
      expect(r[0]).toBe(month);
      expect(r[5]).toMatch(/^\d+,\d\d$/);
      expect([r[5], r[6], r[7], r[8]]).toEqual(screen.get(`${r[1]}|${r[3]}`));
      expect(r[9]).toBe('1');
    }
    const formula = records.find((r) => r[1] === recipients.formula.id)!;
    expect(formula[2]).toBe(`'${recipients.formula.name}`);
    expect(records.find((r) => r[1] === recipients.hidden.id)![2]).toBe('Skyddad identitet');
    expect(csv.toString('utf8')).not.toContain(recipients.hidden.name);

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportera PDF' }).click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toBe(`underlag-${month}-v1.pdf`);
    const pdf = readFileSync(await pdfDownload.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

test('an administrator reopens the attested month with a reason', async ({ browser }) => {
  const page = await logIn(browser, admin.username, admin.password);
  await openView(page, 'Registreringar');
  const panel = page.getByTestId('attestation');
  await expect(panel.getByTestId('attest-status')).toHaveText(/Attesterad och låst/);
  await panel.getByRole('button', { name: 'Öppna perioden igen' }).click();
  const dialog = page.getByRole('dialog', { name: `Öppna ${monthSv} igen` });
  await dialog.getByRole('button', { name: 'Öppna perioden' }).click();
  await expect(dialog.getByLabel('Orsak')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Orsak').fill('Rättelse av missad ankomst efter attest');
  await dialog.getByRole('button', { name: 'Öppna perioden' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('attest-status')).toHaveText('Ej attesterad');
  await expect(notices(page)).toContainText(`${monthSv} är öppnad igen`);
  await page.context().close();
});

test('one recipient is attested on its own: only their rows lock, and an administrator reopens them', async ({
  browser,
}) => {
  const page = await logIn(browser, admin.username, admin.password);
  await openView(page, 'Registreringar');
  await page.getByLabel('Visa registreringar').check();
  const panel = page.getByTestId('attestation');
  await expect(panel.getByTestId('attest-status')).toHaveText('Ej attesterad');
  await panel.getByLabel('Attestera för').selectOption({ label: recipients.greta.name });
  await panel.getByRole('button', { name: `Attestera ${monthSv} för ${recipients.greta.name}` }).click();
  const confirm = page.getByRole('dialog', { name: `Attestera ${monthSv} för ${recipients.greta.name}?` });
  await expect(confirm).toContainText(`Registreringarna för ${recipients.greta.name}`);
  await expectAccessible(page, 'recipient attestation confirmation');
  await confirm.getByRole('button', { name: 'Attestera och lås' }).click();
  await expect(confirm).toBeHidden();
  await expect(notices(page)).toContainText(`är attesterad och låst för ${recipients.greta.name}`);

  // The month as a whole stays open; Greta's rows are locked, the others are not.
  await expect(panel.getByTestId('attest-status')).toHaveText('Ej attesterad');
  const attested = panel.getByTestId('recipient-attestations');
  await expect(attested).toContainText(recipients.greta.name);
  const rows = page.getByTestId('registration-row');
  const greta = rows.filter({ hasText: recipients.greta.name });
  await expect(greta.first()).toContainText('Attesterad');
  for (const row of await greta.all()) await expect(row).toContainText('Attesterad');
  const others = rows.filter({ hasNotText: recipients.greta.name });
  await expect(others.first()).toBeVisible();
  for (const row of await others.all()) await expect(row).not.toContainText('Attesterad');
  // Attesting her again is not offered.
  await panel.getByLabel('Attestera för').selectOption({ label: recipients.greta.name });
  await expect(
    panel.getByRole('button', { name: `Attestera ${monthSv} för ${recipients.greta.name}` }),
  ).toBeDisabled();
  await expect(panel).toContainText(`${recipients.greta.name} är redan attesterad för månaden.`);
  await checkView(page, 'wf-11-recipient-attested');

  await attested.getByRole('button', { name: `Öppna igen: ${recipients.greta.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Öppna ${monthSv} igen för ${recipients.greta.name}` });
  await dialog.getByLabel('Orsak').fill('Fel insats registrerad hos Greta');
  await dialog.getByRole('button', { name: 'Öppna perioden' }).click();
  await expect(dialog).toBeHidden();
  await expect(notices(page)).toContainText(`öppnad igen för ${recipients.greta.name}`);
  await expect(panel.getByTestId('recipient-attestations')).toHaveCount(0);
  for (const row of await greta.all()) await expect(row).not.toContainText('Attesterad');
  await page.context().close();
});

/** One CSV record with semicolons and double-quoted fields. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
