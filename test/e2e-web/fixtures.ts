/**
 * Playwright fixtures for UI tests on the browser test host.
 *
 *   import { test, expect } from './fixtures.ts';
 *   test('...', async ({ keydeskPage, keydesk }) => { ... keydesk.main.keys.create(keydesk.main.owner(), ...) });
 *
 * `keydesk` is main's side for one test (own temp store and settings file); `keydeskPage` is the
 * app loaded and ready. To seed data before the first render, use `keydesk` and call `open()`.
 *
 * The page's clock is main's: `Date.now()` in the page reads main's test clock (fixed, timers still
 * run; see page-clock.ts), as the app and its main process share one clock. `advanceClock(ms)`
 * moves both.
 */
import { test as base, type Page } from '@playwright/test';
import { attachKeydeskHost, bundlePageBridge, startRendererServer, waitForAppReady, type KeydeskHost, type RendererServer } from './host.ts';
import { pinPageClock } from './page-clock.ts';

export interface KeydeskFixture extends KeydeskHost {
  readonly server: RendererServer;
  /** Loads the app in the page and waits until it is ready. */
  open(): Promise<Page>;
  /** Moves main's clock and the page's by `ms`. */
  advanceClock(ms: number): Promise<void>;
}

interface TestFixtures {
  readonly keydesk: KeydeskFixture;
  readonly keydeskPage: Page;
}

interface WorkerFixtures {
  readonly rendererServer: RendererServer;
  readonly pageBridge: string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: empty says none
    async ({}, use) => {
      const server = await startRendererServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  pageBridge: [
    // eslint-disable-next-line no-empty-pattern -- as above: no dependencies
    async ({}, use) => use(await bundlePageBridge()),
    { scope: 'worker' },
  ],
  keydesk: async ({ page, rendererServer, pageBridge }, use) => {
    const host = await attachKeydeskHost(page, { trustedOrigin: rendererServer.origin, bridgeScript: pageBridge });
    let clockPinned = false;
    const pinClock = async () => {
      await pinPageClock(page, host.main.clock.now(), clockPinned);
      clockPinned = true;
    };
    await use({
      ...host,
      server: rendererServer,
      async open() {
        await pinClock();
        await page.goto(rendererServer.url);
        await waitForAppReady(page);
        return page;
      },
      async advanceClock(ms) {
        host.main.clock.advance(ms);
        await pinClock();
      },
    });
    // A local API a test left on lets go of its port before the store goes.
    await host.main.localApi.stop();
    host.close();
  },
  keydeskPage: async ({ keydesk }, use) => {
    await use(await keydesk.open());
  },
});

export { expect } from '@playwright/test';
