// "Try the demo" on the first-run screen of a workstation started without --demo: the demo
// municipality comes up on this PC, the workstation enrols to it, and the administrator created
// next finds it installed, synced, with a simulated dock.
import { expect, test, type Page } from '@playwright/test';
import { startHost, type Host } from './host.ts';
import { checkView } from './ui.ts';

test.describe.configure({ mode: 'serial' });

let host: Host;
let page: Page;

test.beforeAll(async ({ browser }) => {
  host = await startHost();
  // axe needs a page in a context of its own.
  page = await (await browser.newContext()).newPage();
});
test.afterAll(async () => {
  await page.close();
  await host.stop();
});

test('the first-run screen offers the demo, and the demo installs this PC for the demo municipality', async () => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Vill du prova först?' })).toBeVisible();
  await checkView(page, 'demo-01-offer');
  await page.getByRole('button', { name: 'Prova demot' }).click();
  await expect(page.getByTestId('notices')).toContainText('Demokommunen är igång', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Prova demot' })).toHaveCount(0);

  await page.getByLabel('Användarnamn').fill('dina.demo');
  await page.getByLabel('Namn', { exact: true }).fill('Dina Demo');
  await page.getByLabel('Lösenord', { exact: true }).fill('Demo-losen-2026');
  await page.getByLabel('Upprepa lösenordet').fill('Demo-losen-2026');
  await page.getByRole('button', { name: 'Skapa administratör' }).click();

  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Installation', exact: true })
    .click();
  await expect(page.getByRole('main')).toContainText('Demokommun', { timeout: 30_000 });
  await checkView(page, 'demo-02-installed');
  // Each demo pen is carried by a demo staff member, so its registrations name who made them.
  const pens = await page.request.post(`${host.origin}/api/pens.list`, {
    headers: { origin: host.origin, 'content-type': 'application/json' },
    data: {},
  });
  const penList = ((await pens.json()) as { result: { serial: string; staff: { name: string } | null }[] })
    .result;
  expect(penList.filter((p) => p.serial.startsWith('DEMO-PEN-')).map((p) => p.staff?.name)).toEqual([
    'Sara Nilsson',
    'Mikko Korhonen',
  ]);
  // The demo may be tried once: a second call is refused by the core.
  const again = await page.request.post(`${host.origin}/api/app.startDemo`, {
    headers: { origin: host.origin, 'content-type': 'application/json' },
    data: {},
  });
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe('demo.unavailable');
});
