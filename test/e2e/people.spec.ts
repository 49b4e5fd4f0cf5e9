// Admin → Personuppgifter end to end in Chromium, on `caredock serve --demo`: a demo recipient's
// data exported as a PDF and a JSON download holding their registrations; erasure refused in the
// catalogue's words while the rules forbid it and while the server has not erased the person, then
// done once the server has, with the counts the core answers. The
// personnummer stays out of the address, the notices and the log files. axe and screenshots, sv and fi.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { workflowMessages } from '../../src/shared/errors/workflows.ts';
import { demoAdmin, startDemoHost, type DemoHost } from './sync/demo-host.ts';
import { checkView } from './ui.ts';

test.describe.configure({ mode: 'serial' });

const admin = { username: 'petra.person', name: 'Petra Persson', password: 'Personuppgift-2026!' };
/** Astrid Lindqvist in the demo municipality (made-up number). */
const astrid = { id: 'r-1', name: 'Astrid Lindqvist', personalId: '19391211-2384' };

let demo: DemoHost;
let page: Page;
const problems: string[] = [];

const notices = () => page.getByTestId('notices');
const form = () => page.getByTestId('people-form');

/** Read beside the running host, as another CareDock process would (WAL admits it). */
function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(demo.dataDir, 'caredock.db'));
  db.pragma('busy_timeout = 5000');
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Calls the core as the page does, with the page's cookie. */
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

const registrationIds = (): string[] =>
  withDb((db) =>
    db.prepare('select id from registrations where recipient_id = ? order by id').pluck().all(astrid.id),
  ) as string[];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  demo = await startDemoHost();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    if (message.text().includes(astrid.personalId)) problems.push('the personnummer reached the console');
  });
});

test.afterAll(async () => {
  await page?.context().close();
  await demo?.stop();
});

test("an admin exports a demo recipient's data as a PDF and a JSON with their registrations", async () => {
  await page.goto(demo.url);
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Namn', { exact: true }).fill(admin.name);
  await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
  await page.getByLabel('Upprepa lösenordet').fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);

  // The demo pens are docked as the host starts; Astrid's home is one of the tags they read.
  await expect.poll(() => registrationIds().length, { timeout: 60_000 }).toBeGreaterThan(0);
  let settled = -1;
  await expect
    .poll(() => {
      const before = settled;
      settled = registrationIds().length;
      return settled === before;
    })
    .toBe(true);
  const ids = registrationIds();

  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Personuppgifter', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter' })).toBeFocused();

  // A mistyped number is caught before it reaches the core.
  const field = form().getByLabel('Personnummer');
  await field.fill('19391211-2385');
  await form().getByRole('button', { name: 'Exportera' }).click();
  await expect(form()).toContainText('Skriv ett giltigt personnummer');
  await expect(field).toBeFocused();

  await field.fill(astrid.personalId);
  await form().getByRole('button', { name: 'Exportera' }).click();
  await expect(notices()).toContainText('Exporten är klar: 1 brukare.');
  const files = page.getByTestId('people-files');
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    files.getByRole('button', { name: /registerutdrag\.pdf/ }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe('registerutdrag.pdf');
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    files.getByRole('button', { name: /registerutdrag\.json/ }).click(),
  ]);
  expect(json.suggestedFilename()).toBe('registerutdrag.json');
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8')) as {
    format: string;
    people: {
      recipient: { id: string; name: string; personalId: string };
      registrations: { id: string }[];
    }[];
  };
  expect(exported.format).toBe('caredock-person-export');
  expect(exported.people.map((p) => p.recipient)).toEqual([
    expect.objectContaining({ id: astrid.id, name: astrid.name, personalId: astrid.personalId }),
  ]);
  expect(exported.people[0]!.registrations.map((r) => r.id).sort()).toEqual(ids);

  expect(page.url()).not.toContain(astrid.personalId.slice(0, 8));
  await expect(notices()).not.toContainText(astrid.personalId);
  await checkView(page, 'people-exported');
});

