// The first day at a new workstation, end to end in Chromium against `caredock serve`:
// setup → login → every role's navigation → a coordinator → language → idle lock → log out.
// The steps share one page and run in order; each view is scanned with axe and photographed.
import { expect, test, type Page } from '@playwright/test';
import { useHost } from './host.ts';
import { checkView, expectAccessible, screenshot } from './ui.ts';

test.describe.configure({ mode: 'serial' });

const host = useHost();
let page: Page;
/** Script errors and CSP violations seen during the whole flow; there must be none. */
const problems: string[] = [];

const admin = { username: 'anna.admin', name: 'Anna Andersson', password: 'Hemtjanst-2025!' };
const coordinator = {
  username: 'cecilia.samordnare',
  name: 'Cecilia Carlsson',
  initial: 'Forsta-losen-1',
  password: 'Cecilias-eget-2',
};

/** Views per role as the Swedish menu names them (path, heading). */
const officeViews = [
  ['docking', 'Dockning'],
  ['registrations', 'Registreringar'],
  ['billing', 'Underlag'],
] as const;
const coordinatorViews = [
  ['planning', 'Planering'],
  ['orders', 'Beställningar'],
] as const;
const adminViews = [
  ['installation', 'Installation'],
  ['devices', 'Enheter'],
  ['users', 'Användare'],
  ['notices', 'Aviseringar'],
  ['integrations', 'Integrationer'],
  ['people', 'Personuppgifter'],
] as const;

const nav = () => page.getByRole('navigation', { name: 'Huvudmeny' });
const notices = () => page.getByTestId('notices');

