/**
 * `npm run screenshots`: runs the views tests (views.spec.ts, audit-views.spec.ts, settings.spec.ts
 * and pull.spec.ts: every view, both themes, axe-checked; reviews.spec.ts: a review and its report), which write test/artifacts/screenshots/, then copies the ones the
 * README and docs/ show into docs/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCREENSHOT_DIR } from '../test/e2e-web/views.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = `${ROOT}docs/screenshots/`;

/** What the README and docs/app.md show: the list in both themes, each dialog once, the lifecycle views, the audit and inventory pages, and the settings page. */
export const DOC_SCREENSHOTS = [
  'list-lifecycle-light',
  'list-dark',
  'create-restricted-light',
  'reveal-dark',
  'edit-light',
  'delete-dark',
  'audit-light',
  'activity-light',
  'activity-broken-dark',
  'inventory-light',
  'inventory-diff-leaks-dark',
  'pull-dialog-light',
  'pull-summary-dark',
  'bulk-done-dark',
  'roll-reveal-light',
  'accounts-menu-dark',
  'expiry-light',
  'settings-light',
  'settings-dark',
  'list-small-light',
  'filters-dark',
  'detail-light',
  'detail-dark',
  'discard-light',
  'audit-selected-dark',
  'reviews-light',
  'review-report-light',
] as const;

const run = spawnSync('npx', ['playwright', 'test', '--config', 'test/playwright.config.ts', 'views.spec.ts', 'audit-views.spec.ts', 'settings.spec.ts', 'pull.spec.ts', 'reviews.spec.ts', '-g', '(light|dark) theme|10-key review'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);

mkdirSync(DOCS, { recursive: true });
for (const name of DOC_SCREENSHOTS) copyFileSync(`${SCREENSHOT_DIR}${name}.png`, `${DOCS}${name}.png`);
console.log(`copied ${DOC_SCREENSHOTS.length} screenshots to docs/screenshots/`);
