// Smoke test of the Electron shell: where an Electron binary exists, launch the app through
// Playwright's Electron support and see the first screen. Where none exists (CI installs with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1), the test is skipped and says why.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The path `require('electron')` would give. Read from the package's path.txt directly, because
 * requiring the package when the binary is missing starts a download.
 */
function electronBinary(): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const mainBundle = path.join(root, '.vite', 'build', 'main.cjs');

test('the Electron app starts and shows its first screen', async () => {
  test.skip(binary === null, 'no Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)');
  test.skip(
    !existsSync(mainBundle),
    'the Electron app is not built (.vite/build/main.cjs): run `npm start` or `npm run package` once',
  );

  const userData = mkdtempSync(path.join(tmpdir(), 'caredock-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [root, `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
    cwd: root,
  });
  try {
    const window = await app.firstWindow();
    // A fresh data directory: the first-run setup; with an existing admin, the login.
    await expect(
      window.getByRole('heading', { level: 1, name: /Välkommen till CareDock|Logga in/ }),
    ).toBeVisible({ timeout: 30_000 });
    expect(await window.evaluate(() => typeof (window as unknown as { caredock?: unknown }).caredock)).toBe(
      'object',
    );
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