async function logIn(username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

async function logOut(): Promise<void> {
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await expect(notices()).toContainText('Du är utloggad.');
}

async function openView(path: string, heading: string): Promise<void> {
  await nav().getByRole('link', { name: heading, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/${path}$`));
  await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeFocused();
  await expect(nav().getByRole('link', { name: heading, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}

async function navLinks(): Promise<string[]> {
  return (await nav().getByRole('link').allTextContents()).map((s) => s.trim());
}

test.beforeAll(async ({ browser }) => {
  // A context of our own (axe needs one made with browser.newContext()).
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

test('first-run setup creates the first administrator', async () => {
  await page.goto(host().url);
  // The token left the address bar for an HttpOnly cookie.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen till CareDock' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await checkView(page, '01-setup');

  // An empty form: each error is tied to its field and focus goes to the first one.
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  const username = page.getByLabel('Användarnamn');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toBeFocused();
  await expect(username).toHaveAccessibleDescription(/Fyll i fältet\./);
  await expectAccessible(page, 'setup with errors');
  await screenshot(page, '02-setup-errors');

  await username.fill(admin.username);
  await page.getByLabel('Namn', { exact: true }).fill(admin.name);
  await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await page.getByLabel('Upprepa lösenordet').fill('not the same');
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(page.getByLabel('Upprepa lösenordet')).toHaveAccessibleDescription(
    'Lösenorden är inte lika. Skriv samma lösenord två gånger.',
  );
  await page.getByLabel('Upprepa lösenordet').fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();

  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);
  await expect(notices()).toContainText(`Administratören ${admin.name} är skapad och inloggad.`);
  expect(await navLinks()).toEqual(adminViews.map(([, h]) => h));
});

test('log out, a wrong password, and log in again', async () => {
  await logOut();
  await checkView(page, '03-login');
  await logIn(admin.username, 'wrong password');
  await expect(notices()).toContainText('Fel användarnamn eller lösenord.');
  await expectAccessible(page, 'login with an error');
  await page.getByLabel('Lösenord').fill(admin.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);
  // The login notice area was cleared of the old error.
  await expect(notices()).not.toContainText('Fel användarnamn');
});

test('a skip link leads past the header to the content', async () => {
  // After login the view's heading has focus; on a fresh load Tab starts at the skip link.
  await expect(page.getByRole('heading', { level: 1, name: 'Installation' })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Installation' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  const before = page.url();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  expect(page.url()).toBe(before);
});

test('the administrator sees the admin views; with every role, every group', async () => {
  for (const [path, heading] of adminViews) {
    await openView(path, heading);
  }

  // Give the administrator the office and coordinator roles too: all three groups appear.
  await openView('users', 'Användare');
  await page.getByRole('button', { name: `Redigera ${admin.name}` }).click();
  await expect(page.getByRole('heading', { name: `Redigera ${admin.username}` })).toBeFocused();
  const edit = page.getByRole('region', { name: `Redigera ${admin.username}` });
  await edit.getByLabel('Kontor').check();
  await edit.getByLabel('Samordnare').check();
  await screenshot(page, '04-users-edit');
  await edit.getByRole('button', { name: 'Spara ändringarna' }).click();
  await expect(notices()).toContainText(`Ändringarna för ${admin.name} är sparade.`);
  await expect(nav().getByRole('heading', { name: 'Kontor' })).toBeVisible();
  expect(await navLinks()).toEqual([...officeViews, ...coordinatorViews, ...adminViews].map(([, h]) => h));

  let n = 5;
  for (const [path, heading] of [...officeViews, ...coordinatorViews, ...adminViews]) {
    await openView(path, heading);
    if (path === 'installation') await expect(page.getByLabel(/Lås skärmen efter/)).not.toHaveValue('');
    if (path === 'users')
      await expect(page.getByRole('cell', { name: admin.name, exact: true })).toBeVisible();
    await checkView(page, `${String(n++).padStart(2, '0')}-view-${path}`);
  }
});

test('the administrator adds a coordinator', async () => {
  await openView('users', 'Användare');
  const form = page.getByRole('region', { name: 'Ny användare' });
  await form.getByRole('button', { name: 'Skapa användaren' }).click();
  await expect(form.getByRole('group', { name: 'Roller' })).toContainText('Välj minst en roll.');
  await expectAccessible(page, 'new user form with errors');

  await form.getByLabel('Användarnamn').fill(coordinator.username);
  await form.getByLabel('Namn', { exact: true }).fill(coordinator.name);
  await form.getByLabel('Samordnare').check();
  await form.getByLabel('Första lösenord').fill(coordinator.initial);
  await form.getByRole('button', { name: 'Skapa användaren' }).click();
  await expect(notices()).toContainText(`Användaren ${coordinator.name} är skapad`);

  const row = page
    .getByRole('region', { name: 'Alla användare' })
    .getByRole('row', { name: new RegExp(coordinator.username) });
  await expect(row).toContainText('Samordnare');
  await expect(row).toContainText('byter lösenord vid inloggning');
  await expect(page.getByRole('region', { name: 'Händelselogg' })).toContainText('Användare skapad');

  // The same name again is refused, and the refusal is shown at the field it is about.
  await form.getByLabel('Användarnamn').fill(coordinator.username);
  await form.getByLabel('Namn', { exact: true }).fill('Someone Else');
  await form.getByLabel('Samordnare').check();
  await form.getByLabel('Första lösenord').fill(coordinator.initial);
  await form.getByRole('button', { name: 'Skapa användaren' }).click();
  await expect(form.getByLabel('Användarnamn')).toHaveAccessibleDescription(/finns redan/);
  await checkView(page, '13-users-after-create');
});

test('the coordinator must change the password, then sees only their views', async () => {
  await logOut();
  await logIn(coordinator.username, coordinator.initial);
  await expect(page.getByRole('heading', { level: 1, name: 'Byt lösenord' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await checkView(page, '14-change-password');

  await page.getByLabel('Nuvarande lösenord').fill('not my password');
  await page.getByLabel('Nytt lösenord').fill(coordinator.password);
  await page.getByLabel('Upprepa lösenordet').fill(coordinator.password);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(page.getByLabel('Nuvarande lösenord')).toHaveAccessibleDescription(
    'Det nuvarande lösenordet stämmer inte.',
  );

  await page.getByLabel('Nuvarande lösenord').fill(coordinator.initial);
  await page.getByLabel('Nytt lösenord').fill(coordinator.password);
  await page.getByLabel('Upprepa lösenordet').fill(coordinator.password);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(notices()).toContainText('Lösenordet är bytt.');
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${coordinator.name}`);

  expect(await navLinks()).toEqual(coordinatorViews.map(([, h]) => h));
  for (const [path, heading] of coordinatorViews) await openView(path, heading);

  // An admin address falls back to the coordinator's own first view…
  await page.goto(`${host().origin}/#/users`);
  await expect(page.getByRole('heading', { level: 1, name: 'Planering' })).toBeVisible();
  await expect(page).toHaveURL(/#\/planning$/);
  // …and the core itself refuses an admin procedure to this session.
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/users.list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return { status: r.status, body: (await r.json()) as unknown };
  });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
});

