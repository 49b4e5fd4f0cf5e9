// Admin → Integrationer → Exchange end to end against a Microsoft Graph fake and an Entra token
// fake this test starts on loopback: Graph set up with an app secret and the fakes' CA, a
// connection test, a performer's calendar address, then a visit planned and moved — and the item
// in the fake calendar moving with it, and the board saying the visit is in the calendar.
import { expect, test, type Page } from '@playwright/test';
import { startGraphFake, type GraphFake } from '../../integrations/graph/fake.ts';
import { checkView } from './ui.ts';
import { admin, recipients, seed, staff } from './workflows/data.ts';
import { createUsers, startSeededHost, type Api, type SeededHost } from './workflows/host.ts';
import { addDays, isoAt, localToday } from './workflows/seed.ts';

test.describe.configure({ mode: 'serial' });

const TENANT = 'omsorg-norr.example';
const CLIENT = '7f1c0c9e-3a55-4e43-9b1e-1c7a6e0d2b11';
const SECRET = 'e2e-graph-hemlighet-3';
const SARA = 'sara.svensson@omsorg.example';
const visitDay = addDays(localToday(), 2);

let host: SeededHost;
let api: Api;
let graph: GraphFake;
let page: Page;

test.beforeAll(async ({ browser }) => {
  graph = await startGraphFake({
    tenant: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    users: { [SARA]: { displayName: 'Sara Svensson', mail: SARA } },
  });
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
  await graph?.close();
});

test('Graph is set up with an app secret, and the connection test finds the mailbox', async () => {
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Integrationer', exact: true })
    .click();
  const panel = page.getByTestId('exchange-panel');
  await expect(panel.getByRole('heading', { name: 'Exchange-kalender' })).toBeVisible();
  const form = page.getByTestId('exchange-form');
  await form.locator('#ex-backend').selectOption('graph');
  await form.locator('#ex-url').fill(graph.url);
  await form.locator('#ex-tenant').fill(TENANT);
  await form.locator('#ex-client').fill(CLIENT);
  await form.locator('#ex-secret').fill(SECRET);
  await form.locator('#ex-authority').fill(graph.tokens.url);
  await form.locator('#ex-ca').fill(graph.ca);
  await form.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByText('Exchange-inställningarna är sparade.')).toBeVisible();
  await expect(form.locator('#ex-secret')).toHaveValue('');
  await expect(page.locator('main')).not.toContainText(SECRET);

  await page.locator('#ex-test-mailbox').fill('okand@omsorg.example');
  await page.getByRole('button', { name: 'Testa anslutningen' }).click();
  await expect(
    page.getByText('Exchange hittar ingen brevlåda för okand@omsorg.example.', { exact: false }),
  ).toBeVisible();
  await page.locator('#ex-test-mailbox').fill(SARA);
  await page.getByRole('button', { name: 'Testa anslutningen' }).click();
  await expect(page.getByText('Anslutningen fungerar: Sara Svensson hittades.')).toBeVisible();

  await page.locator(`#ex-staff-${staff.sara.id}`).fill(SARA);
  await page
    .locator(`#ex-staff-${staff.sara.id}`)
    .locator('xpath=ancestor::form')
    .getByRole('button', { name: 'Spara' })
    .click();
  await expect(page.getByText(`Kalenderadressen för ${staff.sara.name} är sparad.`)).toBeVisible();
  await checkView(page, 'ex-01-exchange');
});

test('a planned visit appears in the calendar, moves with the plan, and the board says so', async () => {
  const plan = await api.call<{ id: string }>('plans.save', {
    recipientId: recipients.greta.id,
    orderId: 'order-greta',
    staffIds: [staff.sara.id],
    date: visitDay,
    start: '09:00',
    end: '09:30',
    tasks: [],
  });
  // Sara's visits already planned went in when her address was saved; this one joins them.
  const ours = () => graph.events(SARA).filter((e) => Object.values(e.props).includes(plan.id));
  await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(1);
  expect(ours()[0]!.start).toBe(Date.parse(isoAt(visitDay, '09:00')));
  // The default level: "Besök", the time and initials; never the full name.
  expect(ours()[0]!.subject).toMatch(/^Besök 09:00–09:30 G\.G\./);
  expect(JSON.stringify(graph.events(SARA))).not.toContain('Gustafsson');

  await api.call('plans.save', {
    id: plan.id,
    recipientId: recipients.greta.id,
    orderId: 'order-greta',
    staffIds: [staff.sara.id],
    date: visitDay,
    start: '13:15',
    end: '14:00',
    tasks: [],
  });
  await expect
    .poll(() => ours().map((e) => e.start), { timeout: 20_000 })
    .toEqual([Date.parse(isoAt(visitDay, '13:15'))]);

  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Planering', exact: true })
    .click();
  await page.locator('#board-day').fill(visitDay);
  await page.locator('#board-day').dispatchEvent('change');
  const block = page.locator(`[data-plan-id="${plan.id}"]`);
  await expect(block).toHaveAttribute('data-calendar', 'inCalendar', { timeout: 15_000 });
  await expect(block).toHaveAttribute('aria-label', /I kalendern/);
});
