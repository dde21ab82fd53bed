/**
 * Accounts in the UI against main's real store: the switcher (each account's keys and count,
 * subusers under their parent, the choice remembered across a reload), the 100-key limit per
 * account, new / rename / delete (refused while keys exist unless the user confirms a forced delete
 * stating how many keys go), and the maximum key lifetime policy.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys, seedManyKeys } from './keys-page.ts';

const switcher = (page: Page) => page.locator('[data-account-switcher]');

async function switchTo(page: Page, name: string): Promise<void> {
  await switcher(page).click();
  await page.getByRole('menuitemradio', { name: new RegExp(`^${name} `) }).click();
  await expect(switcher(page)).toHaveAccessibleName(`Account: ${name}`);
}

test('the switcher lists accounts with their counts, subusers under their parent; switching shows that account\'s keys and is remembered', async ({ keydesk }) => {
  const { main } = keydesk;
  main.accounts.create(main.owner(), { name: 'Acme' });
  main.accounts.create(main.owner(), { name: 'Zeta' });
  main.accounts.create(main.owner(), { name: 'Acme EU', parent: 'Acme' });
  seedKeys(main, [{ name: 'default mailer' }, { name: 'default stats', scopes: ['stats.read'] }]);
  main.keys.create(main.owner('Acme EU'), { name: 'eu mailer' });
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await expect(ui.counter).toHaveText('2 of 100 keys');

  await switcher(page).click();
  const items = page.getByRole('menuitemradio');
  await expect(items).toHaveText(['default2 of 100 keys', 'Acme0 of 100 keys', 'Acme EU1 of 100 keys, subuser of Acme', 'Zeta0 of 100 keys']);
  await expect(items.first()).toBeChecked();
  await items.nth(2).click();

  await expect(switcher(page)).toHaveAccessibleName('Account: Acme EU');
  await expect(switcher(page)).toContainText('subuser of Acme');
  expect(await ui.names()).toEqual(['eu mailer']);
  await expect(ui.counter).toHaveText('1 of 100 keys');
  expect(await main.handlers['settings:get'](undefined)).toMatchObject({ lastAccount: 'Acme EU' });

  // A key created now goes to the account shown.
  await ui.openCreate();
  await ui.createKey('eu stats');
  await ui.closeReveal();
  const eu = main.store.accounts.byName('Acme EU')!;
  expect(main.store.keys.listLive(eu.id).map((k) => k.name).sort()).toEqual(['eu mailer', 'eu stats']);
  expect(main.store.keys.listLive(1).map((k) => k.name).sort()).toEqual(['default mailer', 'default stats']);

  await page.reload();
  await expect(switcher(page)).toHaveAccessibleName('Account: Acme EU');
  await expect(ui.dataRows()).toHaveCount(2);
});

test('the 100-key limit is per account: a full account blocks Create, another account next to it does not', async ({ keydesk }) => {
  const { main } = keydesk;
  main.accounts.create(main.owner(), { name: 'Marketing' });
  seedManyKeys(main, 100);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await expect(ui.counter).toHaveText('100 of 100 keys');
  await expect(ui.createButton).toHaveAttribute('aria-disabled', 'true');

  await switchTo(page, 'Marketing');
  await expect(ui.counter).toHaveText('0 of 100 keys');
  await expect(ui.createButton).toHaveAttribute('aria-disabled', 'false');
  await ui.createButton.click();
  await ui.createKey('first marketing key');
  await ui.closeReveal();
  await expect(ui.counter).toHaveText('1 of 100 keys');

  await switchTo(page, 'default');
  await expect(ui.counter).toHaveText('100 of 100 keys');
  await expect(page.getByText("This account has 100 of 100 keys, SendGrid's limit.")).toBeVisible();
});

test('creates, renames and deletes an account; an account with keys goes only by a forced delete that states how many keys go', async ({ keydesk }) => {
  const { main } = keydesk;
  main.accounts.create(main.owner(), { name: 'Acme' });
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await switcher(page).click();
  await page.getByRole('menuitem', { name: 'New account…' }).click();
  await ui.dialog.getByLabel('Account name').fill('acme');
  await ui.dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(ui.dialog.getByLabel('Account name')).toHaveAccessibleDescription('an account named "Acme" already exists');
  await ui.dialog.getByLabel('Account name').fill('Acme Marketing');
  await ui.dialog.getByLabel('Subuser of').selectOption('Acme');
  await ui.dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(ui.dialog).toHaveCount(0);
  await expect(switcher(page)).toHaveAccessibleName('Account: Acme Marketing');
  await expect(switcher(page)).toBeFocused();
  expect(main.accounts.get(main.owner(), 'Acme Marketing')).toMatchObject({ parent_name: 'Acme' });

  await switcher(page).click();
  await page.getByRole('menuitem', { name: /^Rename account…/ }).click();
  await ui.dialog.getByLabel('Account name').fill('Acme Growth');
  await ui.dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(switcher(page)).toHaveAccessibleName('Account: Acme Growth');
  expect(await main.handlers['settings:get'](undefined)).toMatchObject({ lastAccount: 'Acme Growth' });

  const keys = [main.keys.create(main.owner('Acme Growth'), { name: 'growth one' }), main.keys.create(main.owner('Acme Growth'), { name: 'growth two' })];
  await keydesk.emit('store:changed', { external: true });
  await expect(ui.dataRows()).toHaveCount(2);

  await switcher(page).click();
  await page.getByRole('menuitem', { name: /^Delete account…/ }).click();
  await expect(ui.alertDialog.getByRole('heading', { name: 'Delete account “Acme Growth”?' })).toBeVisible();
  await expect(ui.alertDialog).toContainText('The account still has 2 keys. Deleting it deletes them too');
  const confirm = ui.alertDialog.getByRole('button', { name: 'Delete account and 2 keys' });
  await expect(confirm).toHaveAttribute('aria-disabled', 'true');
  // Pressed anyway (aria-disabled keeps it focusable), it does nothing.
  await confirm.click({ force: true });
  await expect(ui.alertDialog).toBeVisible();
  expect(main.store.accounts.byName('Acme Growth')).toBeDefined();

  await ui.alertDialog.getByRole('checkbox', { name: 'Also delete its 2 keys' }).check();
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted account “Acme Growth” and its 2 keys.' })).toBeVisible();
  await expect(switcher(page)).toHaveAccessibleName('Account: Acme');
  expect(main.store.accounts.byName('Acme Growth')).toBeUndefined();
  for (const key of keys) expect(main.verifier.verify(key.api_key).ok).toBe(false);
  // Only the confirmed delete reached main.
  expect(main.handlerCalls.filter((channel) => channel === 'accounts:delete')).toHaveLength(1);

  // "default" is where the CLI acts without --account: it is never renamed or deleted.
  await switchTo(page, 'default');
  await switcher(page).click();
  await expect(page.getByRole('menuitem', { name: /^Delete account…/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByRole('menuitem', { name: /^Rename account…/ })).toHaveAttribute('aria-disabled', 'true');
});

test('the lifetime policy is set per account in the switcher; keys it does not cover yet are reported', async ({ keydesk }) => {
  const { main } = keydesk;
  seedKeys(main, [{ name: 'forever' }]);
  main.accounts.create(main.owner(), { name: 'Lab' });
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await switcher(page).click();
  await page.getByRole('menuitem', { name: /^Key lifetime policy…/ }).click();
  await expect(ui.dialog.getByRole('radio', { name: 'No maximum' })).toBeChecked();
  await ui.dialog.getByRole('radio', { name: 'A maximum' }).click();
  await ui.dialog.getByLabel('Days').fill('0');
  await ui.dialog.getByRole('button', { name: 'Save policy' }).click();
  await expect(ui.dialog.getByLabel('Days')).toHaveAccessibleDescription(/from 1 to 3650/);
  await ui.dialog.getByRole('button', { name: '30 days' }).click();
  await ui.dialog.getByRole('button', { name: 'Save policy' }).click();
  await expect(ui.dialog.getByRole('heading', { name: 'Policy saved' })).toBeVisible();
  await expect(ui.dialog).toContainText('1 key does not meet it yet');
  await ui.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(ui.dialog).toHaveCount(0);

  expect(main.accounts.get(main.owner(), 'default').max_key_lifetime_days).toBe(30);
  expect(main.accounts.get(main.owner(), 'Lab').max_key_lifetime_days).toBeNull();
  await ui.openCreate();
  await expect(ui.dialog.getByRole('radiogroup', { name: 'Expiry' }).getByRole('radio', { name: '30 days' })).toBeChecked();
  await expect(ui.dialog.getByRole('radiogroup', { name: 'Expiry' }).getByRole('radio', { name: 'No expiry' })).toBeDisabled();
  await page.keyboard.press('Escape');

  await switchTo(page, 'Lab');
  await ui.createButton.click();
  await expect(ui.dialog.getByRole('radiogroup', { name: 'Expiry' }).getByRole('radio', { name: 'No expiry' })).toBeChecked();
});
