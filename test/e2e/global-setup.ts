// Builds the renderer and the municipality console's page when dist/renderer or dist/console is
// missing or older than its sources, so `npx playwright test` alone tests the UI as it is in the
// tree. Never downloads a browser.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}. Install Debian's: apt-get install -y chromium`);
  }
  await buildIfStale('renderer');
  await buildIfStale('console');
}

async function buildIfStale(ui: 'renderer' | 'console'): Promise<void> {
  const built = path.join(root, `dist/${ui}/index.html`);
  const config = path.join(root, `vite.${ui}.config.ts`);
  const sources = Math.max(
    newestMtime(path.join(root, `src/${ui}`)),
    newestMtime(path.join(root, 'src/shared')),
    statSync(config).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn' });
}
