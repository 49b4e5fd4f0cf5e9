// The providers view under a large municipality: a server in this process on embedded PGlite,
// seeded with rows as enrolment would leave them, an administrator signed in through the
// console's own procedures, and headless Chromium timing the view from the click to its first row.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { initServer } from '../src/server/init.ts';
import { startServer } from '../src/server/server.ts';
import { municipalities, providerAddresses, providers, workstations } from '../src/server/db/schema.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../src/shared/console/contract.ts';
import { chromiumPath } from '../test/e2e/chromium.ts';
import { consoleBrowser } from '../test/server/console/browser.ts';
import { firstSignIn } from '../test/server/console/signIn.ts';

export interface ProvidersViewFigures {
  renderMs: number;
  callMs: number;
  bytes: number;
}

// What the console's menu calls the view, and a row of it (the view's own attribute).
const PROVIDERS_LINK = 'Utförare';
const FIRST_ROW = '[data-testid="providers"] tbody tr';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seed(
  db: Awaited<ReturnType<typeof startServer>>['ctx']['database']['db'],
  n: { providers: number; workstations: number },
): Promise<void> {
  await db.insert(municipalities).values({ id: '0180', name: 'Stockholm' }).onConflictDoNothing();
  const ps = Array.from({ length: n.providers }, (_, i) => ({
    id: `utforare-${String(i).padStart(3, '0')}`,
    municipalityId: '0180',
    name: `Hemtjänst ${String(i).padStart(3, '0')} AB`,
  }));
  await db.insert(providers).values(ps);
  await db.insert(providerAddresses).values(
    ps.flatMap((p, i) => [
      { providerId: p.id, address: `10.${i >> 8}.${i & 255}.1`, registeredBy: 'console:bench' },
      { providerId: p.id, address: `10.${i >> 8}.${i & 255}.2`, registeredBy: 'cli' },
    ]),
  );
  const now = Date.now();
  const ws = Array.from({ length: n.workstations }, (_, i) => ({
    id: randomUUID(),
    providerId: ps[i % ps.length]!.id,
    name: `Kontor ${i}`,
    certFingerprint: `bench:${i}`,
    certSerial: (1000 + i).toString(16),
    certNotAfter: new Date(now + ((i % 400) + 1) * 86_400_000),
    lastSeenAt: new Date(now - (i % 90) * 60_000),
    lastAddress: `10.${(i % ps.length) >> 8}.${(i % ps.length) & 255}.1`,
    clientVersion: '1.0.0',
  }));
  for (let i = 0; i < ws.length; i += 500) await db.insert(workstations).values(ws.slice(i, i + 500));
}

export async function providersViewFigures(n: {
  providers: number;
  workstations: number;
  runs: number;
}): Promise<ProvidersViewFigures> {
  // The server's info lines would bury the figures.
  process.env['CAREDOCK_SERVER_LOG'] ??= 'warn';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caredock-bench-console-view-'));
  await initServer({ dataDir, port: 0 });
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, consolePort: 0 });
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
  try {
    await seed(server.ctx.database.db, n);
    const consoleUrl = server.consoleUrl ?? '';
    const signedIn = consoleBrowser(consoleUrl, server.ctx.paths);
    await firstSignIn(server.ctx, signedIn, 'bench.admin', ['municipalityAdmin']);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'sv-SE' });
    await context.addCookies(
      [...signedIn.cookies].map(([name, value]) => ({
        name,
        value,
        url: consoleUrl,
        secure: true,
        httpOnly: name !== CSRF_COOKIE,
        sameSite: name === SESSION_COOKIE ? ('Lax' as const) : ('Strict' as const),
      })),
    );
    const page = await context.newPage();
    const render: number[] = [];
    const call: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n.runs; i++) {
      // Start elsewhere, then open the view as a person does: by its link in the menu.
      await page.goto(new URL('#/audit', consoleUrl).href);
      await page.getByRole('navigation').getByRole('link', { name: PROVIDERS_LINK }).waitFor();
      // Timed inside the page (strings: this file is type-checked for Node, not the DOM).
      await page.evaluate(`(() => {
        const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === ${JSON.stringify(PROVIDERS_LINK)});
        if (!link) throw new Error('no providers link');
        window.__clicked = performance.now();
        link.click();
      })()`);
      await page.locator(FIRST_ROW).first().waitFor();
      render.push(
        await page.evaluate<number>(
          'new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now() - window.__clicked)))',
        ),
      );
      const timed = await page.evaluate<{ ms: number; bytes: number; ok: boolean }>(`(async () => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('${CSRF_COOKIE}='))?.slice(${CSRF_COOKIE.length + 1});
        const t0 = performance.now();
        const res = await fetch('/api/providers.list', {
          method: 'POST',
          headers: { 'content-type': 'application/json', '${CSRF_HEADER}': csrf ?? '' },
          body: '{}',
        });
        const text = await res.text();
        return { ms: performance.now() - t0, bytes: text.length, ok: res.ok };
      })()`);
      if (!timed.ok) throw new Error('providers.list failed from the page');
      call.push(timed.ms);
      bytes = timed.bytes;
    }
    return { renderMs: median(render), callMs: median(call), bytes };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
