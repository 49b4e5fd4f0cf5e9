// Office → Docking and Admin → Devices, end to end in Chromium against `caredock serve`:
// an administrator who also works at the office docks a simulated pen and watches the progress
// and the result, cancels a long reading, then assigns the pen to a staff member, configures a
// serial dock by its path and enrols a tag. Each view is scanned with axe and photographed.
import { createServer } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { socatAvailable, startFakeTagReader } from './docking/tag-reader.ts';
import { useHost } from './host.ts';
import { checkView, expectAccessible, screenshot } from './ui.ts';

test.describe.configure({ mode: 'serial' });

const host = useHost();
let page: Page;
/** Script errors and CSP violations seen during the whole flow; there must be none. */
const problems: string[] = [];

const admin = { username: 'dora.dock', name: 'Dora Dahl', password: 'Dockning-2025!' };
const staffName = 'Sara Svensson';
/** Thousands are grouped the Swedish way ("3 000"), with a no-break space. */
const n = (digits: string): string => digits.replace(/\B(?=(\d{3})+$)/g, '\\s?');

const nav = () => page.getByRole('navigation', { name: 'Huvudmeny' });
const notices = () => page.getByTestId('notices');
const dock = (label: string): Locator => page.getByRole('region', { name: label, exact: true });

async function openView(path: string, heading: string): Promise<void> {
  await nav().getByRole('link', { name: heading, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/${path}$`));
  await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeFocused();
}

/** Calls the core as the page does, with the page's cookie. */
async function api<T>(name: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ([procedure, body]) => {
      const r = await fetch(`/api/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await r.json()) as { ok: boolean; result?: unknown; error?: unknown };
    },
    [name, input] as const,
  );
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`);
  return answer.result as T;
}

/**
 * Records every value the page's progress bars take, from now on. The simulator is fast, so an
 * observer sees each update the core streams, where polling from the test could miss them.
 */
async function recordProgress(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { progressSeen: { value: number; max: number; text: string }[] };
    w.progressSeen = [];
    const observer = new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) {
        if (!bar.hasAttribute('value')) continue;
        const text = bar.parentElement?.querySelector('.step')?.textContent ?? '';
        w.progressSeen.push({ value: bar.value, max: bar.max, text });
      }
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

async function progressSeen(): Promise<{ value: number; max: number; text: string }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { progressSeen: { value: number; max: number; text: string }[] }).progressSeen,
  );
}

async function attachSimulator(records: number, pens = 1, baud = 0): Promise<void> {
  const form = page.getByRole('region', { name: 'Simulerad docka', exact: true });
  await form.getByLabel('Antal pennor').fill(String(pens));
  await form.getByLabel('Registreringar per penna').fill(String(records));
  await form.getByLabel('Hastighet (baud)').fill(String(baud));
  await form.getByRole('button', { name: 'Lägg till simulerad docka' }).click();
  await expect(notices()).toContainText('Den simulerade dockan är tillagd.');
}

/** A TCP port nothing listens on: the dock configured there cannot connect. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page.context().close();
});

test('an administrator who also works at the office', async () => {
  await page.goto(host().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen till CareDock' })).toBeVisible();
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Namn', { exact: true }).fill(admin.name);
  await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await page.getByLabel('Upprepa lösenordet').fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);

  // The office role through the API, with this page's cookie; the session event updates the menu.
  const session = await api<{ user: { id: number } }>('auth.session', {});
  await api('users.update', { id: session.user.id, roles: ['admin', 'office'] });
  await expect(nav().getByRole('link', { name: 'Dockning', exact: true })).toBeVisible();
});

test('with no dock the docking view says what to do', async () => {
  await openView('docking', 'Dockning');
  const docks = page.getByRole('region', { name: 'Dockor', exact: true });
  await expect(docks.getByRole('heading', { name: 'Ingen docka är ansluten' })).toBeVisible();
  await expect(docks).toContainText('sätt pennan i dockan');
  await expect(page.getByRole('region', { name: 'Historik per penna', exact: true })).toContainText(
    'Inga dockningar ännu.',
  );
  // An admin in the headless host may try it without hardware.
  await expect(page.getByRole('button', { name: 'Lägg till simulerad docka' })).toBeVisible();
  await checkView(page, 'docking-01-empty');
});

test('a simulated pen is read with visible progress, then its result and history', async () => {
  await recordProgress();
  // Paced like a serial dock (~5 s), so the bar is seen on its way, however fast the machine.
  await attachSimulator(3000, 1, 115_200);

  const first = dock('Simulerad docka 1');
  await expect(first).toBeVisible();
  await expect(first).toContainText('Ansluten');
  const slot = first.getByRole('article', { name: /Penna SIM001-1/ });
  await expect(slot).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(slot.getByRole('list', { name: 'Resultat' })).toContainText(new RegExp(`${n('3000')} nya`));
  await expect(slot).toContainText('0 redan lagrade');
  await expect(slot).toContainText('Klar');
  // The pen was read in steps: the bar stood somewhere between empty and full on the way.
  const seen = await progressSeen();
  const between = seen.filter((s) => s.max === 3000 && s.value > 0 && s.value < 3000);
  expect(between.length, `progress values seen: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  for (const s of between) expect(s.text).toMatch(/^(Läser|Sparar|Kvitterar) \d[\d\s]* av 3\s?000/);
  // Screen readers hear the result once, in words (and no progress ticks).
  const live = page.getByTestId('docking-announcements');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(live).toContainText(
    new RegExp(`Penna SIM001-1: ${n('3000')} nya, 0 redan lagrade, ${n('3000')} flaggade\\.`),
  );
  await expect(live.locator('p')).toHaveCount(1);

  const history = page.getByRole('region', { name: 'Historik per penna', exact: true });
  const row = history.getByRole('row', { name: /SIM001-1/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Klar');
  await expect(row).toContainText('Simulerad docka 1');
  await expect(row.getByRole('cell').nth(3)).toHaveText(new RegExp(`^${n('3000')}$`));
  await history.getByLabel('Penna', { exact: true }).selectOption('SIM001-1');
  await expect(history.getByRole('row', { name: /SIM001-1/ })).toHaveCount(1);
  await checkView(page, 'docking-02-done');
});

