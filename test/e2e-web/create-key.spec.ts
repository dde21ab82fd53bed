/**
 * Creating keys in the UI against main's real store: Full, Restricted with chosen levels, Billing,
 * validation errors next to their fields, the 100-key limit, and the whole flow by keyboard.
 */
import { LIMIT_MESSAGE } from '../../main/core/grant.ts';
import { BILLING_SCOPES, FULL_ACCESS_SCOPES, scopesForLevels } from '../../common/permissions.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedManyKeys } from './keys-page.ts';

const idOf = (apiKey: string): string => apiKey.split('.')[1] ?? '';

test('creates a Full Access key: listed as Full, stored with the Full Access scope set', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  await expect(ui.accessOption('Full Access')).toBeChecked();
  const key = await ui.createKey('CI deploy');
  await ui.closeReveal();

  await expect(ui.row('CI deploy')).toContainText(idOf(key));
  await expect(ui.row('CI deploy').getByRole('button', { name: 'Full', exact: true })).toBeVisible();
  await expect(ui.counter).toHaveText('1 of 100 keys');
  const stored = keydesk.main.store.keys.find(idOf(key));
  expect(stored).toMatchObject({ name: 'CI deploy', access_type: 'full', scopes: FULL_ACCESS_SCOPES });
});

test('creates a Restricted key from chosen levels: the stored scopes are exactly the catalog sets', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  await ui.chooseAccess('Restricted Access');
  // Only the levels a category offers: Stats has no Full, Marketing Campaigns no Read; no Billing row.
  await expect(ui.levels('Stats').getByRole('radio')).toHaveText(['No Access', 'Read Access']);
  await expect(ui.levels('Marketing Campaigns').getByRole('radio')).toHaveText(['No Access', 'Full Access']);
  await expect(ui.levels('Billing')).toHaveCount(0);
  await expect(ui.dialog.getByText('Includes: Mail Send, Scheduled Sends')).toBeVisible();

  await ui.setLevel('Mail Send', 'Full Access');
  await ui.setLevel('Stats', 'Read Access');
  await ui.setLevel('Template Engine', 'Read Access');
  const key = await ui.createKey('Production mailer');
  await ui.closeReveal();

  const expected = scopesForLevels({ mail_send: 'full', stats: 'read', template_engine: 'read' });
  expect(keydesk.main.store.keys.find(idOf(key))).toMatchObject({ access_type: 'restricted', scopes: expected });
  await expect(ui.row('Production mailer').getByRole('button', { name: 'Restricted' })).toBeVisible();
});

test('creates a Restricted key scope by scope in the advanced view, including a scope no category covers', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  await ui.chooseAccess('Restricted Access');
  await ui.dialog.getByRole('tab', { name: 'Individual scopes' }).click();
  const picker = ui.dialog.getByRole('tabpanel');
  await picker.getByRole('checkbox', { name: 'mail.send', exact: true }).check();
  await picker.getByRole('checkbox', { name: 'teammates.read', exact: true }).check();
  // SendGrid's own scopes are listed but cannot be picked.
  await expect(picker.getByRole('checkbox', { name: /^2fa_required/ })).toBeDisabled();
  // The matrix reads the picked scopes back: part of Mail Send is "Custom".
  await ui.dialog.getByRole('tab', { name: 'By category' }).click();
  await expect(ui.levels('Mail Send').getByRole('radio', { name: 'Custom' })).toBeChecked();

  const key = await ui.createKey('Scoped by hand');
  await ui.closeReveal();
  expect(keydesk.main.store.keys.find(idOf(key))?.scopes).toEqual(['mail.send', 'teammates.read']);
});

test('creates a Billing key: only billing permissions are offered, and only billing scopes are stored', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  await ui.chooseAccess('Billing Access');
  await expect(ui.dialog.getByRole('radiogroup')).toHaveCount(3); // the expiry, the access type, and Billing
  await expect(ui.levels('Billing').getByRole('radio')).toHaveText(['Read Access', 'Full Access']);
  await expect(ui.levels('Mail Send')).toHaveCount(0);

  const key = await ui.createKey('Finance exports');
  await ui.closeReveal();
  expect(keydesk.main.store.keys.find(idOf(key))).toMatchObject({ access_type: 'billing', scopes: BILLING_SCOPES });
  await expect(ui.row('Finance exports').getByRole('button', { name: 'Billing' })).toBeVisible();
});

