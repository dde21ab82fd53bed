/**
 * The page switcher: it marks the current page, the key list keeps its search while another page
 * is shown, and the key shortcuts bring the user back to the key list from anywhere.
 */
import { AppPages } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

test('the key list keeps its search across a visit to another page; Ctrl+F and Ctrl+N come back to it', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'Mailer', scopes: ['mail.send'] }, { name: 'Stats', scopes: ['stats.read'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  const keys = new KeysPage(page);
  await keys.search.fill('mail');
  await expect(keys.dataRows()).toHaveCount(1);

  await ui.goTo('Activity log');
  await expect(ui.heading('Activity log')).toBeVisible();
  await expect(keys.table).toBeHidden();
  await expect(ui.nav.getByRole('button', { name: 'Keys' })).not.toHaveAttribute('aria-current');

  await ui.goTo('Keys');
  await expect(keys.search).toHaveValue('mail');
  await expect(keys.dataRows()).toHaveCount(1);

  await ui.goTo('Inventory');
  await page.keyboard.press('Control+f');
  await expect(keys.search).toBeFocused();
  await expect(ui.nav.getByRole('button', { name: 'Keys' })).toHaveAttribute('aria-current', 'page');

  await ui.goTo('Audit');
  await page.keyboard.press('Control+n');
  await expect(keys.dialog.getByRole('heading', { name: 'Create API key' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ui.nav.getByRole('button', { name: 'Keys' })).toHaveAttribute('aria-current', 'page');
  await expect(keys.search).toBeFocused();
});
