/**
 * An access review in the app, by keyboard alone: 10 keys, each decided from its row (K, R with
 * the permission editor, D, Delete with its confirmation), a note typed on the way, the filter on
 * undecided keys, the close, and the report saved as HTML and as PDF (Chromium's print-to-PDF).
 * The report, opened in Chromium, passes axe and is screenshotted in light and print styles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { scopesForLevels } from '../../common/permissions.ts';
import { AppPages } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { cliFor } from '../helpers/cli.ts';
import { KeysPage, seedKeys } from './keys-page.ts';
import { checkView, SCREENSHOT_DIR, seriousViolations } from './views.ts';

/** Focus, then Enter: a button pressed from the keyboard. */
async function press(button: Locator): Promise<void> {
  await button.focus();
  await button.press('Enter');
}

const row = (page: Page, name: string) => page.locator('.review-row', { has: page.locator('.review-row__name', { hasText: new RegExp(`^${name}$`) }) });

test('a 10-key review walked by keyboard alone, closed, and its report saved as HTML and PDF', async ({ keydesk }) => {
  const main = keydesk.main;
  // A second apart, so the review lists them in this order (oldest first).
  const ids = Array.from({ length: 10 }, (_, i) => {
    main.clock.advance(1000);
    const scopes = i === 0 ? undefined : scopesForLevels({ mail_send: 'full', stats: 'read' });
    return seedKeys(main, [{ name: `service ${i + 1}`, ...(scopes ? { scopes } : {}) }])[0]!.api_key_id;
  });
  main.annotations.annotate(main.owner(), ids.slice(0, 8), { owner: 'ops@example.com', purpose: 'Order mail', add_tags: ['prod'] });
  const page = await keydesk.open();
  const ui = new AppPages(page);
  const keys = new KeysPage(page);

  await press(ui.nav.getByRole('button', { name: 'Reviews' }));
  await expect(ui.heading('Access reviews')).toBeVisible();
  await press(page.getByRole('button', { name: 'Start a review' }));
  await expect(page.getByText('0 of 10 keys decided')).toBeVisible();
  await checkView(page, 'reviews', 'light');

  // The first row takes focus from the keyboard; K keeps it and focus moves on.
  // The rows follow the review's buttons in the tab order, as one tab stop.
  await page.getByRole('button', { name: 'Close review' }).focus();
  await page.keyboard.press('Tab');
  await expect(row(page, 'service 1')).toBeFocused();
  // N goes to the row's note; Shift+Tab comes back; the note goes with the decision.
  await page.keyboard.press('n');
  await page.keyboard.type('the shop still sends with it');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('k');
  await expect(row(page, 'service 1')).toContainText('Keep');
  await expect(row(page, 'service 2')).toBeFocused();

  // R: the permission editor opens; Stats goes from Read to No Access; Save records Reduce.
  await page.keyboard.press('r');
  await expect(keys.dialog.getByRole('heading', { name: 'Edit API key' })).toBeVisible();
  await keys.levels('Stats').getByRole('radio', { name: 'Read Access' }).focus();
  await keys.arrowTo('ArrowLeft', keys.levels('Stats').getByRole('radio', { name: 'No Access' }));
  await press(keys.dialog.getByRole('button', { name: 'Save' }));
  await expect(keys.dialog).toHaveCount(0);
  await expect(row(page, 'service 2')).toContainText('Reduce');

  // D disables the third key; Delete asks first, and Enter on its button deletes the fourth.
  await row(page, 'service 3').focus();
  await page.keyboard.press('d');
  await expect(row(page, 'service 3')).toContainText('Disable');
  await expect(row(page, 'service 4')).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(keys.alertDialog).toBeVisible();
  await press(keys.alertDialog.getByRole('button', { name: 'Delete key' }));
  await expect(keys.alertDialog).toHaveCount(0);
  await expect(row(page, 'service 4')).toContainText('Delete');

  // Close is refused while keys are undecided.
  await press(page.getByRole('button', { name: 'Close review' }));
  await expect(page.getByText('6 keys still need a decision.')).toBeVisible();

  // Only the undecided keys: each K takes one away, and focus stays on the next.
  await press(page.getByRole('button', { name: 'Only undecided (6)' }));
  await expect(page.locator('.review-row')).toHaveCount(6);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(row(page, 'service 5')).toBeFocused();
  for (let left = 6; left > 0; left--) {
    await expect(page.locator('.review-row')).toHaveCount(left);
    await page.keyboard.press('k');
  }
  await expect(page.getByText('10 of 10 keys decided')).toBeVisible();
  await press(page.getByRole('button', { name: 'Close review' }));
  await expect(page.getByRole('button', { name: 'Save report (HTML)' })).toBeVisible();

  // What the app did is what the store holds: decisions, the disabled and deleted keys, the log.
  const review = main.reviews.get(main.owner(), 1);
  expect(review.items.map((i) => i.decision)).toEqual(['keep', 'reduce', 'disable', 'delete', 'keep', 'keep', 'keep', 'keep', 'keep', 'keep']);
  expect(review.items[0]!.note).toBe('the shop still sends with it');
  expect(main.keys.get(main.owner(), ids[2]!).disabled_at).not.toBeNull();
  expect(main.keys.list(main.owner()).map((k) => k.api_key_id)).not.toContain(ids[3]);
  expect(main.store.audit.list({ action: 'review.decide' })).toHaveLength(10);

  // The report, saved as HTML and as PDF where the (scripted) dialog says.
  const html = join(main.dir, 'review-1.html');
  const pdf = join(main.dir, 'review-1.pdf');
  main.dialogAnswers.push(html);
  await press(page.getByRole('button', { name: 'Save report (HTML)' }));
  await expect(page.getByText(`Saved the report to ${html}.`)).toBeVisible();
  main.dialogAnswers.push(pdf);
  await press(page.getByRole('button', { name: 'Save as PDF' }));
  await expect(page.getByText(`Saved the report to ${pdf}.`)).toBeVisible();
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  expect(main.store.audit.list({ action: 'review.report' }).map((e) => (e.after as { format: string }).format)).toEqual(['html', 'pdf']);

  // The report in Chromium: accessible, and as it looks on screen and on paper.
  const report = await page.context().newPage();
  await report.goto(`file://${html}`);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Access review 1: account default');
  await expect(report.getByRole('img', { name: /Decisions per access type/ })).toBeVisible();
  expect(await seriousViolations(report), 'axe on the report').toEqual([]);
  await report.screenshot({ path: `${SCREENSHOT_DIR}review-report-light.png`, fullPage: true });
  await report.emulateMedia({ media: 'print' });
  expect(await seriousViolations(report), 'axe on the report in print').toEqual([]);
  await report.screenshot({ path: `${SCREENSHOT_DIR}review-report-print.png`, fullPage: true });
  await report.close();
});

