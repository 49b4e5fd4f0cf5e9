// Renewing a workstation certificate that is about to expire, seen from the console: a server
// that issues 20-day certificates lists a newly installed workstation under "Certifikat som
// löper ut"; after the administrator raises clientCertificateDays (read at start) the
// workstation's next sync renews over its own channel, it leaves the list, the provider's page
// shows the new expiry, and the audit log says workstation.certificateRenewed.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from '../ui.ts';
import { startConsoleServer, type ConsoleServer } from './fixture.ts';
import { firstSignIn, type Person } from './signin.ts';

test.describe.configure({ mode: 'serial' });
test.use({ ignoreHTTPSErrors: true });

const DAY_MS = 86_400_000;
const SHORT_DAYS = 20;
const LONG_DAYS = 365;

let server: ConsoleServer;
const admin: Person = { username: 'anna', initialPassword: '' };

/** A day as the console writes it (sv-SE short date in the browser's zone, as playwright.config sets). */
const consoleDate = (ms: number): string =>
  new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeZone: 'Europe/Stockholm' }).format(ms);

test.beforeAll(async () => {
  server = await startConsoleServer({
    configure: (config) => ({ ...config, clientCertificateDays: SHORT_DAYS }),
  });
  await server.cli(['municipality', 'add', '--id', 'm1', '--name', 'Kommunen']);
  await server.cli(['provider', 'add', '--id', 'p1', '--municipality', 'm1', '--name', 'Omsorg AB']);
  const out = await server.cli([
    'console',
    'account',
    'add',
    '--username',
    'anna',
    '--name',
    'Anna Andersson',
    '--role',
    'municipalityAdmin',
  ]);
  admin.initialPassword = (JSON.parse(out) as { initialPassword: string }).initialPassword;
});

test.afterAll(async () => {
  await server?.stop();
});

async function openExpiring(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Konsolens vyer' })
    .getByRole('link', { name: 'Certifikat som löper ut', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Certifikat som löper ut', level: 1 })).toBeVisible();
  await expect(page.getByText('Hämtar …')).toHaveCount(0);
}

test('renew a certificate that is about to expire', async ({ page }) => {
  await firstSignIn(page, server.consoleUrl, admin);

  // The provider's fixed address, an enrolment code and the install profile, as an admin makes them.
  await page.getByRole('link', { name: 'Omsorg AB' }).click();
  await expect(page.getByRole('heading', { name: 'Omsorg AB', level: 1 })).toBeVisible();
  await page.getByLabel('Ny fast IP-adress').fill('127.0.0.1');
  await page.getByRole('button', { name: 'Lägg till adress' }).click();
  await expect(page.getByTestId('addresses').getByRole('row', { name: /127\.0\.0\.1/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skapa registreringskod' }).click();
  const made = page.getByTestId('enrolment-code');
  await expect(made).toContainText('Gäller till');
  const code = (await made.locator('code').textContent())?.trim() ?? '';
  expect(code.length).toBeGreaterThan(4);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner installationsprofil' }).click();
  const profile = path.join(server.dataDir, 'profile-from-console.json');
  await (await download).saveAs(profile);
  const wsData = path.join(server.dataDir, 'workstation');
  const installedAt = Date.now();
  await server.caredock([
    'install',
    '--profile',
    profile,
    '--code',
    code,
    '--data',
    wsData,
    '--name',
    'Kontoret',
  ]);

  // A 20-day certificate is inside the view's 30 days.
  await openExpiring(page);
  const expiring = page.getByTestId('workstations').getByRole('row', { name: /Kontoret/ });
  await expect(expiring).toBeVisible();
  await expect(expiring).toContainText(consoleDate(installedAt + SHORT_DAYS * DAY_MS));
  await expectAccessible(page, 'console expiring certificates');

  // The admin lengthens the certificates; the server reads it at its next start.
  await server.restart((config) => ({ ...config, clientCertificateDays: LONG_DAYS }));
  // Renewal is due at half a 20-day lifetime: the workstation's renewal clock is set 11 days on.
  const renewedAt = Date.now();
  await server.caredock(['sync', '--once', '--data', wsData], {
    CAREDOCK_RENEWAL_CLOCK_OFFSET_MS: String(11 * DAY_MS),
  });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Certifikat som löper ut', level: 1 })).toBeVisible();
  await expect(page.getByText('Hämtar …')).toHaveCount(0);
  await expect(page.getByTestId('workstations').getByRole('row', { name: /Kontoret/ })).toHaveCount(0);
  await expect(page.getByText('Inga arbetsstationer')).toBeVisible();
  await expectAccessible(page, 'console expiring certificates, none left');

  await page
    .getByRole('navigation', { name: 'Konsolens vyer' })
    .getByRole('link', { name: 'Utförare', exact: true })
    .click();
  await page.getByRole('link', { name: 'Omsorg AB' }).click();
  const row = page.getByTestId('workstations').getByRole('row', { name: /Kontoret/ });
  await expect(row).toContainText(consoleDate(renewedAt + LONG_DAYS * DAY_MS));
  await expect(row).not.toContainText(consoleDate(installedAt + SHORT_DAYS * DAY_MS));

  await page
    .getByRole('navigation', { name: 'Konsolens vyer' })
    .getByRole('link', { name: 'Granskningslogg', exact: true })
    .click();
  const renewed = page.getByTestId('audit').getByRole('row', { name: /workstation\.certificateRenewed/ });
  await expect(renewed).toHaveCount(1);
  await expect(renewed).toContainText('p1');
});