test('the language switch changes every text and the page language', async () => {
  const switcher = page.getByRole('group', { name: 'Språk' });
  await expect(switcher.getByRole('button', { name: 'Svenska' })).toHaveAttribute('aria-pressed', 'true');

  await switcher.getByRole('button', { name: 'Suomi' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
  await expect(page.getByRole('heading', { level: 1, name: 'Suunnittelu' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Tilaukset' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kirjaudu ulos' })).toBeVisible();
  await checkView(page, '15-planning-fi');

  await page.getByRole('group', { name: 'Kieli' }).getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Planning' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Orders' }),
  ).toBeVisible();
  await checkView(page, '16-planning-en');

  // The choice survives a reload (this PC remembers it; the core saved it for the user).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Planning' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const saved = await page.evaluate(async () => {
    const r = await fetch('/api/auth.session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return (await r.json()) as { result: { user: { language: string } } };
  });
  expect(saved.result.user.language).toBe('en');

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Svenska' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1, name: 'Planering' })).toBeVisible();
});

test('after the idle time the screen locks, and the password unlocks it', async () => {
  await logOut();
  await logIn(admin.username, admin.password);
  await openView('installation', 'Installation');
  const idle = page.getByLabel(/Lås skärmen efter/);
  await expect(idle).toHaveValue('10');

  await idle.fill('0');
  await page.getByRole('button', { name: 'Spara inställningarna' }).click();
  await expect(idle).toHaveAccessibleDescription(/Ange en tid mellan 0,1 och 1440 minuter/);

  await idle.fill('0,1');
  await page.getByRole('button', { name: 'Spara inställningarna' }).click();
  await expect(notices()).toContainText('Inställningarna är sparade.');

  // Nobody touches anything: within 6 s (plus the core's once-a-second check) the lock shows.
  await expect(page.getByRole('heading', { level: 1, name: 'Skärmen är låst' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText(`${admin.name} är inloggad.`);
  await checkView(page, '17-locked');

  // Locked means locked in the core too, not only on screen.
  const blocked = await page.evaluate(async () => {
    const r = await fetch('/api/users.list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return (await r.json()) as unknown;
  });
  expect(blocked).toMatchObject({ ok: false, error: { code: 'auth.locked' } });

  await page.getByLabel('Lösenord').fill('wrong password');
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await expect(page.getByLabel('Lösenord')).toHaveAccessibleDescription('Fel användarnamn eller lösenord.');
  await page.getByLabel('Lösenord').fill(admin.password);
  await page.getByRole('button', { name: 'Lås upp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Installation' })).toBeVisible();
});

test('log out ends the session in the core', async () => {
  // With a 6-second idle lock the screen may have locked again; both screens offer "Logga ut".
  await logOut();
  const session = await page.evaluate(async () => {
    const r = await fetch('/api/auth.session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return (await r.json()) as unknown;
  });
  expect(session).toEqual({ ok: true, result: null });
  await screenshot(page, '18-logged-out');
  expect(problems).toEqual([]);
});
