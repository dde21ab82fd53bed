/** For each test: a fresh temp store to pull into, and a fresh SendGrid stand-in serving `account()`. */
import { afterEach, beforeEach } from 'vitest';
import { startStandIn, type StandIn, type StandInAccount } from './sendgrid-stand-in.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

/** Registers the hooks; `use` receives each test's pair before the test runs. */
export function standInPerTest(account: () => StandInAccount, use: (store: TempStore, standIn: StandIn) => void): void {
  let current: { store: TempStore; standIn: StandIn } | null = null;
  beforeEach(async () => {
    current = { store: openTempStore(), standIn: await startStandIn(account()) };
    use(current.store, current.standIn);
  });
  afterEach(async () => {
    await current?.standIn.close();
    current?.store.close();
  });
}
