/**
 * Editing and deleting keys in the UI against main's real store: rename (PATCH), change permissions
 * (PUT with the full scope set, untouched "Custom" categories kept exactly), and delete, after
 * which main's verifier rejects the key.
 */
import { levelsOfScopes, scopesForLevels } from '../../common/permissions.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

test('renames a key: the row shows the new name, the scopes stay, the audit log records a rename', async ({ keydesk }) => {
  const [key] = seedKeys(keydesk.main, [{ name: 'Staging mailer', scopes: scopesForLevels({ mail_send: 'full' }) }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await ui.openRowAction('Staging mailer', 'Edit');
  await expect(ui.dialog.getByRole('heading', { name: 'Edit API key' })).toBeVisible();
  await expect(ui.dialog).toContainText(`API Key ID ${key!.api_key_id}`);
  await expect(ui.levels('Mail Send').getByRole('radio', { name: 'Full Access' })).toBeChecked();
  await ui.dialog.getByLabel('API key name').fill('Production mailer');
  await ui.dialog.getByRole('button', { name: 'Save' }).click();

  await expect(ui.dialog).toHaveCount(0);
  await expect(ui.row('Production mailer')).toContainText(key!.api_key_id);
  await expect(ui.row('Staging mailer')).toHaveCount(0);
  // Focus returns to the row's action button the dialog was opened from.
  await expect(page.getByRole('button', { name: 'Actions for Production mailer' })).toBeFocused();
  const stored = keydesk.main.store.keys.find(key!.api_key_id);
  expect(stored).toMatchObject({ name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full' }) });
  expect(keydesk.main.store.audit.list({ accountId: 1 }).map((entry) => entry.action)).toEqual(['key.create', 'key.rename']);
});

test('the edit dialog never shows a secret, and a bad name is reported at the name with nothing lost', async ({ keydesk }) => {
  const [key] = seedKeys(keydesk.main, [{ name: 'Reports', scopes: ['stats.read'] }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await ui.openRowAction('Reports', 'Edit');
  await expect(ui.dialog.getByLabel('API key name')).toHaveValue('Reports');
  expect((await ui.dialog.textContent())?.includes(key!.api_key.split('.')[2]!)).toBe(false);

  const before = snapshot(keydesk.main.store);
  await ui.dialog.getByLabel('API key name').fill('x'.repeat(101));
  await ui.setLevel('Alerts', 'Read Access');
  await ui.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(ui.dialog.getByLabel('API key name')).toHaveAccessibleDescription('name must be at most 100 characters');
  await expect(ui.levels('Alerts').getByRole('radio', { name: 'Read Access' })).toBeChecked();
  expect(snapshot(keydesk.main.store)).toEqual(before);
});

test('changes permissions with PUT semantics: a "Custom" category the user leaves alone keeps its exact scopes', async ({ keydesk }) => {
  // Mail Send holds part of its Full set (a shape no level produces); Stats is at Read; one scope is outside every category.
  const custom = ['mail.send', 'mail.batch.read'];
  const scopes = [...custom, ...scopesForLevels({ stats: 'read' }), 'teammates.read'];
  const [key] = seedKeys(keydesk.main, [{ name: 'Legacy integration', scopes }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  // The list says what the key really holds, as the edit form will.
  await ui.row('Legacy integration').getByRole('button', { name: 'Restricted' }).hover();
  const summary = page.getByRole('tooltip');
  await expect(summary).toContainText('Mail SendCustom');
  await expect(summary).toContainText('StatsRead');
  await expect(summary).toContainText('Other scopes1');

  await ui.openRowAction('Legacy integration', 'Edit');
  await expect(ui.levels('Mail Send').getByRole('radio', { name: 'Custom' })).toBeChecked();
  await expect(ui.dialog.getByText('Custom: holds mail.batch.read, mail.send.')).toBeVisible();
  await expect(ui.levels('Stats').getByRole('radio', { name: 'Read Access' })).toBeChecked();

  await ui.setLevel('Stats', 'No Access');
  await ui.setLevel('Template Engine', 'Full Access');
  await ui.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(ui.dialog).toHaveCount(0);

  const stored = keydesk.main.store.keys.find(key!.api_key_id)!;
  expect(stored.scopes).toEqual([...custom, ...scopesForLevels({ template_engine: 'full' }), 'teammates.read'].sort());
  expect(levelsOfScopes(stored.scopes)).toMatchObject({ mail_send: 'custom', stats: 'none', template_engine: 'full' });
  expect(keydesk.main.store.audit.list({ accountId: 1 }).at(-1)?.action).toBe('key.update');

  // Changing the custom category, then choosing "Custom" again, puts its exact scopes back.
  await ui.openRowAction('Legacy integration', 'Edit');
  await ui.setLevel('Mail Send', 'Full Access');
  await ui.setLevel('Mail Send', 'Custom');
  await ui.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(ui.dialog).toHaveCount(0);
  // Nothing changed, so nothing was written.
  expect(keydesk.main.store.audit.list({ accountId: 1 }).at(-1)?.action).toBe('key.update');
  expect(keydesk.main.store.audit.list({ accountId: 1 })).toHaveLength(2);
});

test('switches a key from Restricted to Full Access in the edit form', async ({ keydesk }) => {
  const [key] = seedKeys(keydesk.main, [{ name: 'Grows up', scopes: ['alerts.read'] }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await ui.openRowAction('Grows up', 'Edit');
  await ui.chooseAccess('Full Access');
  await ui.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(ui.row('Grows up').getByRole('button', { name: 'Full', exact: true })).toBeVisible();
  expect(keydesk.main.store.keys.find(key!.api_key_id)?.access_type).toBe('full');
});

test('deletes a key after a confirmation naming it: the row goes and verify rejects the key', async ({ keydesk }) => {
  const [doomed, kept] = seedKeys(keydesk.main, [{ name: 'Leaked key' }, { name: 'Keeper' }]);
  expect(keydesk.main.verifier.verify(doomed!.api_key).ok).toBe(true);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  // Cancel first: nothing happens and focus goes back to the row's menu button.
  await ui.openRowAction('Leaked key', 'Delete');
  await expect(ui.alertDialog.getByRole('heading', { name: 'Delete “Leaked key”?' })).toBeVisible();
  await expect(ui.alertDialog).toContainText('Once you delete a key, it can no longer be used to access SendGrid’s services.');
  await expect(ui.alertDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Actions for Leaked key' })).toBeFocused();
  expect(keydesk.main.verifier.verify(doomed!.api_key).ok).toBe(true);

  // Then by keyboard alone: open the menu, choose Delete, confirm.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await ui.arrowTo('End', page.getByRole('menuitem', { name: 'Delete' }));
  await page.keyboard.press('Enter');
  await ui.tabTo('Delete key');
  await page.keyboard.press('Enter');

  await expect(ui.alertDialog).toHaveCount(0);
  await expect(ui.row('Leaked key')).toHaveCount(0);
  await expect(ui.row('Keeper')).toBeVisible();
  await expect(ui.counter).toHaveText('1 of 100 keys');
  await expect(ui.search).toBeFocused();
  expect(keydesk.main.verifier.verify(doomed!.api_key)).toMatchObject({ ok: false, reason: 'deleted' });
  expect(keydesk.main.verifier.verify(kept!.api_key).ok).toBe(true);
});
