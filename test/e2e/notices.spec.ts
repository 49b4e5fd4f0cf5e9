// Admin → Aviseringar end to end against fakes this test starts on loopback: SMTP with STARTTLS
// and a password, TellusTalk over HTTPS; a test send on each; the day-before reminder turned on;
// a recipient's consent and number recorded in their details; a visit planned for tomorrow; the
// SMS arriving at the fake; and its state and delivery report on the visit. axe on every view.
import { expect, test, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { startSmtpFake, type SmtpFake } from '../../integrations/smtp/fake.ts';
import { startTellusTalkFake, type TellusTalkFake } from '../../integrations/tellustalk/fake.ts';
import { checkView } from './ui.ts';
import { admin, recipients, seed, staff } from './workflows/data.ts';
import { createUsers, startSeededHost, type Api, type SeededHost } from './workflows/host.ts';
import { addDays, isoAt, localToday } from './workflows/seed.ts';

test.describe.configure({ mode: 'serial' });

// The rules' clock is put at the next 17:00 in Stockholm (the host reads the offset under
// NODE_ENV=test): inside the reminder window whatever the time of the run, never at night.
const today = localToday();
const realNow = Date.now();
const eveningToday = Date.parse(isoAt(today, '17:00'));
const ruleDay = realNow > eveningToday + 3 * 3600_000 ? addDays(today, 1) : today;
const offset = Math.max(0, Date.parse(isoAt(ruleDay, '17:00')) - realNow);
const visitDay = addDays(ruleDay, 1);

const SMTP_PASSWORD = 'e2e-smtp-lösen-1';
const SMS_PASSWORD = 'e2e-sms-lösen-2';

let host: SeededHost;
let api: Api;
let smtp: SmtpFake;
let tellus: TellusTalkFake;
let page: Page;

test.beforeAll(async ({ browser }) => {
  smtp = await startSmtpFake({ users: { 'aviseringar@omsorg.example': SMTP_PASSWORD } });
  tellus = await startTellusTalkFake({ username: 'omsorg.api', password: SMS_PASSWORD, autoDeliver: true });
  process.env.CAREDOCK_NOTICE_CLOCK_OFFSET_MS = String(offset);
  host = await startSeededHost(seed);
  api = await createUsers(host, admin, []);
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto(await host.newLink());
  await page.getByLabel('Användarnamn').fill(admin.username);
  await page.getByLabel('Lösenord').fill(admin.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
});

test.afterAll(async () => {
  await api?.close();
  await host?.stop();
  await smtp?.close();
  await tellus?.close();
});

async function openView(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

test('email: SMTP with STARTTLS and a password, saved as "sparad", and a test that arrives', async () => {
  await openView('Aviseringar');
  await checkView(page, 'nt-01-notices-empty');
  const form = page.getByTestId('smtp-form');
  // The OAuth2 fields (Microsoft 365) pass axe too; this test signs in with a password.
  await form.locator('#smtp-auth').selectOption('oauth2');
  await expect(form.locator('#smtp-tenant')).toBeVisible();
  await checkView(page, 'nt-01b-notices-oauth2');
  await form.locator('#smtp-auth').selectOption('password');
  await form.locator('#smtp-host').fill('127.0.0.1');
  await form.locator('#smtp-port').fill(String(smtp.port));
  await form.locator('#smtp-user').fill('aviseringar@omsorg.example');
  await form.locator('#smtp-password').fill(SMTP_PASSWORD);
  await form.locator('#smtp-from').fill('aviseringar@omsorg.example');
  await form.locator('#smtp-ca').fill(smtp.ca);
  await form.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Inställningarna är sparade.')).toBeVisible();
  await expect(form.locator('#smtp-password')).toHaveValue('');
  await expect(form.locator('#smtp-password-hint')).toContainText('sparad');
  await expect(page.locator('main')).not.toContainText(SMTP_PASSWORD);

  await page.locator('#smtp-test-to').fill('samordnare@omsorg.example');
  await page
    .locator('#smtp-test-to')
    .locator('xpath=ancestor::form')
    .getByRole('button', { name: 'Skicka test' })
    .click();
  await expect(page.getByText('Testet skickades till samordnare@omsorg.example.')).toBeVisible();
  expect(smtp.received).toHaveLength(1);
  const mail = await simpleParser(smtp.received[0]!);
  expect(mail.subject).toBe('Test från CareDock');
});

test('SMS: TellusTalk, a sender refused with å, then a test to a national number', async () => {
  const form = page.getByTestId('sms-form');
  await form.locator('#sms-url').fill(tellus.url);
  await form.locator('#sms-account').fill('Omsorg.API');
  await form.locator('#sms-password').fill(SMS_PASSWORD);
  await form.locator('#sms-sender').fill('Hemtjänsten');
  await form.locator('#sms-ca').fill(tellus.ca);
  await form.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByTestId('notices')).toContainText('Avsändarnamnet');
  await form.locator('#sms-sender').fill('OmsorgNorr');
  await form.getByRole('button', { name: 'Spara' }).click();
  await expect(form.locator('#sms-password-hint')).toContainText('sparad');
  await page.locator('#sms-test-to').fill('070-123 45 67');
  await page
    .locator('#sms-test-to')
    .locator('xpath=ancestor::form')
    .getByRole('button', { name: 'Skicka test' })
    .click();
  await expect(page.getByText('Testet skickades till +46701234567.')).toBeVisible();
  expect(tellus.log.at(-1)).toMatchObject({ address: 'sms:+46701234567', originator: 'OmsorgNorr' });
});

test('the day-before reminder is turned on, with its preview and SMS parts beside the template', async () => {
  const rules = page.getByTestId('rules-form');
  await rules.locator('#rule-dayBefore').check();
  await expect(page.getByTestId('tpl-dayBefore-preview')).toContainText('Påminnelse: hemtjänsten kommer');
  await expect(page.getByTestId('tpl-dayBefore-segments')).toContainText('1 SMS-delar (GSM-7)');
  await rules.getByRole('button', { name: 'Spara' }).last().click();
  await expect(page.getByText('Reglerna är sparade.')).toBeVisible();
  await checkView(page, 'nt-02-notices-configured');
});

test('a recipient’s number and consent in their details; a visit tomorrow; the SMS arrives and shows on the visit', async () => {
  await openView('Beställningar');
  const row = page.getByTestId('plan-summary').locator(`tr[data-recipient="${recipients.greta.id}"]`);
  await row.getByRole('button').click();
  const details = page.getByRole('dialog', { name: 'Brukare' });
  const contact = details.getByTestId('recipient-contact');
  await contact.locator('#contact-phone').fill('070-765 43 21');
  await contact.locator('#contact-consent').check();
  await contact.getByRole('button', { name: 'Spara' }).click();
  await expect(contact).toContainText(`Samtycke registrerat av ${admin.username}`);
  await expect(contact.locator('#contact-phone')).toHaveValue('+46707654321');
  await checkView(page, 'nt-03-recipient-contact');
  await details.getByRole('button', { name: 'Stäng' }).click();

  // A plan saved while the window is open (the rules' clock says 17:00) gets its reminder at once.
  await api.call('plans.save', {
    recipientId: recipients.greta.id,
    orderId: 'order-greta',
    staffIds: [staff.sara.id],
    date: visitDay,
    start: '09:00',
    end: '09:30',
    tasks: [],
  });
  await expect
    .poll(() => tellus.log.filter((e) => e.address === 'sms:+46707654321').length, { timeout: 20_000 })
    .toBe(1);
  const sms = tellus.log.find((e) => e.address === 'sms:+46707654321')!;
  expect(sms.text).toContain('Greta Gustafsson');
  expect(sms.text).toContain('kl. 09:00');

  await openView('Planering');
  await page.locator('#board-day').fill(visitDay);
  await page.locator('#board-day').dispatchEvent('change');
  const block = page.locator('[data-testid="board-row"] button[data-plan-id]').first();
  await block.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('plan-notices')).toContainText('Påminnelse dagen före');
  await expect(dialog.getByTestId('plan-notices')).toContainText('Skickat');
  await expect(dialog.getByTestId('plan-notices')).toContainText('levererat');
  await checkView(page, 'nt-04-visit-notices');
});
