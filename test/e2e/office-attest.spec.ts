// The office's attest as a person meets it in Chromium: the open problems are named with a way
// to see them, attesting needs a confirmation that names them, the attested month carries its
// version and offers no correction on its rows, and the billing basis says whose snapshot it is.
// Each view is scanned with axe and photographed in Swedish and Finnish.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkView, expectAccessible } from './ui.ts';
import { admin, month, seed } from './workflows/data.ts';
import { createUsers, startSeededHost, type Api, type SeededHost } from './workflows/host.ts';

test.describe.configure({ mode: 'serial' });

let host: SeededHost;
let adminApi: Api;
let page: Page;

const monthSv = new Intl.DateTimeFormat('sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
  new Date(`${month}-15T12:00:00Z`),
);

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  host = await startSeededHost(seed);
  adminApi = await createUsers(host, admin, []);
  page = await (await browser.newContext()).newPage();
  await page.goto(await host.newLink());
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Lösenord').fill(admin.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
});

test.afterAll(async () => {
  await adminApi?.close();
  await host?.stop();
});

test('a correction can name the staff member and the recipient, for one row or a pen’s range', async () => {
  await page.goto(`${host.origin}/#/registrations`);
  await page.getByLabel('Visa registreringar').check();
  await expect(page.getByRole('heading', { level: 1, name: 'Registreringar' })).toBeVisible();
  const row = page.getByTestId('registration-row').filter({ hasText: '10:00' });
  await row.getByRole('button', { name: /^Rätta / }).click();
  const dialog = page.getByRole('dialog', { name: 'Rätta registreringen' });
  await expect(dialog.getByLabel('Personal', { exact: true })).toBeVisible();
  await expect(dialog.getByLabel('Brukare', { exact: true })).toBeVisible();
  await dialog.getByTestId('corr-whole-range').check();
  await expect(dialog.getByRole('textbox', { name: 'Från' })).toBeVisible();
  await checkView(page, 'office-correction-attribution-sv');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(dialog).toBeHidden();
});

