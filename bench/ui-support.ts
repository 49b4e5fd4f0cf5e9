// Shared by the UI benchmarks: a fresh renderer build, a seeded headless host, headless
// Chromium logged in as a user, and a click-to-painted timer on a performance mark.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from '../test/e2e/chromium.ts';
import { createUsers, startSeededHost, type SeededHost, type User } from '../test/e2e/workflows/host.ts';
import type { Seed } from '../test/e2e/workflows/seed.ts';

const root = path.resolve(import.meta.dirname, '..');

function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return n;
}

/** Builds dist/renderer when it is missing or older than the sources, so the figure is of this UI. */
export async function freshRenderer(): Promise<void> {
  const built = path.join(root, 'dist/renderer/index.html');
  const sources = Math.max(newest(path.join(root, 'src/renderer')), newest(path.join(root, 'src/shared')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.renderer.config.ts'), logLevel: 'error' });
}

export interface Session {
  host: SeededHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openSession(seed: Seed, user: User): Promise<Session> {
  await freshRenderer();
  const host = await startSeededHost(seed);
  const api = await createUsers(host, user, []);
  await api.close();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  // The context's request client shares the page's cookies: exchange the token and log in.
  await context.request.get(host.url);
  const login = await context.request.post(`${host.origin}/api/auth.login`, {
    headers: { origin: host.origin },
    data: { username: user.username, password: user.password },
  });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  await page.getByTestId('current-user').waitFor();
  return {
    host,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await host.stop();
    },
  };
}

/**
 * Milliseconds from clicking a menu link to the performance mark the view sets once its first
 * frame has been painted. `away` is a view to leave to first (and let settle).
 */
export async function clickToMark(
  page: Page,
  away: { hash: string; ready: string },
  view: string,
  mark: string,
): Promise<number> {
  // The page's globals are typed here without the DOM library (this file runs under Node).
  await page.evaluate((hash) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
  }, away.hash);
  await page.locator(away.ready).first().waitFor();
  await page.evaluate(() => performance.clearMarks());
  const started = await page.evaluate((href) => {
    const t0 = performance.now();
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { click(): void } } })
      .document;
    doc.querySelector(`nav a[href="${href}"]`).click();
    return t0;
  }, `#/${view}`);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
    timeout: 60_000,
  });
  return page.evaluate(
    ([name, t0]) => performance.getEntriesByName(name as string)[0]!.startTime - (t0 as number),
    [mark, started] as const,
  );
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function line(text: string, ok: boolean): boolean {
  console.log(`${text}${ok ? '' : '  ← OVER CEILING'}`);
  return ok;
}