test('the rotation period and the owners who have left, set in Settings, are what a review judges by', async ({ keydesk }) => {
  const main = keydesk.main;
  const [gone, stale] = seedKeys(main, [{ name: 'gone owner', scopes: ['mail.send'] }, { name: 'stale', scopes: ['mail.send'] }]).map((k) => k.api_key_id);
  main.annotations.annotate(main.owner(), [gone!], { owner: 'leaver@example.com' });
  main.annotations.annotate(main.owner(), [stale!], { owner: 'ops@example.com' });
  await keydesk.advanceClock(40 * 86_400_000);
  const page = await keydesk.open();
  const ui = new AppPages(page);

  await ui.goTo('Settings');
  const panel = page.getByRole('region', { name: 'Reviews' });
  await panel.getByLabel('Rotation period').fill('abc');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Rotation period must be a whole number');
  await panel.getByLabel('Rotation period').fill('30');
  await panel.getByLabel('Owners who have left').fill('Leaver@Example.com');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('status')).toHaveText('Saved.');
  expect(main.dialogRequests).toEqual([]);

  await ui.goTo('Reviews');
  await page.getByRole('button', { name: 'Start a review' }).click();
  await expect(row(page, 'gone owner')).toContainText('Owner has left, Not rotated');
  await expect(row(page, 'stale')).toContainText('Not rotated');
  expect(main.reviews.get(main.owner()).policy).toEqual({ rotationDays: 30, departedOwners: ['leaver@example.com'] });
});