test('a long reading can be cancelled from the UI', async () => {
  await recordProgress();
  // Paced like a serial dock, the reading lasts long enough (~40 s) to be cancelled in the middle.
  await attachSimulator(20_000, 1, 115_200);
  const second = dock('Simulerad docka 2');
  const slot = second.getByRole('article', { name: /SIM002-1|identifieras/ });
  const cancel = second.getByRole('button', { name: /^Avbryt läsningen/ });
  await expect(cancel).toBeVisible();
  await cancel.click();
  await expect(second.getByRole('article')).toHaveAttribute('data-state', 'cancelled');
  await expect(slot).toContainText('Avbruten');
  await expect(slot).toContainText(
    'Läsningen avbröts. Det som redan sparats finns kvar; docka igen för resten.',
  );
  await expect(cancel).toHaveCount(0);
  // The button went away with the session; its focus went to the pen's heading, not the page.
  await expect(second.getByRole('heading', { name: /Penna SIM002-1/ })).toBeFocused();
  const seen = await progressSeen();
  expect(seen.every((s) => s.max !== 20_000 || s.value < 20_000)).toBe(true);
  await expect(page.getByTestId('docking-announcements')).toContainText('Penna SIM002-1: läsningen avbröts.');

  const history = page.getByRole('region', { name: 'Historik per penna', exact: true });
  await history.getByLabel('Penna', { exact: true }).selectOption('');
  const row = history.getByRole('row', { name: /SIM002-1/ });
  await expect(row).toContainText('Avbruten');
  await expect(row).toContainText('Läsningen avbröts.');
  // The first dock's result is still on screen.
  await expect(dock('Simulerad docka 1')).toContainText(new RegExp(`${n('3000')} nya`));
  await checkView(page, 'docking-03-cancelled');
});

