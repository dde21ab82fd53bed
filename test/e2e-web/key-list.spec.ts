/**
 * The key list: columns, the empty state, search by name or ID (a pasted key finds its row by its
 * ID and the secret is dropped), the access filter, sorting by each column, a long list that
 * stays virtualized, and a table that fits every window size.
 */
import { scopesForLevels } from '../../common/permissions.ts';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } from '../../main/electron/window.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys, seedManyKeys } from './keys-page.ts';

test('an empty account explains keys, the ID versus the key, and offers Create', async ({ keydeskPage: page }) => {
  const ui = new KeysPage(page);
  await expect(page.getByRole('heading', { name: 'No API keys yet' })).toBeVisible();
  await expect(page.getByText('A public identifier')).toContainText('It is not a secret.');
  await expect(page.getByText('The secret your code sends')).toContainText('It is shown once');
  await expect(ui.counter).toHaveText('0 of 100 keys');
  await page.getByRole('button', { name: 'Create your first API key' }).click();
  await expect(ui.dialog.getByRole('heading', { name: 'Create API key' })).toBeVisible();
});

test('lists name, API Key ID, access, status, expiry, created and last used ("never" until verified) with who used it', async ({ keydesk }) => {
  const [used] = seedKeys(keydesk.main, [{ name: 'Used key' }, { name: 'Idle key', scopes: ['billing.read'] }]);
  keydesk.main.clock.advance(3_600_000);
  expect(keydesk.main.verifier.verify(used!.api_key, { caller: 'deploy-bot' }).ok).toBe(true);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  const usedRow = ui.row('Used key');
  await expect(usedRow.getByRole('cell')).toHaveText(['', 'Used key', used!.api_key_id, 'Full', 'Active', 'never expires', '1 hour ago', /^just now\s*by deploy-bot$/, '']);
  // The exact times, local and UTC, on hover.
  await expect(usedRow.locator('.col--created_at time')).toHaveAttribute('title', 'Jan 15, 2026, 9:00 AM · 2026-01-15 09:00 UTC');
  await expect(ui.row('Idle key').getByRole('cell').nth(7)).toHaveText('never');
  await expect(ui.row('Idle key').getByRole('button', { name: 'Billing' })).toBeVisible();
  await expect(ui.table).toHaveAttribute('aria-rowcount', '3');
});

