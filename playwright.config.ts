import { defineConfig } from '@playwright/test';
import { chromiumPath } from './test/e2e/chromium.ts';

export default defineConfig({
  testDir: 'test/e2e',
  // Its own folder: Playwright empties outputDir at start, and test-results/ also holds vitest.json.
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  // Each file starts its own headless host; files run in parallel, tests in a file in order.
  fullyParallel: false,
  workers: process.env.CI ? 2 : 3,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // scripts/test-all.mjs sets PLAYWRIGHT_JSON_OUTPUT_NAME to count the results.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
