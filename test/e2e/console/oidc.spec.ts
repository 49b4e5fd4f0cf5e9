// Single sign-on in Chromium: the console configured for a local OpenID Connect provider (the
// real oidc-provider package, HTTPS with a CA only console.oidc.caFile trusts), and a person
// who goes through it by the console's button. Someone whose role is not mapped comes back to
// the sign-in page with the catalogue's words, and the audit log shows who signed in.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { consoleErrors } from '../../../src/shared/errors/console.ts';
import { startFakeOidc, type FakeOidc } from '../../fakes/oidc/provider.ts';
import { expectAccessible } from '../ui.ts';
import { freePort, startConsoleServer, type ConsoleServer } from './fixture.ts';

test.describe.configure({ mode: 'serial' });
test.use({ ignoreHTTPSErrors: true });

const SSO_BUTTON = 'Logga in med organisationens konto';

let server: ConsoleServer;
let fake: FakeOidc;
let pkiDir: string;

/**
 * A CA no system trusts and a certificate from it for 127.0.0.1, made with the system's openssl
 * (the server's own PKI code does not typecheck under the browser tests' DOM lib). Only
 * console.oidc.caFile makes the provider's HTTPS good to the console.
 */
async function providerTls(dir: string): Promise<{ key: string; cert: string; caFile: string }> {
  const openssl = (args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=CareDock e2e OIDC CA',
  ]);
  await openssl(['req', ...ec, '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    'tls.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
    '-out',
    'tls.crt',
  ]);
  return {
    key: readFileSync(path.join(dir, 'tls.key'), 'utf8'),
    cert: readFileSync(path.join(dir, 'tls.crt'), 'utf8'),
    caFile: path.join(dir, 'ca.crt'),
  };
}

test.beforeAll(async () => {
  // The console's address must be known before the provider starts: its redirect URI names it.
  const consolePort = await freePort();
  const publicUrl = `https://127.0.0.1:${consolePort}/`;
  pkiDir = mkdtempSync(path.join(tmpdir(), 'caredock-e2e-oidc-'));
  const tls = await providerTls(pkiDir);
  fake = await startFakeOidc({
    redirectUris: [`${publicUrl}auth/oidc/callback`],
    users: {
      anna: { name: 'Anna Admin', email: 'anna@kommun.test', roles: ['CareDock.Admin'] },
      cecilia: { name: 'Cecilia Utan Roll', email: 'cecilia@kommun.test', roles: ['Payroll.Reader'] },
    },
    tls: { key: tls.key, cert: tls.cert },
  });
  server = await startConsoleServer({
    consolePort,
    configure: (config, dataDir) => {
      // The secret in a file of its own, as server.json is world-readable.
      const clientSecretFile = path.join(dataDir, 'oidc-client-secret');
      writeFileSync(clientSecretFile, `${fake.clientSecret}\n`, { mode: 0o600 });
      return {
        ...config,
        console: {
          ...config.console,
          publicUrl,
          oidc: {
            issuer: fake.issuer,
            clientId: fake.clientId,
            clientSecretFile,
            roleClaim: 'roles',
            roleMap: { 'CareDock.Admin': 'municipalityAdmin', 'CareDock.Viewer': 'viewer' },
            scopes: 'openid profile email',
            caFile: tls.caFile,
            allowInsecureLoopback: false,
          },
        },
      };
    },
  });
  expect(server.consoleUrl).toBe(publicUrl);
});

test.afterAll(async () => {
  await server?.stop();
  await fake?.stop();
  if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
});

test('a person with a mapped app role signs in through the button and lands on the admin views', async ({
  page,
}) => {
  await page.goto(server.consoleUrl);
  await expect(page.getByRole('heading', { name: 'Logga in i kommunkonsolen' })).toBeVisible();
  const sso = page.getByRole('link', { name: SSO_BUTTON });
  await expect(sso).toBeVisible();

  fake.setNextUser('anna');
  await sso.click();
  await expect(page.getByRole('heading', { name: 'Utförare', level: 1 })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Anna Admin');
  // An admin's views: the accounts view is only in a municipality admin's navigation.
  const nav = page.getByRole('navigation', { name: 'Konsolens vyer' });
  await expect(nav.getByRole('link', { name: 'Konton', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lägg till utförare' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(server.consoleUrl).origin);
  await expect(page.getByText('Hämtar …')).toHaveCount(0);
  await expectAccessible(page, 'console after single sign-on');

  // The audit log names the sign-in and who it was.
  await nav.getByRole('link', { name: 'Granskningslogg', exact: true }).click();
  const row = page.getByTestId('audit').getByRole('row', { name: /console\.signedIn/ });
  await expect(row.first()).toContainText('anna@kommun.test');
});

test('a person whose role is not mapped comes back to the sign-in page with the catalogue message', async ({
  page,
}) => {
  await page.goto(server.consoleUrl);
  fake.setNextUser('cecilia');
  await page.getByRole('link', { name: SSO_BUTTON }).click();
  await expect(page.getByRole('heading', { name: 'Logga in i kommunkonsolen' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(consoleErrors['console.ssoNoRole'].sv);
  await expect(page.locator('body')).not.toContainText('console.ssoNoRole');
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await expectAccessible(page, 'console sign-in after a refused single sign-on');
});