test('a key’s owner, purpose and tags are set in its detail panel; a bad owner is refused under its field', async ({ keydesk, page }) => {
  const main = keydesk.main;
  const [key] = seedKeys(main, [{ name: 'Order mail', scopes: ['mail.send'] }]);
  await keydesk.open();
  const keys = new KeysPage(page);
  await keys.row(/^Order mail/).locator('.col--created_at').click();
  const owner = page.getByRole('dialog', { name: 'Order mail' }).getByRole('region', { name: 'Owner and purpose' });
  await owner.getByLabel('Owner', { exact: true }).fill('bob');
  await owner.getByRole('button', { name: 'Save owner and purpose' }).click();
  await expect(owner.getByRole('alert')).toContainText('owner must be an email address');
  expect(main.annotations.get(main.owner(), key!.api_key_id).owner).toBeNull();

  await owner.getByLabel('Owner', { exact: true }).fill('Ops@Example.com');
  await owner.getByLabel('Purpose', { exact: true }).fill('Order confirmations');
  await owner.getByLabel('Tags', { exact: true }).fill('prod mail');
  await owner.getByRole('button', { name: 'Save owner and purpose' }).click();
  await expect(owner.getByLabel('Owner', { exact: true })).toHaveValue('ops@example.com');
  expect(main.annotations.get(main.owner(), key!.api_key_id)).toEqual({ owner: 'ops@example.com', purpose: 'Order confirmations', tags: ['mail', 'prod'] });
  expect(main.store.audit.list({ action: 'key.annotate' }).map((e) => e.via)).toEqual(['app']);
});

