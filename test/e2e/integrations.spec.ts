// Admin → Integrations end to end in Chromium: the SMS channel paused and resumed, a job the
// gateway can never take (a number no country has) dead with the catalogue's text, retried from
// the view, then discarded with a reason that lands in the audit log. axe and screenshots, sv and fi.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { integrationErrors } from '../../src/shared/errors/integrations.ts';
import { startHost, type Host } from './host.ts';
import { checkView } from './ui.ts';

test.describe.configure({ mode: 'serial' });

const admin = { username: 'ida.integration', name: 'Ida Ivarsson', password: 'Integrera-2025!' };

let host: Host;
let page: Page;
const problems: string[] = [];

const smsCard = () => page.locator('li[data-channel="sms"]');
const notices = () => page.getByTestId('notices');

async function api<T>(name: string, input: unknown = {}): Promise<T> {
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

/** Written beside the running host, as another CareDock process would (WAL admits it). */
function withDb(fn: (db: Database.Database) => void): void {
  const db = new Database(path.join(host.dataDir, 'caredock.db'));
  db.pragma('busy_timeout = 5000');
  try {
    fn(db);
  } finally {
    db.close();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  host = await startHost();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
});

test.afterAll(async () => {
  await page?.context().close();
  await host?.stop();
});

test('a dead SMS is retried, the channel paused and resumed, the job discarded with a reason', async () => {
  await page.goto(host.url);
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Namn', { exact: true }).fill(admin.name);
  await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await page.getByLabel('Upprepa lösenordet').fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);

  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Integrationer', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Integrationer' })).toBeFocused();
  await expect(smsCard()).toContainText('Igång');

  // Paused, a job waits untouched.
  await smsCard().getByRole('button', { name: 'Pausa SMS' }).click();
  await expect(notices()).toContainText('SMS är pausad.');
  await expect(smsCard()).toContainText('Pausad av en administratör');
  withDb((db) => {
    const now = Date.now();
    db.prepare('insert into settings (key, value) values (?, ?)').run(
      'integrations.sms',
      JSON.stringify({
        provider: 'tellustalk',
        url: 'https://127.0.0.1:9/',
        account: 'konto',
        sender: 'Omsorg',
        country: 'SE',
      }),
    );
    db.prepare(
      `insert into jobs (kind, channel, payload, idempotency_key, state, max_attempts, next_attempt_at, created_at, updated_at)
       values ('sms.send', 'sms', ?, 'e2e:1', 'waiting', 6, ?, ?, ?)`,
    ).run(JSON.stringify({ to: '123', text: 'Hej' }), now, now, now);
  });
  await expect(smsCard().locator('[data-count="waiting"] dd')).toHaveText('1');
  await page.waitForTimeout(1_000);
  await expect(smsCard().locator('[data-count="waiting"] dd')).toHaveText('1');

  // Resumed, it runs at once and the gateway's refusal is final: dead, in the catalogue's words.
  await smsCard().getByRole('button', { name: 'Återuppta SMS' }).click();
  await expect(notices()).toContainText('SMS är igång igen.');
  await expect(smsCard().locator('[data-count="dead"] dd')).toHaveText('1');
  await smsCard().getByRole('button', { name: 'SMS', exact: true }).click();
  const row = page.locator('tr[data-job]').first();
  await expect(row).toHaveAttribute('data-state', 'dead');
  const text = integrationErrors['sms.numberInvalid'].sv.replace('{number}', '123');
  await expect(row).toContainText(text);
  await expect(row).not.toContainText('sms.numberInvalid');
  await checkView(page, 'integrations-dead-sv');

  await row.getByRole('button', { name: 'Försök igen' }).click();
  await expect(notices()).toContainText(/Jobb \d+ körs igen\./);
  // It runs again, is refused again, and is dead again with its attempts counted afresh.
  await expect
    .poll(
      async () =>
        (await api<{ jobs: { state: string; attempts: number }[] }>('jobs.list', { channel: 'sms' })).jobs[0],
    )
    .toMatchObject({ state: 'dead', attempts: 1 });

  await page.locator('tr[data-job]').first().getByRole('button', { name: 'Kassera …' }).click();
  const dialog = page.getByRole('dialog', { name: /Kassera jobb \d+/ });
  await dialog.getByRole('button', { name: 'Kassera' }).click();
  await expect(dialog).toContainText('Skriv varför jobbet kasseras');
  await dialog.getByLabel('Orsak').fill('Fel nummer hos brukaren');
  await checkView(page, 'integrations-discard-sv');
  await dialog.getByRole('button', { name: 'Kassera' }).click();
  await expect(notices()).toContainText(/Jobb \d+ är kasserat\./);
  await expect(page.locator('tr[data-job]').first()).toContainText(
    `Jobbet har kasserats av ${admin.username}: Fel nummer hos brukaren.`,
  );

  const audit = await api<{ action: string; actor: string; details: Record<string, string> }[]>(
    'audit.list',
    {
      limit: 50,
    },
  );
  expect(audit.map((e) => e.action)).toEqual(
    expect.arrayContaining(['jobs.channel.pause', 'jobs.channel.resume', 'jobs.retry', 'jobs.discard']),
  );
  expect(audit.find((e) => e.action === 'jobs.discard')).toMatchObject({
    actor: admin.username,
    details: { reason: 'Fel nummer hos brukaren' },
  });

  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Integraatiot' })).toBeVisible();
  await expect(page.locator('tr[data-job]').first()).toContainText('hylkäsi työn');
  await checkView(page, 'integrations-fi');
  expect(problems).toEqual([]);
});
