// The sync status and Admin → Installation, end to end in Chromium: a workstation installed by
// `caredock serve --demo` against its embedded central server, and a fresh workstation installed
// through the UI with the demo municipality's profile and a one-time code. Each view is scanned
// with axe and photographed.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { syncErrors } from '../../src/shared/errors/sync.ts';
import { startHost, type Host } from './host.ts';
import { demoAdmin, startDemoHost, type DemoHost } from './sync/demo-host.ts';
import { checkView, screenshot } from './ui.ts';

test.describe.configure({ mode: 'serial' });

interface Status {
  state: string;
  waiting: number;
  quarantined: number;
  serverUrl: string | null;
  certificateNotAfter: string | null;
  seenAddress: string | null;
}

const admin = { username: 'ines.installation', name: 'Ines Isaksson', password: 'Installera-2025!' };

let demo: DemoHost;
let page: Page;
/** Script errors and CSP violations seen during the whole flow; there must be none. */
const problems: string[] = [];

const banner = () => page.getByRole('banner');
const headerSync = () => banner().getByTestId('sync-status');
const notices = () => page.getByTestId('notices');
const nav = () => page.getByRole('navigation', { name: 'Huvudmeny' });

/** Swedish catalogue text with its parameters filled in, as the UI must show it. */
function catalogue(code: keyof typeof syncErrors, params: Record<string, string | number> = {}): string {
  return syncErrors[code].sv.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Calls the core as the page does, with the page's cookie. */
async function api<T>(p: Page, name: string, input: unknown = {}): Promise<T> {
  const answer = await p.evaluate(
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

async function createAdmin(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await expect(p.getByRole('heading', { level: 1, name: 'Välkommen till CareDock' })).toBeVisible();
  await p.getByLabel('Användarnamn').fill(admin.username);
  await p.getByLabel('Namn', { exact: true }).fill(admin.name);
  await p.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await p.getByLabel('Upprepa lösenordet').fill(admin.password);
  await p.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(p.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);
}

async function openInstallation(p: Page): Promise<void> {
  await p
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Installation', exact: true })
    .click();
  await expect(p.getByRole('heading', { level: 1, name: 'Installation' })).toBeFocused();
}

/** Every value the header's data-state takes from now on (events can be faster than polling). */
async function recordStates(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { syncStates: string[] };
    const el = document.querySelector('[data-testid="sync-status"]');
    w.syncStates = [el?.getAttribute('data-state') ?? ''];
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') ?? '';
      if (w.syncStates.at(-1) !== state) w.syncStates.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  demo = await startDemoHost();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page?.context().close();
  await demo?.stop();
});

test('the header shows the sync state, and "Synka nu" runs a pass', async () => {
  await createAdmin(page, demo.url);
  await expect(headerSync()).toBeVisible();
  // The demo's first pass (started with the host) settles.
  await expect(headerSync()).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  await expect(headerSync().getByTestId('sync-state')).toHaveText('Synkad');
  await expect(headerSync().getByTestId('sync-last')).toContainText(/^Senast synkad \d{2}:\d{2}$/);
  await expect(headerSync().getByTestId('sync-waiting')).toHaveText(/^Väntar: \d+$/);

  await recordStates();
  await headerSync().getByRole('button', { name: 'Synka nu' }).click();
  await expect(notices()).toContainText(/Synkat: \d+ skickade, 0 avvisade, \d+ hämtade\./);
  await expect(headerSync()).toHaveAttribute('data-state', 'idle');
  const seen = await page.evaluate(() => (window as unknown as { syncStates: string[] }).syncStates);
  // (A background pass may add a round of its own; the person's pass shows at least one.)
  expect(seen[0]).toBe('idle');
  expect(seen).toContain('syncing');
  expect(seen.at(-1)).toBe('idle');
  await checkView(page, 'sync-header-idle');
});

test('Admin → Installation shows the municipality, the certificate and the address the server saw', async () => {
  await openInstallation(page);
  const status = await api<Status>(page, 'sync.status');
  const panel = page.getByTestId('installation-status');
  await expect(panel.getByTestId('installation-municipality')).toHaveText('Demokommun');
  await expect(panel).toContainText('Demo Omsorg AB');
  await expect(panel).toContainText('Demodator');
  await expect(panel).toContainText(status.serverUrl ?? 'no server URL');
  // In the page's time zone (playwright.config.ts), not the runner's: late in the evening the
  // two are on different dates.
  // The one date format every view uses (numeric, in the UI language).
  const expiry = new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(status.certificateNotAfter ?? 0));
  await expect(panel.getByTestId('installation-certificate')).toHaveText(expiry);
  await expect(panel.getByTestId('certificate-warning')).toHaveCount(0);
  await expect(panel.getByTestId('installation-seen-address')).toHaveText('127.0.0.1');
  await expect(panel).toContainText('Fil på datorn som bara CareDocks användarkonto kan läsa');
  await expect(panel.getByTestId('installation-clock')).toHaveText(/^(0 s|[+−][\d,]+ (s|min))$/);
  await expect(page.getByTestId('quarantine-empty')).toHaveText('Ingen post ligger i karantän.');

  await panel.getByRole('button', { name: 'Stäm av nu' }).click();
  await expect(notices()).toContainText(
    /Avstämningen är klar\. Jämförda dagar: \d+\. Dagar som skilde sig: 0\. Poster som skickas om: 0\./,
  );
  await expect(panel.getByTestId('installation-reconcile')).not.toHaveText('Aldrig');
  await checkView(page, 'sync-installation');
});

test('a paused sync says why; Reset is refused while items wait; quarantine and Retry', async () => {
  // A source address the municipality has not registered: the server refuses, sync pauses.
  const source = page.getByTestId('source-address');
  await source.getByLabel('Avsändaradress (frivilligt)').fill('127.0.0.3');
  await source.getByRole('button', { name: 'Spara adressen' }).click();
  await expect(notices()).toContainText('Avsändaradressen är sparad.');
  await expect(source.getByTestId('source-current')).toHaveText('Nu: 127.0.0.3');
  await headerSync().getByRole('button', { name: 'Synka nu' }).click();
  await expect(headerSync()).toHaveAttribute('data-state', 'paused');
  const why = catalogue('sync.addressNotRegistered', { address: '127.0.0.3', provider: 'Demo Omsorg AB' });
  await expect(banner().getByTestId('sync-problem')).toContainText(why);
  await expect(page.getByTestId('sync-announcement')).toHaveText(`Synkningen är pausad. ${why}`);

  // A pen docked meanwhile: its registrations wait on this PC.
  await api(page, 'docking.attachSimulator', { pens: 1, records: 30, seed: 77 });
  await expect
    .poll(async () => (await api<Status>(page, 'sync.status')).waiting, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(30);
  // Reading has finished once the count stops moving; the header follows it.
  let waiting = 0;
  await expect
    .poll(async () => {
      const before = waiting;
      waiting = (await api<Status>(page, 'sync.status')).waiting;
      return waiting === before;
    })
    .toBe(true);
  await expect(headerSync().getByTestId('sync-waiting')).toHaveText(`Väntar: ${waiting}`);
  await screenshot(page, 'sync-header-paused');

  // Reset: confirmation, then the core's refusal in the catalogue's words.
  const reset = page.getByTestId('reset-installation');
  await reset.getByRole('button', { name: 'Återställ installationen …' }).click();
  await expect(reset).toContainText('Vill du återställa installationen för Demokommun?');
  await reset.getByRole('button', { name: 'Ja, återställ' }).click();
  const refusal = reset.getByTestId('reset-refusal');
  await expect(refusal).toHaveText(catalogue('sync.resetUnsynced', { count: waiting }));
  await expect(refusal).toBeFocused();
  await expect(page.getByTestId('installation-municipality')).toHaveText('Demokommun');
  await checkView(page, 'sync-installation-reset-refused');

  // Two items the server would not take (seeded: a conflict is hard to provoke on purpose).
  const db = new Database(path.join(demo.dataDir, 'caredock.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      `update outbox set state = 'quarantined', last_error = 'sync.conflict', attempts = 3
       where id in (select id from outbox where state = 'pending' order by id limit 2)`,
    ).run();
  } finally {
    db.close();
  }
  await nav().getByRole('link', { name: 'Användare', exact: true }).click();
  await openInstallation(page);
  const quarantine = page.getByTestId('quarantine');
  await expect(quarantine.getByRole('row')).toHaveCount(3);
  await expect(quarantine.getByRole('row').nth(1)).toContainText(catalogue('sync.conflict'));
  await expect(headerSync().getByTestId('sync-quarantined')).toHaveText('I karantän: 2');
  await expect(headerSync().getByTestId('sync-waiting')).toHaveText(`Väntar: ${waiting - 2}`);
  await checkView(page, 'sync-installation-quarantine');

  // Back to the registered address; "Försök igen" lifts the pause and everything flows.
  await source.getByLabel('Avsändaradress (frivilligt)').fill('');
  await source.getByRole('button', { name: 'Spara adressen' }).click();
  await expect(source.getByTestId('source-current')).toHaveText('Nu: operativsystemet väljer');
  await banner().getByRole('button', { name: 'Försök igen', exact: true }).click();
  await expect(headerSync()).toHaveAttribute('data-state', 'idle');
  await expect(banner().getByTestId('sync-problem')).toHaveCount(0);
  await expect(headerSync().getByTestId('sync-waiting')).toHaveText('Väntar: 0');
  await expect(page.getByTestId('sync-announcement')).toHaveText('Synkad');

  // Retry one, then all: they go back to the queue and reach the server.
  await quarantine
    .getByRole('button', { name: /^Försök igen: Registrering / })
    .first()
    .click();
  await expect(notices()).toContainText('Skickas igen: 1.');
  await expect(quarantine.getByRole('row')).toHaveCount(2);
  await quarantine.getByRole('button', { name: 'Försök igen med alla' }).click();
  await expect(page.getByTestId('quarantine-empty')).toBeVisible();
  await expect(headerSync().getByTestId('sync-quarantined')).toHaveCount(0);
  await expect
    .poll(async () => (await api<Status>(page, 'sync.status')).waiting, { timeout: 30_000 })
    .toBe(0);
  expect(problems).toEqual([]);
});

test('a fresh workstation shows the install form; a bad code is explained; a good one installs', async ({
  browser,
}) => {
  const status = await api<Status>(page, 'sync.status');
  const server = demoAdmin(demo.dataDir, status.serverUrl ?? '');
  const profile = await server.profile('demo');
  let fresh: Host | undefined;
  const context = await browser.newContext();
  try {
    fresh = await startHost();
    const p = await context.newPage();
    const freshProblems: string[] = [];
    p.on('pageerror', (error) => freshProblems.push(`page error: ${error.message}`));
    await createAdmin(p, fresh.url);
    const freshSync = p.getByRole('banner').getByTestId('sync-status');
    await expect(freshSync).toHaveAttribute('data-state', 'notInstalled');
    await expect(freshSync.getByTestId('sync-state')).toHaveText('Inte installerad');
    await freshSync.getByRole('link', { name: 'Installera datorn' }).click();
    await expect(p).toHaveURL(/#\/installation$/);

    const form = p.getByTestId('install-form');
    await expect(form.getByRole('heading', { name: 'Installera för en kommun' })).toBeVisible();
    await form.getByLabel('Installationsprofil (fil)').setInputFiles({
      name: 'demokommun.caredock-profile.json',
      mimeType: 'application/json',
      buffer: Buffer.from(profile),
    });
    await expect(form.getByText('Läste demokommun.caredock-profile.json.')).toBeVisible();
    await expect(form.getByLabel('Profilens text')).toHaveValue(profile);

    // Well-formed, but no such code on the server.
    await form.getByLabel('Registreringskod').fill('ABCD-EFGH-JKLM-NPQR');
    await form.getByRole('button', { name: 'Installera' }).click();
    const code = form.getByLabel('Registreringskod');
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expect(code).toBeFocused();
    await expect(form.locator('#install-code-error')).toHaveText(
      catalogue('sync.enrolmentRefused', { address: '127.0.0.1' }),
    );
    await checkView(p, 'sync-install-bad-code');

    // A real one-time code from the municipality.
    await code.fill(await server.enrolmentCode('demo-omsorg'));
    await form.getByLabel('Datorns namn (frivilligt)').fill('Kontoret Bro');
    await form.getByRole('button', { name: 'Installera' }).click();
    await expect(p.getByTestId('notices')).toContainText('Datorn är installerad för Demokommun.');
    const panel = p.getByTestId('installation-status');
    await expect(panel.getByTestId('installation-municipality')).toHaveText('Demokommun');
    await expect(panel).toContainText('Kontoret Bro');
    await expect(p.getByRole('heading', { level: 2, name: 'Installationen', exact: true })).toBeFocused();
    await freshSync.getByRole('button', { name: 'Synka nu' }).click();
    await expect(freshSync.getByTestId('sync-last')).toHaveText(/^Senast synkad /);
    await expect(freshSync).toHaveAttribute('data-state', 'idle');
    await expect(panel.getByTestId('installation-seen-address')).toHaveText('127.0.0.1');
    await checkView(p, 'sync-installed-fresh');

    // Nothing waits on this new PC: Reset goes through and the form is back.
    const reset = p.getByTestId('reset-installation');
    await reset.getByRole('button', { name: 'Återställ installationen …' }).click();
    await reset.getByRole('button', { name: 'Ja, återställ' }).click();
    await expect(p.getByTestId('notices')).toContainText('Installationen är återställd.');
    await expect(p.getByRole('heading', { level: 2, name: 'Installera för en kommun' })).toBeFocused();
    await expect(freshSync).toHaveAttribute('data-state', 'notInstalled');
    expect(freshProblems).toEqual([]);
  } finally {
    await context.close();
    await fresh?.stop();
  }
});
