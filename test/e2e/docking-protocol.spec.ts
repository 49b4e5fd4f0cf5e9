// The protocol's hard cases as the office sees them (docs/protocol/pen-dock-v1.md §3–§7): each
// pen is `caredock sim pen --tcp` in its own process, added as a serial dock by its tcp:// path,
// and read by `caredock serve` in Chromium. A record that breaks the protocol is set aside and
// shown; a busy pen is asked again; clock messages say what was done; a single-slot dock without
// dock info, an unknown model, the last sequence number and a flat battery are each read or
// explained. No message on the page may show a raw {placeholder} or a "?" for a pen, in any language.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startSimulatedPen, type SimulatedPen } from './docking/simulator.ts';
import { useHost } from './host.ts';
import { checkView } from './ui.ts';

test.describe.configure({ mode: 'serial' });

const host = useHost();
let page: Page;
const sims: SimulatedPen[] = [];
const problems: string[] = [];
const admin = { username: 'petra.protokoll', name: 'Petra Protokoll', password: 'Protokoll-2025!' };

const nav = () => page.getByRole('navigation', { name: 'Huvudmeny' });
const dock = (label: string): Locator => page.getByRole('region', { name: label, exact: true });
const slotIn = (label: string): Locator => dock(label).getByRole('article');

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

/** A simulated pen in a dock of its own, added by its path as an administrator would. */
async function attach(label: string, args: string[]): Promise<Locator> {
  const sim = await startSimulatedPen(args);
  sims.push(sim);
  await api('serialDocks.add', { path: sim.path, label });
  await expect(dock(label)).toBeVisible({ timeout: 15_000 });
  return slotIn(label);
}

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
});

test.afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await page.context().close();
});

