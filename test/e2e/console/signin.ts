// Signing a person in to the console through its page, as they do it: the forced first
// password change and the authenticator's enrolment the first time, the app's code after that.
import { expect, type Page } from '@playwright/test';
import { totpCodeAt } from '../../../src/server/console/totp.ts';

export const NEW_PASSWORD = 'ett långt nytt lösenord för konsolen';

export interface Person {
  username: string;
  initialPassword: string;
  secret?: string;
  /** The time step of the code last accepted: the server refuses a replay inside its window. */
  lastStep?: number;
}

const step = (ms: number) => Math.floor(ms / 30_000);

/** A code for a step after the last one used, waiting for the app's next code when needed. */
export async function freshCode(p: Person): Promise<string> {
  if (!p.secret) throw new Error(`${p.username} has no authenticator yet`);
  while (p.lastStep !== undefined && step(Date.now()) <= p.lastStep)
    await new Promise((r) => setTimeout(r, 500));
  p.lastStep = step(Date.now());
  return totpCodeAt(p.secret, new Date());
}

export async function passwordStep(page: Page, p: Person, password: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(p.username);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
}

/** First sign-in: initial password, the change, the enrolment; leaves the person signed in. */
export async function firstSignIn(
  page: Page,
  url: string,
  p: Person,
  check?: (what: string) => Promise<void>,
) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Logga in i kommunkonsolen' })).toBeVisible();
  await check?.('console sign-in');
  await passwordStep(page, p, p.initialPassword);
  await expect(page.getByRole('heading', { name: 'Byt ditt första lösenord' })).toBeVisible();
  await check?.('console password change');
  await page.getByLabel('Nuvarande lösenord').fill(p.initialPassword);
  await page.getByLabel('Nytt lösenord').fill(NEW_PASSWORD);
  await page.getByLabel('Upprepa det nya lösenordet').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(page.getByRole('heading', { name: 'Lägg till kontot i din autentiseringsapp' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR-kod för autentiseringsappen' })).toBeVisible();
  await check?.('console authenticator enrolment');
  p.secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  await page.getByLabel('Engångskod från appen').fill(await freshCode(p));
  await page.getByRole('button', { name: 'Bekräfta koden' }).click();
  await expect(page.getByRole('heading', { name: 'Dina reservkoder' })).toBeVisible();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await check?.('console recovery codes');
  await page.getByRole('button', { name: 'Jag har sparat koderna' }).click();
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
}

/** Every later sign-in: the new password, then the app's current code. */
export async function signIn(page: Page, url: string, p: Person): Promise<void> {
  await page.goto(url);
  await passwordStep(page, p, NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Engångskod' })).toBeVisible();
  await page.getByLabel('Engångskod från appen').fill(await freshCode(p));
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
}