test('a dock with two pens reads one slot after the other', async () => {
  await attachSimulator(8000, 2);
  const third = dock('Simulerad docka 3');
  const slot1 = third.getByRole('article', { name: /^Plats 1: Penna SIM003-1/ });
  await expect(slot1).toHaveAttribute('data-state', /identifying|reading|committing|acknowledging|done/);
  // A picture of the work in progress (it may already be further on; nothing depends on it).
  await screenshot(page, 'docking-04-two-pens');
  const slot2 = third.getByRole('article', { name: /^Plats 2: Penna SIM003-2/ });
  await expect(slot2).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(slot1).toHaveAttribute('data-state', 'done');
  await expect(slot2).toContainText(new RegExp(`${n('8000')} nya`));
  const live = page.getByTestId('docking-announcements');
  await expect(live).toContainText(new RegExp(`Penna SIM003-1: ${n('8000')} nya`));
  await expect(live).toContainText(new RegExp(`Penna SIM003-2: ${n('8000')} nya`));
  await checkView(page, 'docking-05-two-pens-done');
});

test('the administrator adds a staff member and assigns the pen', async () => {
  await openView('devices', 'Enheter');
  const pens = page.getByRole('region', { name: 'Pennor', exact: true });
  await expect(pens.getByRole('row', { name: /SIM001-1/ })).toContainText('CDP-100');
  await expect(pens.getByRole('row', { name: /SIM002-1/ })).toBeVisible();
  await checkView(page, 'devices-01');

  const staff = page.getByRole('region', { name: 'Personal', exact: true });
  await staff.getByRole('button', { name: 'Lägg till medarbetaren' }).click();
  await expect(staff.getByLabel('Namn')).toHaveAccessibleDescription('Fyll i fältet.');
  await expect(staff.getByLabel('Namn')).toBeFocused();
  await staff.getByLabel('Namn').fill(staffName);
  await staff.getByRole('button', { name: 'Lägg till medarbetaren' }).click();
  await expect(notices()).toContainText(`${staffName} är tillagd i personallistan.`);
  await expect(staff.getByRole('row', { name: new RegExp(staffName) })).toContainText('Lagd till här');

  await pens.getByRole('button', { name: 'Hantera pennan SIM001-1' }).click();
  const editor = page.getByRole('region', { name: 'Penna SIM001-1', exact: true });
  await expect(editor.getByRole('heading', { name: 'Penna SIM001-1' })).toBeFocused();
  await expect(editor).toContainText('Pennan har aldrig varit kopplad.');
  await editor.getByRole('button', { name: 'Koppla pennan' }).click();
  await expect(editor.getByLabel('Medarbetare', { exact: true })).toHaveAccessibleDescription(
    'Välj ett alternativ.',
  );
  await editor.getByLabel('Medarbetare', { exact: true }).selectOption({ label: staffName });
  await expect(editor.getByLabel('Gäller från')).not.toHaveValue('');
  await editor.getByRole('button', { name: 'Koppla pennan' }).click();
  await expect(notices()).toContainText(`Pennan SIM001-1 är kopplad till ${staffName}.`);
  const assignment = editor.getByRole('row', { name: new RegExp(staffName) });
  await expect(assignment).toContainText('pågår');
  await expect(assignment).toContainText(admin.username);
  await expect(pens.getByRole('row', { name: /SIM001-1/ })).toContainText(staffName);

  await editor.getByLabel('Etikett', { exact: true }).fill('Röd 4');
  await editor.getByRole('button', { name: 'Spara etiketten' }).click();
  await expect(notices()).toContainText('Etiketten för SIM001-1 är sparad.');
  await expect(pens.getByRole('row', { name: /SIM001-1/ })).toContainText('Röd 4');
  await expectAccessible(page, 'devices with the pen editor');
  await screenshot(page, 'devices-02-pen-assigned');

  await editor.getByRole('button', { name: 'Stäng' }).click();
  await expect(pens.getByRole('button', { name: 'Hantera pennan SIM001-1' })).toBeFocused();
});