test('a notice to the municipality is sent from the registrations view, with a file beside it', async () => {
  await page.goto(`${host.origin}/#/registrations`);
  await page.getByTestId('report-notice').click();
  const dialog = page.getByRole('dialog', { name: 'Rapportera till kommunen' });
  await dialog.getByRole('button', { name: 'Skicka till kommunen' }).click();
  await expect(dialog.getByText('Skriv en beskrivning.')).toBeVisible();
  await expect(dialog.getByLabel('Beskrivning')).toBeFocused();
  await dialog.getByLabel('Beskrivning').fill('Nyckelskåpet vid Storgatan 1 är trasigt sedan i går.');
  await dialog.getByLabel('Bilagor').setInputFiles({
    name: 'skap.png',
    mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  });
  await checkView(page, 'office-report-notice-sv');
  await dialog.getByRole('button', { name: 'Skicka till kommunen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('report-sent')).toHaveText(
    'Rapporten skickas till kommunen vid nästa synkning.',
  );
  const reports = await adminApi.call<{ kind: string; text: string; attachments: { name: string }[] }[]>(
    'reports.list',
    {},
  );
  expect(reports[0]).toMatchObject({
    kind: 'notice',
    text: 'Nyckelskåpet vid Storgatan 1 är trasigt sedan i går.',
    attachments: [{ name: 'skap.png' }],
  });
});

test('attesting names the open problems, shows them, and needs a confirmation naming them', async () => {
  const panel = page.getByTestId('attestation');
  await panel.getByRole('button', { name: `Attestera ${monthSv}` }).click();
  const confirm = page.getByRole('dialog', { name: `Attestera ${monthSv}?` });
  const problems = confirm.getByTestId('attest-problems');
  await expect(problems).toContainText('Omatchade registreringar: 2');
  const attest = confirm.getByRole('button', { name: 'Attestera och lås' });
  await expect(attest).toBeDisabled();
  await checkView(page, 'office-attest-problems-sv');

  // "Visa" lists the month's unmatched registrations.
  await problems.locator('li[data-kind="unmatched"]').getByRole('button', { name: 'Visa' }).click();
  await expect(page.getByTestId('problem-filter')).toContainText('Omatchade registreringar');
  await expect(page.getByTestId('registration-row')).toHaveCount(2);
  await expectAccessible(page, 'registrations filtered to a problem');
  await page.getByRole('button', { name: 'Tillbaka till dagen' }).click();
  await expect(page.getByTestId('problem-filter')).toBeHidden();

  await panel.getByRole('button', { name: `Attestera ${monthSv}` }).click();
  await confirm.getByTestId('attest-confirm-problems').check();
  await expect(confirm.getByTestId('attest-confirm-problems')).toBeChecked();
  await confirm.getByRole('button', { name: 'Attestera och lås' }).click();
  await expect(panel.getByTestId('attest-status')).toHaveText(/Attesterad och låst/);
  await expect(panel.getByTestId('attest-version')).toHaveText('Version 1');
  await expect(page.getByTestId('registration-row').first()).toContainText('Attesterad');
  await expect(page.getByRole('button', { name: /^Rätta / })).toHaveCount(0);
  await checkView(page, 'office-attested-sv');
});

test('the attested month in Finnish, and the billing basis naming its snapshot', async () => {
  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rekisteröinnit' })).toBeVisible();
  await expect(page.getByTestId('attest-version')).toHaveText('Versio 1');
  await expect(page.getByTestId('registration-summary')).toContainText('rekisteröintiä');
  await checkView(page, 'office-attested-fi');
  await page.goto(`${host.origin}/#/billing`);
  await expect(page.getByTestId('basis-attestation')).toContainText('versio 1');
  await checkView(page, 'office-basis-fi');
  await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'Svenska' }).click();
  await expect(page.getByTestId('basis-attestation')).toContainText(`attesterades av ${admin.username}`);
  await expect(page.getByTestId('basis-attestation')).toContainText('(version 1)');
  await checkView(page, 'office-basis-sv');
});

test('at 1024 px the registrations view needs no sideways scrolling', async () => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${host.origin}/#/registrations`);
  await page.getByLabel('Visa registreringar').check();
  await expect(page.getByTestId('registration-row').first()).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  // Every row's buttons are in view without scrolling the table sideways.
  const list = await page
    .locator('.scroller')
    .first()
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(list.scroll).toBeLessThanOrEqual(list.client + 1);
  await expect(
    page
      .getByTestId('registration-row')
      .first()
      .getByRole('button', { name: /^Detaljer/ }),
  ).toBeInViewport();
  await checkView(page, 'office-registrations-1024-sv');

  // The visits at the same width: each row's span, names, chips and button fit without scrolling.
  await page.getByLabel('Visa registreringar').uncheck();
  const visit = page.getByTestId('visit-row').first();
  await expect(visit).toBeVisible();
  const visits = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
  }));
  expect(visits.page).toBeLessThanOrEqual(visits.view);
  await visit.getByRole('button', { name: /^Registreringar för besöket/ }).click();
  await expect(visit.getByTestId('visit-raw-row').first()).toBeVisible();
  await expect(visit.getByRole('button', { name: /^Detaljer/ }).first()).toBeInViewport();
  await expectAccessible(page, 'registrations as visits at 1024 px');
  await checkView(page, 'office-registrations-visits-1024-sv');
  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByLabel('Näytä rekisteröinnit')).not.toBeChecked();
  await expect(page.getByTestId('visit-row').first().getByTestId('visit-span')).toHaveText(
    /^\d{2}[.:]\d{2}–\d{2}[.:]\d{2} · \d+ min$/,
  );
  await checkView(page, 'office-registrations-visits-1024-fi');
  await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'Svenska' }).click();
});