test('a pasted full key finds its row by the ID inside it, and only the ID stays in the search box', async ({ keydesk }) => {
  const keys = seedKeys(keydesk.main, [{ name: 'Alpha' }, { name: 'Bravo' }, { name: 'Charlie' }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  const bravo = keys[1]!;

  await ui.search.fill(`SENDGRID_API_KEY=${bravo.api_key}`);
  await expect(ui.search).toHaveValue(bravo.api_key_id);
  await expect(page.getByRole('status').filter({ hasText: 'Its secret part was discarded.' })).toBeVisible();
  expect(await ui.names()).toEqual(['Bravo']);
  expect((await page.content()).includes(bravo.api_key.split('.')[2]!)).toBe(false);

  // By name (any case) and by part of an ID, too.
  await ui.search.fill('CHAR');
  expect(await ui.names()).toEqual(['Charlie']);
  await ui.search.fill(keys[0]!.api_key_id.slice(3, 12));
  await expect(ui.dataRows()).toHaveCount(1);
  expect(await ui.names()).toEqual(['Alpha']);

  // Ctrl/Cmd+F goes back to the search box from anywhere on the page.
  await ui.createButton.focus();
  await page.keyboard.press('Control+f');
  await expect(ui.search).toBeFocused();
  await ui.search.fill('no such key');
  await expect(page.getByText('No keys match “no such key”.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search and filter' }).click();
  await expect(ui.dataRows()).toHaveCount(3);
  await expect(ui.search).toBeFocused();
});

test('filters by access type and sorts by each column', async ({ keydesk }) => {
  seedKeys(keydesk.main, [
    { name: 'b restricted', scopes: scopesForLevels({ stats: 'read' }) },
    { name: 'A full' },
    { name: 'c billing', scopes: ['billing.read'] },
  ]);
  keydesk.main.clock.advance(60_000);
  seedKeys(keydesk.main, [{ name: 'd newest', scopes: ['alerts.read'] }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  // Newest first by default.
  expect((await ui.names())[0]).toBe('d newest');
  await ui.chooseFilter('Access type', 'Restricted');
  await expect(ui.dataRows()).toHaveCount(2);
  expect((await ui.names()).sort()).toEqual(['b restricted', 'd newest']);
  await expect(page.getByText('Showing 2 of 4 keys')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Active filters' })).toHaveText('Access: Restricted');
  await ui.chooseFilter('Access type', 'Billing');
  expect(await ui.names()).toEqual(['c billing']);
  await page.getByRole('button', { name: 'Remove filter Access: Billing' }).click();
  await expect(ui.dataRows()).toHaveCount(4);

  const header = (name: string) => ui.table.getByRole('columnheader', { name });
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  expect(await ui.names()).toEqual(['A full', 'b restricted', 'c billing', 'd newest']);
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'descending');
  expect(await ui.names()).toEqual(['d newest', 'c billing', 'b restricted', 'A full']);
  await expect(header('Created')).toHaveAttribute('aria-sort', 'none');

  await header('Access').getByRole('button').click();
  expect(await ui.names()).toEqual(['A full', 'b restricted', 'd newest', 'c billing']);
  await header('Created').getByRole('button').click();
  expect((await ui.names())[0]).toBe('d newest');
  await header('Created').getByRole('button').click();
  expect((await ui.names())[3]).toBe('d newest');

  const ids = (await ui.dataRows().locator('.key-id').allTextContents());
  await header('API Key ID').getByRole('button').click();
  expect(await ui.dataRows().locator('.key-id').allTextContents()).toEqual([...ids].sort());
  await header('Last used').getByRole('button').click();
  await expect(header('Last used')).toHaveAttribute('aria-sort', 'descending');
});

test('a long list renders only the rows in view and scrolls to the last one', async ({ keydesk }) => {
  seedManyKeys(keydesk.main, 100);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await expect(ui.table).toHaveAttribute('aria-rowcount', '101');
  const rendered = await ui.dataRows().count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(40);

  await ui.table.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await page.locator('.key-table__body').evaluate((body) => body.scrollTo({ top: body.scrollHeight }));
  await expect(ui.row('service 100')).toBeVisible();
  await expect(ui.row('service 100')).toHaveAttribute('aria-rowindex', '101');
  await expect(ui.row('service 001')).toHaveCount(0);
});

test('a row mounts its action menu and access summary on first use, and they open as they always did', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'Alpha' }, { name: 'Bravo', scopes: ['stats.read'] }, { name: 'Charlie' }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  const actions = (name: string) => page.getByRole('button', { name: `Actions for ${name}` });

  // Until used, the row's button is a plain stand-in (a Radix trigger carries an id for its menu).
  await expect(actions('Alpha')).toHaveAttribute('aria-haspopup', 'menu');
  await expect(actions('Alpha')).not.toHaveAttribute('id', /./);

  // From the keyboard: Enter opens the menu on its first item; Escape brings focus back.
  await actions('Alpha').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(actions('Alpha')).toBeFocused();
  await expect(actions('Alpha')).toHaveAttribute('id', /./);

  // Tabbing onto the access badge shows what the key holds.
  await ui.row('Bravo').getByRole('checkbox').focus();
  await page.keyboard.press('Tab');
  await expect(ui.row('Bravo').getByRole('button', { name: 'Restricted' })).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText('Stats');
  await page.keyboard.press('Escape');

  // A press opens the menu and only the menu: it does not fall through to the row's detail panel.
  await actions('Charlie').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(ui.dialog.getByRole('heading', { name: 'Edit API key' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(actions('Charlie')).toBeFocused();

  // The row shown for another key is plain again.
  await ui.search.fill('bravo');
  await expect(actions('Bravo')).not.toHaveAttribute('id', /./);
});

test('the list fits the window from wide down to its minimum size: columns give way, nothing is cut off, and what they said stays', async ({ keydesk }) => {
  const { main } = keydesk;
  const [mailer, finance, old] = seedKeys(main, [{ name: 'Production mailer' }, { name: 'Finance exports', scopes: ['billing.read'] }, { name: 'Old webhook', scopes: ['mail.send'] }]);
  // The widest expiry text there is, with its warning badge.
  main.lifecycle.setExpiry(main.owner(), finance!.api_key_id, new Date(main.clock.now().getTime() + 6 * 3_600_000).toISOString());
  main.lifecycle.disable(main.owner(), old!.api_key_id);
  main.clock.advance(60_000);
  expect(main.verifier.verify(mailer!.api_key, { caller: 'mailer-prod-1' }).ok).toBe(true);
  const page = await keydesk.open();

  const sizes: readonly [number, readonly string[]][] = [
    [1280, ['Name', 'API Key ID', 'Access', 'Status', 'Expiry', 'Created', 'Last used']],
    [DEFAULT_WINDOW_SIZE.width, ['Name', 'API Key ID', 'Access', 'Status', 'Expiry', 'Last used']],
    [1000, ['Name', 'API Key ID', 'Access', 'Expiry', 'Last used']],
    [860, ['Name', 'API Key ID', 'Access', 'Expiry']],
    [MIN_WINDOW_SIZE.width, ['Name', 'Access', 'Expiry']],
  ];
  for (const [width, columns] of sizes) {
    await page.setViewportSize({ width, height: DEFAULT_WINDOW_SIZE.height });
    await expect(page.getByRole('columnheader').filter({ hasText: /\S/ }), `columns at ${width} px`).toHaveText([...columns, 'Actions']);
    const layout = await page.evaluate(() => ({
      pageWidth: document.documentElement.scrollWidth,
      // Any cell whose content runs past its edge, into the next column or out of the table.
      spilling: [...document.querySelectorAll<HTMLElement>('.key-table [role="cell"], .key-table [role="columnheader"]')]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.textContent),
    }));
    expect(layout, `layout at ${width} px`).toEqual({ pageWidth: width, spilling: [] });
    for (const control of [page.getByRole('button', { name: 'Create API key' }), page.getByRole('button', { name: /^Filters/ }), page.getByRole('button', { name: 'Actions for Old webhook' })]) {
      const box = (await control.boundingBox())!;
      expect(box.x + box.width, `${await control.textContent()} at ${width} px`).toBeLessThanOrEqual(width);
    }

    // Without a Status column, a key that is not active says so beside its name; active ones stay quiet.
    // (Found by text: ui.row() matches a name cell holding the name alone.)
    const nameOf = (name: string) => page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name }).getByRole('cell').nth(1);
    if (columns.includes('Status')) await expect(nameOf('Old webhook')).toHaveText('Old webhook');
    else {
      await expect(nameOf('Old webhook')).toContainText('Disabled');
      await expect(nameOf('Production mailer')).not.toContainText('Active');
    }
    // Without an ID column, the ID stands under the name.
    if (!columns.includes('API Key ID')) await expect(nameOf('Production mailer')).toHaveText(`Production mailer${mailer!.api_key_id}`);
  }
});