test('a serial dock is configured by its path, shown on the docking view, and removed', async () => {
  const port = await closedPort();
  const path = `tcp://127.0.0.1:${port}`;
  const ports = page.getByRole('region', { name: 'Seriella dockor och taggläsare', exact: true });
  await expect(ports).toContainText('Inga seriella enheter tillagda.');
  await ports.getByLabel('Portens sökväg').fill(path);
  await ports.getByLabel('Namn (valfritt)').fill('Receptionen');
  await ports.getByLabel('Hastighet i baud (valfritt)').fill('12');
  await ports.getByRole('button', { name: 'Lägg till porten' }).click();
  await expect(ports.getByLabel('Hastighet i baud (valfritt)')).toHaveAccessibleDescription(
    /mellan 1200 och/,
  );
  await ports.getByLabel('Hastighet i baud (valfritt)').fill('');
  await ports.getByRole('button', { name: 'Lägg till porten' }).click();
  await expect(notices()).toContainText(`Porten ${path} är tillagd.`);
  const row = ports.getByRole('row', { name: new RegExp(path) });
  await expect(row).toContainText('Receptionen');
  await expect(row).toContainText('Penndocka');

  // The same path twice is refused at the field.
  await ports.getByLabel('Portens sökväg').fill(path);
  await ports.getByRole('button', { name: 'Lägg till porten' }).click();
  await expect(ports.getByLabel('Portens sökväg')).toHaveAccessibleDescription(/redan tillagd/);
  await ports.getByLabel('Portens sökväg').fill('');

  // Nothing answers there: the docking view shows the dock, not connected, with what to do.
  await openView('docking', 'Dockning');
  const reception = dock('Receptionen');
  await expect(reception).toContainText('Nätverk (TCP)');
  await expect(reception).toContainText('Inte ansluten', { timeout: 30_000 });
  await expect(reception).toContainText('CareDock försöker igen av sig själv.');
  await expectAccessible(page, 'docking with a dock that cannot connect');
  await screenshot(page, 'docking-06-dock-error');

  // The pen's new staff member shows in the history's pen list and on the next docking.
  await openView('devices', 'Enheter');
  await ports.getByRole('button', { name: `Ta bort ${path}` }).click();
  await expect(notices()).toContainText(`Porten ${path} är borttagen.`);
  await expect(ports).toContainText('Inga seriella enheter tillagda.');
  await openView('docking', 'Dockning');
  await expect(dock('Receptionen')).toHaveCount(0);
});

test('a tag is enrolled by its UID; without a reader the person is told what to do', async () => {
  await openView('devices', 'Enheter');
  const tags = page.getByRole('region', { name: 'Taggar', exact: true });
  await expect(tags).toContainText('Inga taggar kopplade ännu.');
  await tags.getByRole('button', { name: 'Håll taggen mot läsaren' }).click();
  await expect(tags.getByLabel('Taggens id (UID)')).toHaveAccessibleDescription(
    /Ingen taggläsare är ansluten\. Lägg till den under Admin → Enheter\./,
  );
  await expect(tags.getByLabel('Taggens id (UID)')).toBeFocused();

  await tags.getByLabel('Taggens id (UID)').fill('XYZ');
  await tags.getByRole('button', { name: 'Koppla taggen' }).click();
  await expect(tags.getByLabel('Taggens id (UID)')).toHaveAccessibleDescription(/8, 10, 14 eller 20 tecken/);
  await tags.getByLabel('Taggens id (UID)').fill('04:a1:b2:c3');
  // A door code in the note is warned about as it is typed.
  await tags.getByLabel('Anteckning (valfri)').fill('Portkod 4711#');
  await expect(tags.getByTestId('sensitive-warning')).toHaveText(/^Det här ser ut som en portkod\./);
  await expect(tags.getByLabel('Anteckning (valfri)')).toHaveAccessibleDescription(
    /Det här ser ut som en portkod/,
  );
  await checkView(page, 'devices-03a-tag-label-warning');
  await tags.getByLabel('Anteckning (valfri)').fill('Vid ytterdörren');
  await expect(tags.getByTestId('sensitive-warning')).toHaveCount(0);
  await expect(tags.getByRole('radio', { name: /Ingen brukare ännu/ })).toBeChecked();
  await tags.getByRole('button', { name: 'Koppla taggen' }).click();
  await expect(notices()).toContainText('Taggen 04A1B2C3 är kopplad.');
  const row = tags.getByRole('row', { name: /04A1B2C3/ });
  await expect(row).toContainText('Vid ytterdörren');
  await checkView(page, 'devices-03-tag-enrolled');
});