test('three ticked keys get an owner in one go from the bulk bar; each detail panel shows it, and its History follows an annotation at once', async ({ keydesk, page }) => {
  const main = keydesk.main;
  const seeded = seedKeys(main, ['Order mail', 'Stats reader', 'Webhook', 'Untouched'].map((name) => ({ name, scopes: ['mail.send'] })));
  const ids = new Map(seeded.map((key) => [key.name, key.api_key_id]));
  await keydesk.open();
  const keys = new KeysPage(page);
  const chosen = ['Order mail', 'Stats reader', 'Webhook'];
  for (const name of chosen) await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  const bar = page.getByRole('region', { name: 'Selected keys' });
  await expect(bar.getByRole('status')).toHaveText('3 keys selected');

  await bar.getByRole('button', { name: 'Set owner…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set the owner of 3 keys' });
  await expect(dialog.getByRole('list', { name: 'Keys' })).toContainText('Stats reader');
  // Nothing filled in: refused under the first field, nothing asked of main.
  await dialog.getByRole('button', { name: 'Set on 3 keys' }).click();
  await expect(dialog.getByRole('alert')).toContainText('give an owner, a purpose or tags to add');
  expect(main.handlerCalls).not.toContain('keys:annotate');
  await dialog.getByLabel('Owner', { exact: true }).fill('Ops@Example.com');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByLabel('Purpose', { exact: true }).fill('Order confirmations');
  await dialog.getByLabel('Tags to add', { exact: true }).fill('prod');
  await checkView(page, 'bulk-annotate', 'light');
  await dialog.getByRole('button', { name: 'Set on 3 keys' }).click();

  // One call, one notice, the selection cleared, like the other bulk actions.
  await expect(dialog).toHaveCount(0);
  await expect(keys.notices).toHaveText(['Owner, purpose or tags set: 3 keys.']);
  await expect(bar).toHaveCount(0);
  expect(main.handlerCalls.filter((channel) => channel === 'keys:annotate')).toHaveLength(1);
  expect(main.store.audit.list({ action: 'key.annotate' }).map((e) => `${e.key_id} ${e.via}`).sort()).toEqual(chosen.map((name) => `${ids.get(name)} app`).sort());

  // Read back through the same IPC the app uses: the three have it, the fourth has nothing.
  const wire = await page.evaluate(() => window.keydesk.keys.annotations({ account: 'default' }));
  const annotations = JSON.parse(wire) as { ok: true; data: Record<string, unknown> };
  for (const name of chosen) expect(annotations.data[ids.get(name)!], name).toEqual({ owner: 'ops@example.com', purpose: 'Order confirmations', tags: ['prod'] });
  expect(annotations.data[ids.get('Untouched')!]).toBeUndefined();

  for (const name of chosen) {
    await keys.row(new RegExp(`^${name}`)).locator('.col--created_at').click();
    const panel = page.getByRole('dialog', { name });
    await expect(panel.getByRole('region', { name: 'Owner and purpose' }).getByLabel('Owner', { exact: true })).toHaveValue('ops@example.com');
    await expect(panel.getByRole('region', { name: 'History' }).locator('.history__action').first()).toHaveText('Owner, purpose or tags set');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
  }

  // An annotation leaves the key's updated_at alone; the open panel's History still shows it at once.
  await keys.row(/^Webhook/).locator('.col--created_at').click();
  const panel = page.getByRole('dialog', { name: 'Webhook' });
  const history = panel.getByRole('region', { name: 'History' }).locator('.history__entry');
  await expect(history).toHaveCount(2);
  const owner = panel.getByRole('region', { name: 'Owner and purpose' });
  await owner.getByLabel('Owner', { exact: true }).fill('hooks@example.com');
  await owner.getByRole('button', { name: 'Save owner and purpose' }).click();
  await expect(history).toHaveCount(3);
  await expect(history.first()).toContainText('Owner, purpose or tags set');
  await expect(history.first()).toContainText('hooks@example.com');
  expect(main.annotations.get(main.owner(), ids.get('Webhook')!).owner).toBe('hooks@example.com');
});

test('an owner set by the CLI shows in the open detail panel and its History at once; what is being typed there is kept', async ({ keydesk, page }) => {
  const main = keydesk.main;
  const [webhook] = seedKeys(main, [{ name: 'Webhook', scopes: ['mail.send'] }]);
  const cli = cliFor(main.path);
  await keydesk.open();
  const keys = new KeysPage(page);
  await keys.row(/^Webhook/).locator('.col--created_at').click();
  const panel = page.getByRole('dialog', { name: 'Webhook' });
  const form = panel.getByRole('region', { name: 'Owner and purpose' });
  const history = panel.getByRole('region', { name: 'History' }).locator('.history__entry');
  await expect(history).toHaveCount(1);

  // The CLI's annotation leaves updated_at alone; the panel follows the store's change anyway.
  expect((await cli(['keys', 'annotate', webhook!.api_key_id, '--owner', 'cli@example.com'])).code).toBe(0);
  await expect(form.getByLabel('Owner', { exact: true })).toHaveValue('cli@example.com');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText(/via cli/i);

  // Once the user types, a change from elsewhere updates the History but not the fields being edited.
  await form.getByLabel('Purpose', { exact: true }).fill('Delivery events');
  expect((await cli(['keys', 'annotate', webhook!.api_key_id, '--owner', 'other@example.com'])).code).toBe(0);
  await expect(history).toHaveCount(3);
  await expect(form.getByLabel('Purpose', { exact: true })).toHaveValue('Delivery events');
  await expect(form.getByLabel('Owner', { exact: true })).toHaveValue('cli@example.com');
});