test('errors from main appear next to the field they name, and nothing typed is lost', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  const before = snapshot(keydesk.main.store);
  await ui.openCreate();
  await ui.chooseAccess('Restricted Access');
  await ui.setLevel('Alerts', 'Read Access');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();

  const name = ui.dialog.getByLabel('API key name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  // The form's own words; SendGrid's "missing required argument" is what the API answers.
  await expect(name).toHaveAccessibleDescription('Enter a name for the key');
  await expect(name).toBeFocused();
  // The rest of the form is as the user left it, and nothing was written.
  await expect(ui.levels('Alerts').getByRole('radio', { name: 'Read Access' })).toBeChecked();
  expect(snapshot(keydesk.main.store)).toEqual(before);

  // A Restricted key with no permission at all: the error sits with the permissions.
  await name.fill('Nothing chosen');
  await ui.setLevel('Alerts', 'No Access');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.dialog.getByRole('region', { name: 'Permissions' }).getByRole('alert')).toHaveText('choose at least one permission');
  await expect(name).toHaveValue('Nothing chosen');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  expect(snapshot(keydesk.main.store)).toEqual(before);

  await ui.setLevel('Alerts', 'Full Access');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.revealedKey).toBeVisible();
});

test('at 100 keys Create is disabled with the reason; a key created meanwhile elsewhere is refused with SendGrid\'s message', async ({ keydesk }) => {
  seedManyKeys(keydesk.main, 99);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await expect(ui.counter).toHaveText('99 of 100 keys');

  // The form is open when another client (the CLI, here main's service) takes the last slot.
  await ui.openCreate();
  await ui.dialog.getByLabel('API key name').fill('One too many');
  seedManyKeys(keydesk.main, 1);
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.dialog.getByRole('alert')).toHaveText(LIMIT_MESSAGE);
  await expect(ui.dialog.getByLabel('API key name')).toHaveValue('One too many');
  expect(keydesk.main.store.keys.countIssued(1)).toBe(100);
  // What was typed is asked about before it goes.
  await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alertdialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();

  await expect(ui.counter).toHaveText('100 of 100 keys');
  const reason = 'This account has 100 of 100 keys, SendGrid\'s limit. Delete a key to create another.';
  await expect(ui.createButton).toHaveAttribute('aria-disabled', 'true');
  await expect(ui.createButton).toHaveAccessibleDescription(reason);
  await expect(page.getByText(reason)).toBeVisible();
  // aria-disabled keeps the button focusable and its reason readable; Playwright would wait for it to enable.
  await ui.createButton.click({ force: true });
  await expect(ui.dialog).toHaveCount(0);
  await page.keyboard.press('Control+n');
  await expect(ui.dialog).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: reason })).toBeVisible();
});

test('keyboard only: Ctrl+N, name, expiry, Restricted levels, create, copy, close; focus stays in the dialog and comes back', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await page.keyboard.press('Control+n');
  await expect(ui.dialog).toBeVisible();
  await expect(ui.dialog.getByLabel('API key name')).toBeFocused();
  await page.keyboard.type('Keyboard key');

  const expiry = ui.dialog.getByRole('radiogroup', { name: 'Expiry' });
  await page.keyboard.press('Tab'); // the expiry choices, at the checked one
  await expect(expiry.getByRole('radio', { name: 'No expiry' })).toBeFocused();
  await ui.arrowTo('ArrowRight', expiry.getByRole('radio', { name: '30 days' }));
  await expect(expiry.getByRole('radio', { name: '30 days' })).toBeChecked();
  await page.keyboard.press('Tab'); // the access type group, at its checked option
  await expect(ui.accessOption('Full Access')).toBeFocused();
  await ui.arrowTo('ArrowRight', ui.accessOption('Restricted Access'));
  await expect(ui.accessOption('Restricted Access')).toBeChecked();
  await ui.tabTo('No Access'); // API Keys, the first category
  await ui.arrowTo('ArrowRight', ui.levels('API Keys').getByRole('radio', { name: 'Read Access' }));
  await expect(ui.levels('API Keys').getByRole('radio', { name: 'Read Access' })).toBeChecked();
  await ui.tabTo('Create & View');
  await page.keyboard.press('Enter');

  await expect(ui.revealedKey).toBeVisible();
  const key = (await ui.revealedKey.textContent()) ?? '';
  await expect(ui.dialog.getByRole('button', { name: 'Copy' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.dialog.getByText('Copied. The clipboard clears in 60 s.')).toBeVisible();
  expect(keydesk.main.clipboardWrites.map(([text, seconds]) => [text === key, seconds])).toEqual([[true, 60]]);

  // Focus is trapped: many Tabs later it is still inside; Escape does not drop the key.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await ui.focusInDialog()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(ui.revealedKey).toBeVisible();
  await ui.tabTo("I've stored it");
  await page.keyboard.press('Enter');

  await expect(ui.dialog).toHaveCount(0);
  await expect(ui.search).toBeFocused();
  expect(keydesk.main.store.keys.find(idOf(key))).toMatchObject({ scopes: ['api_keys.read'], expires_at: '2026-02-14T09:00:00.000Z' });
});

test('the application menu\'s New key (Ctrl/Cmd+N in Electron) opens the create form', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await keydesk.emit('menu:command', { command: 'new-key' });
  await expect(ui.dialog.getByRole('heading', { name: 'Create API key' })).toBeVisible();
  await expect(ui.dialog.getByLabel('API key name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ui.dialog).toHaveCount(0);
});