test('"hold the tag to the reader" fills the field from a serial tag reader', async () => {
  test.skip(!socatAvailable, 'socat makes the pseudo-terminal the tag reader sits on');
  const reader = await startFakeTagReader();
  try {
    const ports = page.getByRole('region', { name: 'Seriella dockor och taggläsare', exact: true });
    await ports.getByLabel('Portens sökväg').fill(reader.path);
    await ports.getByLabel('Namn (valfritt)').fill('Taggläsaren');
    await ports.getByRole('radio', { name: 'Taggläsare' }).check();
    await ports.getByRole('button', { name: 'Lägg till porten' }).click();
    await expect(ports.getByRole('row', { name: new RegExp(reader.path) })).toContainText('Taggläsare');
    await expect(ports.getByRole('row', { name: new RegExp(reader.path) })).toContainText('9 600');

    const tags = page.getByRole('region', { name: 'Taggar', exact: true });
    const uid = tags.getByLabel('Taggens id (UID)');
    const waiting = tags.getByRole('status').filter({ hasText: 'Väntar på taggen' });
    await tags.getByRole('button', { name: 'Håll taggen mot läsaren' }).click();
    await expect(waiting).toBeVisible();
    await expect(tags.getByRole('button', { name: 'Sluta vänta' })).toBeFocused();
    await expectAccessible(page, 'devices while waiting for a tag');
    await screenshot(page, 'devices-05-waiting-for-tag');
    // The core opens the reader's port when asked: hold the tag to it until the field fills.
    await expect(async () => {
      reader.holdTag('0A1B2C3D4E');
      await expect(uid).toHaveValue('0A1B2C3D4E', { timeout: 500 });
    }).toPass({ timeout: 20_000 });
    await expect(waiting).toHaveCount(0);
    await expect(uid).toBeFocused();
    await expect(notices()).toContainText('Taggen 0A1B2C3D4E lästes av Taggläsaren.');
    await tags.getByRole('button', { name: 'Koppla taggen' }).click();
    await expect(notices()).toContainText('Taggen 0A1B2C3D4E är kopplad.');
    await expect(tags.getByRole('row', { name: /0A1B2C3D4E/ })).toBeVisible();

    // Waiting can be stopped; the button that started it takes the focus back.
    await tags.getByRole('button', { name: 'Håll taggen mot läsaren' }).click();
    await expect(waiting).toBeVisible();
    await tags.getByRole('button', { name: 'Sluta vänta' }).click();
    await expect(waiting).toHaveCount(0);
    await expect(tags.getByRole('button', { name: 'Håll taggen mot läsaren' })).toBeFocused();
    await expect(uid).toHaveValue('');
  } finally {
    await reader.close();
  }
});

test('the history per pen lists only that pen, and nothing went wrong on the page', async () => {
  await openView('docking', 'Dockning');
  const history = page.getByRole('region', { name: 'Historik per penna', exact: true });
  await history.getByLabel('Penna', { exact: true }).selectOption('SIM002-1');
  await expect(history.getByRole('row', { name: /SIM002-1/ })).toHaveCount(1);
  await expect(history.getByRole('row', { name: /SIM001-1/ })).toHaveCount(0);
  // The label given in Devices shows beside the serial in the choice of pens.
  await expect(
    history.getByLabel('Penna', { exact: true }).locator('option', { hasText: 'Röd 4' }),
  ).toHaveCount(1);
});

test('both views speak Finnish and English too', async () => {
  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telakointi' })).toBeVisible();
  await expect(dock('Simulerad docka 1')).toContainText(new RegExp(`${n('3000')} uutta`));
  await expect(dock('Simulerad docka 2')).toContainText('Keskeytetty');
  await checkView(page, 'docking-07-fi');

  await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Docking' })).toBeVisible();
  await expect(dock('Simulerad docka 1')).toContainText('3,000 new');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Devices', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Pens', exact: true }).getByRole('row', { name: /SIM001-1/ }),
  ).toContainText(staffName);
  await checkView(page, 'devices-04-en');

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enheter' })).toBeVisible();
  expect(problems).toEqual([]);
});
