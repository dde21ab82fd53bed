/**
 * The page switcher: it marks the current page, the key list keeps its search while another page
 * is shown, the key shortcuts bring the user back to the key list from anywhere, and every page
 * fits the smallest window.
 */
import { MIN_WINDOW_SIZE } from '../../main/electron/window.ts';
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

test('every page fits the smallest window: nothing runs past the window or out of its card', async ({ keydesk }) => {
  const [full] = seedKeys(keydesk.main, [{ name: 'Production mailer with a rather long name' }, { name: 'Finance exports', scopes: ['billing.read'] }, { name: 'Stats', scopes: ['stats.read'] }]);
  keydesk.main.keys.rename(keydesk.main.owner(), full!.api_key_id, 'Production mailer, renamed');
  const page = await keydesk.open();
  await page.setViewportSize(MIN_WINDOW_SIZE);
  const ui = new AppPages(page);
  for (const name of ['Keys', 'Audit', 'Activity log', 'Inventory', 'Settings'] as const) {
    await ui.goTo(name);
    await expect(ui.heading(name === 'Keys' ? 'API Keys' : name)).toBeVisible();
    const layout = await page.evaluate(() => ({
      pageWidth: document.documentElement.scrollWidth,
      // Cards and panels whose content is wider than they are (a frame that scrolls sideways is fine).
      spilling: [...document.querySelectorAll<HTMLElement>('main *')]
        .filter((el) => /^(visible|hidden|clip)$/.test(getComputedStyle(el).overflowX) && getComputedStyle(el).borderTopWidth !== '0px')
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    }));
    expect(layout, name).toEqual({ pageWidth: MIN_WINDOW_SIZE.width, spilling: [] });
  }
});
