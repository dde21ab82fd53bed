/**
 * What every view of the app is checked for: axe-core finds no serious or critical accessibility
 * violation, and a screenshot is written to test/artifacts/screenshots/ (gitignored; `npm run
 * screenshots` copies the ones the docs show to docs/screenshots/). A revealed key is masked in the
 * picture, so no secret lands in an artifact, even a throwaway one.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

export type Scheme = 'light' | 'dark';

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly targets: string[];
}

/** Serious and critical axe violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Asserts the view is accessible and saves its screenshot as `<view>-<scheme>.png`. */
export async function checkView(page: Page, view: string, scheme: Scheme): Promise<void> {
  // Let transitions settle so neither axe's contrast check nor the picture sees a colour mid-fade.
  // One cancelled on the way (a button enabled again as its work ends) has settled too: its
  // `finished` rejects with an AbortError, which must not fail the view.
  // (A string, so this module type-checks without DOM types: scripts/screenshots.ts imports it.)
  await page.evaluate('Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)))');
  expect(await seriousViolations(page), `axe on ${view} (${scheme})`).toEqual([]);
  await page.screenshot({
    path: `${SCREENSHOT_DIR}${view}-${scheme}.png`,
    animations: 'disabled',
    mask: [page.locator('.secret__value')],
    maskColor: scheme === 'dark' ? '#2a2f3a' : '#dfe3ea',
  });
}
