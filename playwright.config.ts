import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the built renderer in serve mode (one `labeler serve` per test) with the
 * system Chromium. They do not build: `npm test` runs `npm run build` first.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e-artifacts',
  workers: 1,
  // This machine is shared and noisy; one retry keeps a timing hiccup from failing CI (Playwright still reports it as flaky).
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
