// A data folder others could read (made with mkdir -m 755, files 644) is closed at start, and the
// person at the desk is told, in Swedish first, on every view.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serveAt } from './host.ts';
import { checkView } from './ui.ts';

const admin = { username: 'anna', name: 'Anna Admin', password: 'korrekt-häst-batteri' };

function everything(dir: string): string[] {
  const out = [dir];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...everything(p));
    else out.push(p);
  }
  return out;
}

test.skip(process.platform === 'win32', 'file modes are a POSIX matter; Windows keeps the profile private');

test('a data folder other users could read is closed and the warning shows on every view', async ({
  browser,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-folder-'));
  const page = await (await browser.newContext()).newPage();
  try {
    // A first start writes the database and its logs; then the folder is opened to everyone.
    await (await serveAt(dataDir)).stop();
    for (const p of everything(dataDir)) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);

    const host = await serveAt(dataDir);
    try {
      for (const p of everything(dataDir))
        expect(statSync(p).mode & 0o777, p).toBe(statSync(p).isDirectory() ? 0o700 : 0o600);
      await page.goto(host.url);
      await page.getByLabel('Användarnamn').fill(admin.username);
      await page.getByLabel('Namn', { exact: true }).fill(admin.name);
      await page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
      await page.getByLabel('Upprepa lösenordet').fill(admin.password);
      await page.getByRole('button', { name: 'Skapa administratör' }).click();
      await expect(page.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);

      const warning = page.getByTestId('system-warnings').getByRole('alert');
      await expect(warning).toContainText(
        `Datamappen ${dataDir} gick att läsa för andra användare på datorn.`,
      );
      await expect(warning).toContainText('CareDock har nu stängt den');
      await checkView(page, 'data-folder-warning');
      // Still there on another view, and in Finnish when the person switches.
      await page
        .getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Användare' })
        .click();
      await expect(warning).toBeVisible();
      await page.getByRole('button', { name: 'Suomi' }).click();
      await expect(warning).toContainText('oli tietokoneen muiden käyttäjien luettavissa');
      // The choice is saved for the user: back to Swedish for the next login.
      await page.getByRole('button', { name: 'Svenska' }).click();
      await expect(warning).toContainText('gick att läsa för andra användare');
    } finally {
      await host.stop();
    }
    // Closed now: the next start has nothing to warn about.
    const calm = await serveAt(dataDir);
    try {
      const other = await (await browser.newContext()).newPage();
      await other.goto(calm.url);
      await other.getByLabel('Användarnamn').fill(admin.username);
      await other.getByLabel('Lösenord').fill(admin.password);
      await other.getByRole('button', { name: 'Logga in' }).click();
      await expect(other.getByRole('banner')).toContainText(`Inloggad: ${admin.name}`);
      await expect(other.getByTestId('system-warnings')).toHaveCount(0);
      await other.context().close();
    } finally {
      await calm.stop();
    }
  } finally {
    await page.context().close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
