/**
 * End-to-end suites. `e2e-web`: the built renderer in Debian's Chromium, `window.keydesk` wired to
 * main's real dispatcher over a temp store (test/e2e-web/host.ts). `e2e-electron`: the real app via
 * `_electron.launch`, skipped (with the reason) where no Electron binary is installed.
 */
import { defineConfig } from '@playwright/test';
// The runner and each worker load this config: each gets a private per-user config area (seal keys).
import './helpers/private-config-home.ts';

export const CHROMIUM = process.env.KEYDESK_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  globalSetup: './e2e-web/global-setup.ts',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Two cores are shared with other work: each test has its own store, so two workers are safe.
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./e2e-skip-reporter.ts']],
  outputDir: './artifacts/playwright',
  projects: [
    {
      name: 'e2e-web',
      testDir: './e2e-web',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: {
          executablePath: CHROMIUM,
          // Root in a container needs --no-sandbox; the rest keep Chromium off the (closed) network.
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
        trace: 'retain-on-failure',
        // Dates in the UI are formatted for the user's locale and zone; tests pin both.
        locale: 'en-US',
        timezoneId: 'UTC',
      },
    },
    {
      name: 'e2e-electron',
      testDir: './e2e-electron',
    },
  ],
});
