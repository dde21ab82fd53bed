/**
 * Selecting many keys (click, Shift+click ranges, Ctrl/Cmd+click, select all matching, and the
 * keyboard) and acting on them at once: a confirmation stating the count, one transaction in
 * main's real store with an audit entry per key, and a per-key result, including the batch a key
 * deleted meanwhile stops (nothing changes; the result names it; the rest can then go).
 */
import { expect, test, type KeydeskFixture } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

/** Eight keys, shown by name (A→Z) so ranges are predictable. */
async function openEight(keydesk: KeydeskFixture) {
  const keys = seedKeys(
    keydesk.main,
    Array.from({ length: 8 }, (_, i) => ({ name: `svc ${i + 1}`, scopes: ['mail.send'] })),
  );
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await ui.table.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await expect(ui.table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  return { keys, page, ui, box: (n: number) => page.getByRole('checkbox', { name: `Select svc ${n}` }) };
}

test('selects with a click, a Shift+click range and a Ctrl+click on a row, then disables them after a confirmation stating the count', async ({ keydesk }) => {
  const { keys, page, ui, box } = await openEight(keydesk);
  const bar = page.getByRole('region', { name: 'Selected keys' });

  await box(2).click();
  await box(5).click({ modifiers: ['Shift'] });
  await ui.row('svc 7').getByRole('cell', { name: 'svc 7', exact: true }).click({ modifiers: ['Control'] });
  await expect(bar.getByRole('status')).toHaveText('5 keys selected');
  for (const n of [2, 3, 4, 5, 7]) await expect(box(n)).toBeChecked();
  for (const n of [1, 6, 8]) await expect(box(n)).not.toBeChecked();

  await bar.getByRole('button', { name: 'Disable' }).click();
  await expect(ui.alertDialog.getByRole('heading', { name: 'Disable 5 keys?' })).toBeVisible();
  await expect(ui.alertDialog.getByRole('list', { name: 'Keys' })).toContainText('svc 2');
  const auditBefore = keydesk.main.store.audit.list({ accountId: 1 }).length;
  await ui.alertDialog.getByRole('button', { name: 'Disable 5 keys' }).click();

  // All five worked: the dialog closes with one notice, no result table to close.
  await expect(ui.alertDialog).toHaveCount(0);
  await expect(ui.notices).toHaveText(['Disabled: 5 keys.']);

  await expect(bar).toHaveCount(0);
  for (const n of [2, 3, 4, 5, 7]) await expect(ui.row(`svc ${n}`).getByRole('cell').nth(4)).toHaveText('Disabled');
  await expect(ui.row('svc 6').getByRole('cell').nth(4)).toHaveText('Active');
  for (const [i, key] of keys.entries()) {
    expect(keydesk.main.verifier.verify(key.api_key).ok, key.name).toBe(![1, 2, 3, 4, 6].includes(i));
  }
  // One audit entry per key, one after the other: the batch was one transaction.
  const added = keydesk.main.store.audit.list({ accountId: 1 }).slice(auditBefore);
  expect(added.map((e) => `${e.action} ${e.via}`)).toEqual(Array(5).fill('key.disable app'));
  expect(new Set(added.map((e) => e.at)).size).toBe(1);
});

test('"select all matching" takes every key the filters show, and no other; they are enabled in one go', async ({ keydesk }) => {
  const { keys, page, ui, box } = await openEight(keydesk);
  keydesk.main.lifecycle.bulk(keydesk.main.owner(), { action: 'disable', api_key_ids: keys.slice(0, 3).map((k) => k.api_key_id) });
  await keydesk.emit('store:changed', { external: true });
  // Ticked, then hidden by the filter: it keeps its tick but is not acted on.
  await box(8).click();
  await ui.chooseFilter('Status', 'Disabled');
  await expect(ui.dataRows()).toHaveCount(3);

  await page.getByRole('checkbox', { name: 'Select all 3 matching keys' }).click();
  const bar = page.getByRole('region', { name: 'Selected keys' });
  await expect(bar.getByRole('status')).toHaveText('3 keys selected');
  await bar.getByRole('button', { name: 'Enable' }).click();
  await expect(ui.alertDialog.getByRole('heading', { name: 'Enable 3 keys?' })).toBeVisible();
  await ui.alertDialog.getByRole('button', { name: 'Enable 3 keys' }).click();
  await expect(ui.notices).toHaveText(['Enabled: 3 keys.']);

  for (const key of keys) expect(keydesk.main.verifier.verify(key.api_key).ok, key.name).toBe(true);
  expect(keydesk.main.store.audit.list({ accountId: 1 }).filter((e) => e.action === 'key.enable')).toHaveLength(3);

  await ui.chooseFilter('Status', 'All');
  await expect(box(8)).toBeChecked();
  await expect(page.getByRole('region', { name: 'Selected keys' }).getByRole('status')).toHaveText('1 key selected');
});

test('the keyboard alone: Space ticks, Shift+Space extends, arrows move, Ctrl+A ticks all matching, Escape clears', async ({ keydesk }) => {
  const { page, box } = await openEight(keydesk);
  const selected = page.getByRole('region', { name: 'Selected keys' }).getByRole('status');

  await box(1).focus();
  await page.keyboard.press('Space');
  await expect(box(1)).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(box(3)).toBeFocused();
  await page.keyboard.press('Shift+Space');
  await expect(selected).toHaveText('3 keys selected');
  await page.keyboard.press('ArrowUp');
  await expect(box(2)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(selected).toHaveCount(0);
  await page.keyboard.press('Control+a');
  await expect(selected).toHaveText('8 keys selected');
  await expect(page.getByRole('checkbox', { name: 'Unselect all keys' })).toBeChecked();
});

test('a key deleted meanwhile stops the whole batch: nothing changes, the result names it and why, and the others can go', async ({ keydesk }) => {
  const { main } = keydesk;
  const keys = seedKeys(main, [{ name: 'alpha' }, { name: 'bravo' }, { name: 'charlie' }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await page.getByRole('checkbox', { name: 'Select all 3 matching keys' }).click();
  await page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Delete' }).click();
  await expect(ui.alertDialog.getByRole('heading', { name: 'Delete 3 keys?' })).toBeVisible();
  await expect(ui.alertDialog).toContainText('This cannot be undone.');
  // Another client deletes one of them while the confirmation is open.
  main.keys.remove(main.owner('default', 'cli'), keys[1]!.api_key_id);
  await ui.alertDialog.getByRole('button', { name: 'Delete 3 keys' }).click();

  await expect(ui.alertDialog.getByRole('heading', { name: 'Nothing was changed' })).toBeVisible();
  await expect(ui.alertDialog).toContainText('1 of the 3 keys could not be changed, so none was.');
  const results = ui.alertDialog.getByRole('table', { name: 'Result per key' });
  await expect(results.getByRole('row').filter({ hasText: 'bravo' })).toContainText('Failed: unable to find API Key');
  await expect(results.getByRole('row').filter({ hasText: 'alpha' })).toContainText('Not changed');
  expect(main.verifier.verify(keys[0]!.api_key).ok).toBe(true);
  expect(main.verifier.verify(keys[2]!.api_key).ok).toBe(true);

  await ui.alertDialog.getByRole('button', { name: 'Delete the other 2 keys' }).click();
  await expect(ui.alertDialog).toHaveCount(0);
  await expect(ui.notices.filter({ hasText: 'Deleted: 2 keys.' })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'No API keys yet' })).toBeVisible();
  for (const key of keys) expect(main.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'deleted' });
  expect(main.store.audit.list({ accountId: 1 }).filter((e) => e.action === 'key.delete').map((e) => e.via)).toEqual(['cli', 'app', 'app']);
});

test('sets the expiry of many keys; a key that already had it is reported unchanged', async ({ keydesk }) => {
  const { main } = keydesk;
  const keys = seedKeys(main, [{ name: 'one' }, { name: 'two' }]);
  const in30 = new Date(main.clock.now().getTime() + 30 * 86_400_000).toISOString();
  main.lifecycle.setExpiry(main.owner(), keys[0]!.api_key_id, in30);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await page.getByRole('checkbox', { name: 'Select all 2 matching keys' }).click();
  await page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Set expiry' }).click();
  await expect(ui.alertDialog.getByRole('heading', { name: 'Set the expiry of 2 keys' })).toBeVisible();
  await ui.alertDialog.getByRole('radiogroup', { name: 'New expiry' }).getByRole('radio', { name: '30 days' }).click();
  await ui.alertDialog.getByRole('button', { name: 'Set the expiry of 2 keys' }).click();
  await expect(ui.alertDialog).toHaveCount(0);
  await expect(ui.notices).toHaveText(['Expiry set: 1 key. 1 key was already set to this expiry.']);
  for (const key of keys) expect(main.store.keys.find(key.api_key_id)?.expires_at).toBe(in30);
});