test('erasure is refused in the catalogue’s words: the rules forbid it, then the server has not erased', async () => {
  // The demo municipality sends no retention rules: erasure is not allowed here.
  await form().getByRole('button', { name: 'Radera …' }).click();
  const confirm = page.getByTestId('people-confirm');
  await expect(confirm).toContainText('Vill du radera brukarens uppgifter på den här datorn?');
  await expect(confirm).toContainText('Det går inte att ångra.');
  await expect(confirm.getByText(/Vill du radera/)).toBeFocused();
  await checkView(page, 'people-confirm');
  await confirm.getByRole('button', { name: 'Ja, radera' }).click();
  const refusal = page.getByTestId('people-refusal');
  await expect(refusal).toHaveText(workflowMessages['people.erasureNotAllowed'].sv);
  await expect(refusal).toBeFocused();

  // Rules that allow erasure, as sync brings them; the server has still not erased Astrid.
  withDb((db) =>
    db
      .prepare(
        `insert into settings (key, value) values ('retention.policy', ?)
         on conflict (key) do update set value = excluded.value`,
      )
      .run(
        JSON.stringify({
          id: 'demo',
          registrationDays: 3650,
          penBytesDays: 90,
          sentOutboxDays: 400,
          auditDays: 3650,
          noticeDays: 90,
          erasureAllowed: true,
        }),
      ),
  );
  await form().getByRole('button', { name: 'Radera …' }).click();
  await expect(refusal).toHaveCount(0);
  await page.getByTestId('people-confirm').getByRole('button', { name: 'Ja, radera' }).click();
  await expect(refusal).toHaveText(workflowMessages['people.notConfirmed'].sv);
  await expect(refusal).toHaveAttribute('data-code', 'people.notConfirmed');
  // Nothing was erased.
  expect(registrationIds().length).toBeGreaterThan(0);
  await expect(page.getByTestId('people-result')).toHaveCount(0);
  await checkView(page, 'people-refused');

  await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'Suomi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Henkilötiedot' })).toBeVisible();
  await expect(refusal).toHaveText(workflowMessages['people.notConfirmed'].fi);
  await checkView(page, 'people-refused-fi');

  // Neither the address, the notices nor the log files carry the number.
  expect(page.url()).not.toContain(astrid.personalId.slice(0, 8));
  await expect(notices()).not.toContainText(astrid.personalId);
  const logs = path.join(demo.dataDir, 'logs');
  for (const f of readdirSync(logs))
    expect(readFileSync(path.join(logs, f), 'utf8'), f).not.toContain(astrid.personalId);
  expect(problems).toEqual([]);
});

test('once the server has erased the person, Radera erases them here and shows what it touched', async () => {
  await page.getByRole('button', { name: 'Svenska', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter' })).toBeVisible();
  const status = await api<{ serverUrl: string | null }>('sync.status');
  await demoAdmin(demo.dataDir, status.serverUrl ?? '').erasePerson('demo-omsorg', astrid.personalId);
  await page.getByRole('banner').getByTestId('sync-status').getByRole('button', { name: 'Synka nu' }).click();
  await expect(notices()).toContainText(/Synkat: \d+ skickade, 0 avvisade, \d+ hämtade\./);
  const held = registrationIds().length;

  await form().getByRole('button', { name: 'Radera …' }).click();
  await page.getByTestId('people-confirm').getByRole('button', { name: 'Ja, radera' }).click();
  await expect(notices()).toContainText('Uppgifterna är raderade på den här datorn.');
  await expect(page.getByTestId('people-refusal')).toHaveCount(0);
  const result = page.getByTestId('people-result');
  await expect(result.getByTestId('people-count-recipients')).toHaveText('1');
  await expect(result.getByTestId('people-count-registrations')).toHaveText(String(held));
  await expect(result.getByTestId('people-count-backups')).toHaveText(/^\d+$/);
  await expect(form().getByLabel('Personnummer')).toHaveValue('');
  await checkView(page, 'people-erased');

  // The person is no longer held here: an export finds no one.
  await form().getByLabel('Personnummer').fill(astrid.personalId);
  await form().getByRole('button', { name: 'Exportera' }).click();
  await expect(page.getByTestId('people-refusal')).toHaveText(workflowMessages['people.notFound'].sv);
  expect(problems).toEqual([]);
});
