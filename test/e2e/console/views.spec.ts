// The municipality console in Chromium against a real central server: sign-in with password,
// forced change and TOTP, every view scanned by axe, a viewer without admin actions, the three
// languages without a raw key, and a provider's IP, an enrolment code and an installed
// workstation seen with the address the server saw.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { sv } from '../../../src/console/lib/messages/sv.ts';
import { expectAccessible, screenshot } from '../ui.ts';
import { root, startConsoleServer, type ConsoleServer } from './fixture.ts';
import { firstSignIn, freshCode, passwordStep, signIn, NEW_PASSWORD, type Person } from './signin.ts';

test.describe.configure({ mode: 'serial' });

// The admin's views as src/console/views/index.ts registers them (that file pulls in .svelte
// components, which the test runner cannot load).
const consoleViews = [
  { path: 'providers', label: 'view.providers' },
  { path: 'expiring', label: 'view.expiring' },
  { path: 'records', label: 'view.records' },
  { path: 'integrations', label: 'view.integrations' },
  { path: 'audit', label: 'view.audit' },
  { path: 'channels', label: 'view.channels' },
  { path: 'accounts', label: 'view.accounts' },
  { path: 'people', label: 'view.people' },
] as const;

test('the list above names every view the registry has', () => {
  const registry = readFileSync(path.join(root, 'src/console/views/index.ts'), 'utf8');
  const paths = [...registry.matchAll(/\{ path: '([a-z-]+)'/g)].map((m) => m[1]);
  expect(paths.sort()).toEqual(consoleViews.map((v) => v.path).sort());
});
test.use({ ignoreHTTPSErrors: true });

let server: ConsoleServer;
const admin: Person = { username: 'anna', initialPassword: '' };
const viewer: Person = { username: 'ville', initialPassword: '' };

async function account(username: string, name: string, role: string): Promise<string> {
  const out = await server.cli([
    'console',
    'account',
    'add',
    '--username',
    username,
    '--name',
    name,
    '--role',
    role,
  ]);
  return (JSON.parse(out) as { initialPassword: string }).initialPassword;
}

test.beforeAll(async () => {
  server = await startConsoleServer();
  await server.cli(['municipality', 'add', '--id', 'm1', '--name', 'Kommunen']);
  await server.cli(['provider', 'add', '--id', 'p1', '--municipality', 'm1', '--name', 'Omsorg AB']);
  admin.initialPassword = await account('anna', 'Anna Andersson', 'municipalityAdmin');
  viewer.initialPassword = await account('ville', 'Ville Virtanen', 'viewer');
});

test.afterAll(async () => {
  await server?.stop();
});

async function adminPage(browser: Browser): Promise<Page> {
  // A context of its own (axe needs one made by browser.newContext), closed with the page.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await signIn(page, server.consoleUrl, admin);
  return page;
}

test('an admin signs in with password, a forced change and TOTP enrolment, then again with TOTP', async ({
  page,
}) => {
  await firstSignIn(page, server.consoleUrl, admin, (what) => expectAccessible(page, what));
  await expect(page.getByTestId('signed-in-as')).toHaveText('Anna Andersson');
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('heading', { name: 'Logga in i kommunkonsolen' })).toBeVisible();

  // A wrong code is said in the catalogue's words, never as a code.
  await passwordStep(page, admin, NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Engångskod' })).toBeVisible();
  await expectAccessible(page, 'console one-time code');
  await page.getByLabel('Engångskod från appen').fill('000000');
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await expect(page.getByRole('alert')).toContainText('Engångskoden stämmer inte');
  await page.getByLabel('Engångskod från appen').fill(await freshCode(admin));
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
});

test('every view an admin sees passes axe', async ({ browser }) => {
  const page = await adminPage(browser);
  const nav = page.getByRole('navigation', { name: 'Konsolens vyer' });
  for (const view of consoleViews) {
    await nav.getByRole('link', { name: sv[view.label], exact: true }).click();
    await expect(page.getByRole('heading', { name: sv[view.label], level: 1 })).toBeVisible();
    await expect(page.getByText('Hämtar …')).toHaveCount(0);
    await expectAccessible(page, `console view ${view.path}`);
  }
  await page.close();
});

test("a provider's IP, an enrolment code and an installed workstation with its address; revoking it", async ({
  browser,
}) => {
  const page = await adminPage(browser);
  await page.getByRole('link', { name: 'Omsorg AB' }).click();
  await expect(page.getByRole('heading', { name: 'Omsorg AB', level: 1 })).toBeVisible();

  // A bad address is the catalogue's message in Swedish.
  await page.getByLabel('Ny fast IP-adress').fill('inte en adress');
  await page.getByRole('button', { name: 'Lägg till adress' }).click();
  await expect(page.getByRole('alert')).toContainText('är inte en IP-adress');
  await page.getByLabel('Ny fast IP-adress').fill('127.0.0.1');
  await page.getByRole('button', { name: 'Lägg till adress' }).click();
  const ip = page.getByTestId('addresses').getByRole('row', { name: /127\.0\.0\.1/ });
  await expect(ip).toContainText('anna');

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

  // Its first sync is when the server sees its address and version.
  await server.caredock(['sync', '--once', '--data', wsData]);
  await page.reload();
  const row = page.getByTestId('workstations').getByRole('row', { name: /Kontoret/ });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('ws-address')).toHaveText('127.0.0.1');
  await expectAccessible(page, 'console provider detail');

  await row.getByRole('button', { name: 'Spärra Kontoret' }).click();
  const dialog = page.getByRole('dialog', { name: 'Spärra Kontoret' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'console revoke dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await row.getByRole('button', { name: 'Spärra Kontoret' }).click();
  await dialog.getByLabel('Orsak').fill('Datorn är stulen');
  await dialog.getByRole('button', { name: 'Spärra arbetsstationen' }).click();
  await expect(row).toContainText('Spärrad');
  await expect(row).toContainText('Datorn är stulen');
  // Its next sync is refused, with the catalogue's reason.
  const refused = await server.caredock(['sync', '--once', '--data', wsData]).then(
    () => '',
    (err: unknown) => String((err as { stderr?: string }).stderr ?? err),
  );
  expect(refused).toMatch(/revoked|spärrat|peruttu/i);
  await page.close();
});

test('an admin makes an account, sees its initial password once, and changes its roles', async ({
  browser,
}) => {
  const page = await adminPage(browser);
  await page.goto(`${server.consoleUrl}#/accounts`);
  await expect(page.getByRole('heading', { name: 'Konton', level: 1 })).toBeVisible();
  await page.getByLabel('Användarnamn').fill('bo');
  await page.getByLabel('Namn', { exact: true }).fill('Bo Berg');
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await expect(page.getByTestId('initial-password')).toContainText('Första lösenord för bo');
  const row = page.getByTestId('accounts').getByRole('row', { name: /Bo Berg/ });
  await expect(row).toContainText('Läsare');
  await row.getByRole('button', { name: 'Ändra bo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ändra bo' });
  await dialog.getByLabel('Kommunadministratör').check();
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Kommunadministratör');
  await page.close();
});

test('a viewer sees the read views and no admin action', async ({ page }) => {
  await firstSignIn(page, server.consoleUrl, viewer);
  const nav = page.getByRole('navigation', { name: 'Konsolens vyer' });
  await expect(nav.getByRole('link', { name: 'Konton' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Lägg till utförare' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Omsorg AB' }).click();
  await expect(page.getByRole('heading', { name: 'Omsorg AB', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Fasta IP-adresser' })).toBeVisible();
  for (const action of ['Lägg till adress', 'Skapa registreringskod', 'Ladda ner installationsprofil'])
    await expect(page.getByRole('button', { name: action })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Spärra/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Ta bort/ })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Integrationer' }).click();
  await expect(page.getByRole('button', { name: 'Kassera' })).toHaveCount(0);
  await expectAccessible(page, 'console integrations as viewer');
  // An admin's address followed by a viewer shows the first view it may see.
  await page.goto(`${server.consoleUrl}#/accounts`);
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
});

test('each language shows every view without a raw key, and the choice stays with the account', async ({
  browser,
}) => {
  const page = await adminPage(browser);
  const keys = Object.keys(sv).filter((k) => k.includes('.'));
  const noRawKey = async (what: string) => {
    const text = await page.locator('body').innerText();
    expect(
      keys.filter((k) => text.includes(k)),
      what,
    ).toEqual([]);
  };
  const switchTo = async (name: string) =>
    page.getByLabel(/^(Språk|Kieli|Language)$/).selectOption({ label: name });
  for (const [name, lang] of [
    ['Suomi', 'fi'],
    ['English', 'en'],
    ['Svenska', 'sv'],
  ] as const) {
    await switchTo(name);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const view of consoleViews) {
      await page.goto(`${server.consoleUrl}#/${view.path}`);
      await expect(page.locator(`main[data-view="${view.path}"] h1`)).toBeVisible();
      await noRawKey(`${lang} ${view.path}`);
    }
  }
  // The account keeps its language (auth.setLanguage): with this browser's own memory of the
  // choice wiped, a new page still speaks Finnish.
  await page.goto(`${server.consoleUrl}#/providers`);
  await switchTo('Suomi');
  await expect(page.getByRole('heading', { name: 'Palveluntuottajat', level: 1 })).toBeVisible();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Palveluntuottajat', level: 1 })).toBeVisible();
  await switchTo('Svenska');
  await page.close();
});

test('the sign-in offers single sign-on when the server says so, and an idle expiry is said in words', async ({
  page,
}) => {
  // The server's answers stood in for: single sign-on set up, then a session that ends.
  let expired = false;
  const account = {
    username: 'anna',
    displayName: 'Anna Andersson',
    roles: ['municipalityAdmin'],
    units: [],
    language: 'sv',
    seeProtected: false,
    singleSignOn: false,
  };
  await page.route('**/api/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/api/'.length);
    const ok = (result: unknown) => route.fulfill({ json: { ok: true, result } });
    if (name === 'auth.session')
      return ok(
        expired
          ? { stage: 'signedOut', singleSignOn: true }
          : { stage: 'signedIn', account, idleSeconds: 1800 },
      );
    if (!expired) return ok([]);
    return route.fulfill({
      status: 401,
      json: { ok: false, error: { code: 'console.sessionExpired', params: {} } },
    });
  });
  await page.goto(server.consoleUrl);
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
  // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Hoppa till innehållet' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  expired = true;
  await page
    .getByRole('navigation', { name: 'Konsolens vyer' })
    .getByRole('link', { name: 'Kanaler' })
    .click();
  await expect(page.getByRole('alert').first()).toContainText('Du har loggats ut efter en tids inaktivitet');
  const sso = page.getByRole('link', { name: 'Logga in med organisationens konto' });
  await expect(sso).toHaveAttribute('href', '/auth/oidc/start');
  await expectAccessible(page, 'console sign-in after idle expiry');
});

test('a refused single sign-on comes back as the catalogue message, and no SSO button without it', async ({
  page,
}) => {
  await page.goto(`${server.consoleUrl}?error=console.accountInactive`);
  await expect(page.getByRole('alert')).toContainText('Kontot är avstängt');
  await expect(page.getByRole('link', { name: 'Logga in med organisationens konto' })).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
});

test('the providers view renders quickly with 300 providers and 3,000 workstations', async ({ page }) => {
  // The server's answers stood in for, so the page's own rendering is what is timed.
  const providers = Array.from({ length: 300 }, (_, i) => ({
    id: `p${i}`,
    municipalityId: 'm1',
    name: `Utförare ${String(i).padStart(3, '0')}`,
    addresses: [
      { address: `192.0.2.${i % 250}`, registeredAt: '2026-01-01T00:00:00Z', registeredBy: 'anna' },
    ],
    workstations: 10,
    activeWorkstations: 10,
  }));
  const workstations = Array.from({ length: 3000 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    providerId: 'p7',
    name: `Dator ${i}`,
    certSerial: String(i),
    certNotAfter: '2027-01-01T00:00:00Z',
    enrolledAt: '2026-01-01T00:00:00Z',
    revokedAt: null,
    revokedReason: null,
    lastSeenAt: '2026-06-01T08:00:00Z',
    lastAddress: '192.0.2.7',
    clientVersion: '0.1.0',
  }));
  const account = {
    username: 'anna',
    displayName: 'Anna Andersson',
    roles: ['viewer'],
    units: [],
    language: 'sv',
    seeProtected: false,
    singleSignOn: false,
  };
  await page.route('**/api/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/api/'.length);
    const result =
      name === 'auth.session'
        ? { stage: 'signedIn', account, idleSeconds: 1800 }
        : name === 'providers.list'
          ? providers
          : name === 'providers.get'
            ? { provider: providers[7], workstations, enrolmentCodes: [] }
            : [];
    return route.fulfill({ json: { ok: true, result } });
  });
  const started = Date.now();
  await page.goto(server.consoleUrl);
  await expect(page.getByTestId('providers').getByRole('row')).toHaveCount(26);
  expect(Date.now() - started).toBeLessThan(3000);
  await expect(page.getByText('300 utförare')).toBeVisible();
  await screenshot(page, 'console-providers');
  await page.getByLabel('Sök utförare (namn, id eller IP-adress)').fill('Utförare 007');
  await expect(page.getByTestId('providers').getByRole('row')).toHaveCount(2);

  const opened = Date.now();
  await page.getByRole('link', { name: 'Utförare 007' }).click();
  await expect(page.getByTestId('workstations').getByRole('row')).toHaveCount(51);
  expect(Date.now() - opened).toBeLessThan(3000);
  await expect(page.getByText('Sida 1 av 60')).toBeVisible();
  await screenshot(page, 'console-provider-detail');
});