test('an administrator who also works at the office opens Docking', async () => {
  await page.goto(host().url);
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Namn', { exact: true }).fill(admin.name);
  await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await page.getByLabel('Upprepa lösenordet').fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);
  const session = await api<{ user: { id: number } }>('auth.session', {});
  await api('users.update', { id: session.user.id, roles: ['admin', 'office'] });
  await nav().getByRole('link', { name: 'Dockning', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dockning' })).toBeFocused();
  // Nothing set aside yet: the section is not there at all.
  await expect(page.getByTestId('quarantine')).toHaveCount(0);
});

test('a record that breaks the protocol is set aside, the rest stored, and the office is told', async () => {
  const slot = await attach('Docka med trasig post', [
    '--records',
    '40',
    '--bad-record',
    '12:uidLength',
    '--seed',
    '21',
  ]);
  await expect(slot).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const result = slot.getByRole('list', { name: 'Resultat' });
  await expect(result).toContainText('39 nya');
  await expect(result).toContainText('1 lagda åt sidan');
  await expect(slot).toContainText(
    'Registreringar från pennan SIM0021-1 bröt mot protokollet och kunde inte läsas (1 st).',
  );

  const setAside = page.getByRole('region', { name: 'Lagt åt sidan', exact: true });
  await expect(setAside).toBeVisible();
  const row = setAside.getByRole('row', { name: /SIM0021-1/ });
  await expect(row).toContainText('12');
  await expect(row).toContainText('taggens id har fel längd');
  // The record's own bytes, for support: seq 12 first, the UID length broken to 05.
  await expect(row.getByRole('code')).toHaveText(/^00 00 00 0C (\S\S ){8}05 /);

  const history = page.getByRole('region', { name: 'Historik per penna', exact: true });
  await expect(history.getByRole('row', { name: /SIM0021-1/ })).toContainText('1 lagda åt sidan.');
  await checkView(page, 'docking-protocol-01-set-aside');
});

test('a busy pen is asked again by itself and then read', async () => {
  // 13 busy answers: the first session gives up after the 11th, the next poll reads it.
  const slot = await attach('Upptagen penna', ['--records', '20', '--busy', '13', '--seed', '22']);
  await expect(slot).toContainText('Pennan är upptagen och kan inte svara just nu.', { timeout: 20_000 });
  await expect(slot).toContainText('CareDock försöker igen av sig själv.');
  await expect(slot).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(slot.getByRole('list', { name: 'Resultat' })).toContainText('20 nya');
});

test('a pen that says its clock was reset while it kept the time: nothing is "corrected"', async () => {
  const slot = await attach('Klockan gick rätt', ['--records', '30', '--clock-reset-kept', '--seed', '23']);
  await expect(slot).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(slot).toContainText(
    'Pennan SIM0023-1 anger att dess klocka har nollställts, men klockan går rätt. Inga tider har ändrats.',
  );
  await expect(slot).toContainText(
    'Deras tider kunde inte rättas; de är oförändrade och flaggade för granskning.',
  );
  await expect(slot).not.toContainText('har rättats');
});

test('a fast pen on a dock without dock info: corrected, set back, and its next shift is not flagged', async () => {
  const slot = await attach('Docka utan dockinfo', [
    '--records',
    '30',
    '--clock-offset=3600',
    '--shift-after-set',
    '6',
    '--no-dock-info',
    '--seed',
    '24',
  ]);
  await expect(slot).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(slot).toContainText('Klockan i pennan SIM0024-1 gick 60 min fel.');
  await expect(slot).toContainText('CareDock har ställt klockan i pennan SIM0024-1.');
  // Out of the dock for a shift (the slot is seen empty), then back with six new registrations,
  // earlier by the pen's clock than the last ones: not "reset", not "backwards".
  await expect(dock('Docka utan dockinfo')).toContainText('Sätt pennan i dockan.', { timeout: 20_000 });
  await expect(slot.getByRole('list', { name: 'Resultat' })).toContainText('6 nya', { timeout: 30_000 });
  await expect(slot.locator('.note')).toHaveCount(0);
  await checkView(page, 'docking-protocol-02-next-shift');
});

test('a model CareDock does not know is read with a notice; a pen at its last number is told to be replaced', async () => {
  const acme = await attach('Okänd modell', ['--records', '5', '--model', 'ACME Pen 3', '--seed', '25']);
  await expect(acme).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(acme.getByRole('list', { name: 'Resultat' })).toContainText('5 nya');
  await expect(acme).toContainText(
    'Pennan SIM0025-1 är en modell som CareDock inte känner till (ACME Pen 3).',
  );

  const last = await attach('Sista löpnumret', [
    '--records',
    '5',
    '--first-seq',
    '4294967291',
    '--seed',
    '26',
  ]);
  await expect(last).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(last.getByRole('list', { name: 'Resultat' })).toContainText('5 nya');
  await expect(last).toContainText('Pennan SIM0026-1 har använt sitt sista löpnummer');
});

test('a flat battery is explained without a "?" for the pen', async () => {
  const slot = await attach('Tomt batteri', ['--records', '5', '--battery', '2', '--seed', '27']);
  await expect(slot).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(slot).toContainText('Pennans batteri är för svagt för att den ska kunna läsas.');
});

test('the registrations name the flags docking set in words, never by their code', async () => {
  await nav().getByRole('link', { name: 'Registreringar', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registreringar' })).toBeFocused();
  const main = page.getByRole('main');
  await expect(main).toContainText('Okänd tagg', { timeout: 15_000 });
  // The flags are on the registrations themselves, one click behind the visits.
  await page.getByLabel('Visa registreringar').check();
  await expect(main).toContainText('Ingen medarbetare');
  await expect(main).not.toContainText(/unknownTag|noStaff|clockCorrected|clockReset|timeBackwards/);
  await nav().getByRole('link', { name: 'Dockning', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dockning' })).toBeFocused();
});

test('no message on the docking view keeps a placeholder or a "?", in Swedish, Finnish or English', async () => {
  const main = page.getByRole('main');
  const check = async (lang: string) => {
    const text = await main.innerText();
    expect(text, lang).not.toMatch(/\{\w+\}/);
    expect(text, lang).not.toMatch(/(Penna|Pennan|Kynä|Kynän|Pen) \?/);
  };
  await check('sv');
  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telakointi' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Syrjään siirretyt', exact: true })).toContainText(
    'tagin tunnuksen pituus on väärä',
  );
  await check('fi');
  await checkView(page, 'docking-protocol-03-fi');
  await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Docking' })).toBeVisible();
  await expect(dock('Klockan gick rätt')).toContainText(
    'says its clock was reset, but the clock shows the right time',
  );
  await check('en');
  await checkView(page, 'docking-protocol-04-en');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Svenska' }).click();
  expect(problems).toEqual([]);
});
