/**
 * The page's clock pinned to main's test clock: `Date.now()` and `new Date()` in the page read a
 * fixed instant that the test moves, while timers run as usual. The app and its main process
 * share one clock; tests that judge time ("expires in 5 days" in the page, `verify` in main) need
 * the same. Playwright's own `page.clock` would do it, but its fake clock keeps references to what
 * the page did, which a heap-snapshot test (no secret left in memory) then finds.
 */
import type { Page } from '@playwright/test';

const FIXED = '__keydeskFixedNow';

/** Installed before any page script: Date reads the fixed instant; everything else is the real Date. */
function installFixedDate(name: string): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  const Real = Date;
  const now = () => scope[name] as number;
  function FixedDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new Real(now()).toString();
    return args.length ? new (Real as unknown as new (...a: unknown[]) => Date)(...args) : new Real(now());
  }
  FixedDate.prototype = Real.prototype;
  Object.assign(FixedDate, { now, parse: Real.parse, UTC: Real.UTC });
  scope.Date = FixedDate;
}

/** Pins the page's clock at `at`, for the current document and every later one (reloads too). */
export async function pinPageClock(page: Page, at: Date, installed: boolean): Promise<void> {
  const ms = at.getTime();
  if (!installed) await page.addInitScript(installFixedDate, FIXED);
  // Init scripts run in order at each navigation: the last instant registered wins.
  await page.addInitScript(([name, value]) => void ((globalThis as unknown as Record<string, number>)[name] = value), [FIXED, ms] as const);
  if (page.url().startsWith('http')) {
    await page.evaluate(([name, value]) => void ((globalThis as unknown as Record<string, number>)[name] = value), [FIXED, ms] as const);
  }
}
