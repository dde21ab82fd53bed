/**
 * Every view in both themes: axe-core reports no serious or critical violation, and a screenshot
 * of each is written to test/artifacts/screenshots/. Also: the theme follows the OS by default,
 * and the theme switch is saved through main and survives a reload. The page never trips its CSP.
 */
import { scopesForLevels } from '../../common/permissions.ts';
import { expect, test, type KeydeskFixture } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';
import { checkView, type Scheme } from './views.ts';

const SAMPLE_KEYS = [
  { name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full', stats: 'read', suppressions: 'read' }) },
  { name: 'Marketing dashboard', scopes: scopesForLevels({ stats: 'read', email_activity: 'read', template_engine: 'read' }) },
  { name: 'Finance exports', scopes: scopesForLevels({ billing: 'read' }) },
  { name: 'CI deploy' },
  // Imported keys often hold shapes no level produces: shown as "Custom".
  { name: 'Legacy integration', scopes: ['mail.send', 'mail.batch.read', 'teammates.read'] },
];

// Each view test has its own store: let the two workers share them.
test.describe.configure({ mode: 'parallel' });

/** The app in `scheme` with the sample keys: three made three days before the other two. */
async function openSamples(keydesk: KeydeskFixture, scheme: Scheme): Promise<KeysPage> {
  seedKeys(keydesk.main, SAMPLE_KEYS.slice(0, 3));
  keydesk.main.clock.advance(86_400_000 * 3);
  seedKeys(keydesk.main, SAMPLE_KEYS.slice(3));
  const page = await keydesk.open();
  await page.emulateMedia({ colorScheme: scheme });
  const ui = new KeysPage(page);
  await expect(ui.dataRows()).toHaveCount(SAMPLE_KEYS.length);
  return ui;
}

for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
  test.describe(`${scheme} theme`, () => {
    // axe runs several times per test; a shared 2-core machine needs the room.
    test.slow();

    test('the empty state, the list and the access summary', async ({ keydesk }) => {
      const empty = await keydesk.open();
      await empty.emulateMedia({ colorScheme: scheme });
      await checkView(empty, 'empty', scheme);

      const ui = await openSamples(keydesk, scheme);
      await checkView(ui.page, 'list', scheme);
      await ui.row('Legacy integration').getByRole('button', { name: 'Restricted' }).hover();
      await expect(ui.page.getByRole('tooltip')).toContainText('Custom');
      await checkView(ui.page, 'list-access-summary', scheme);
    });

    test('the create form: Full, Restricted by category and by scope, and an error', async ({ keydesk }) => {
      const ui = await openSamples(keydesk, scheme);
      await ui.openCreate();
      await checkView(ui.page, 'create-full', scheme);
      await ui.chooseAccess('Restricted Access');
      await ui.setLevel('Mail Send', 'Full Access');
      await ui.setLevel('Stats', 'Read Access');
      // Back to the top, where the summary of the chosen permissions sits.
      await ui.dialog.locator('.dialog__body').evaluate((body) => body.scrollTo({ top: 0 }));
      await expect(ui.dialog.getByRole('list', { name: 'Chosen permissions' })).toHaveText(/Mail Send · Full.*Stats · Read/);
      await checkView(ui.page, 'create-restricted', scheme);
      await ui.dialog.getByRole('tab', { name: 'Individual scopes' }).click();
      await checkView(ui.page, 'create-scopes', scheme);
      await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
      await expect(ui.dialog.getByLabel('API key name')).toHaveAttribute('aria-invalid', 'true');
      await checkView(ui.page, 'create-error', scheme);
    });

    test('the one-time reveal', async ({ keydesk }) => {
      const ui = await openSamples(keydesk, scheme);
      await ui.openCreate();
      await ui.createKey('Webhook signer');
      await ui.dialog.getByRole('button', { name: 'Copy' }).click();
      await expect(ui.dialog.getByText('Copied.')).toBeVisible();
      await checkView(ui.page, 'reveal', scheme);
    });

    test('the edit form of a key with a custom category, and the delete confirmation', async ({ keydesk }) => {
      const ui = await openSamples(keydesk, scheme);
      await ui.openRowAction('Legacy integration', 'Edit');
      await expect(ui.levels('Mail Send').getByRole('radio', { name: 'Custom' })).toBeChecked();
      await ui.levels('Mail Send').scrollIntoViewIfNeeded();
      await checkView(ui.page, 'edit', scheme);
      await ui.page.keyboard.press('Escape');

      await ui.openRowAction('CI deploy', 'Delete');
      await checkView(ui.page, 'delete', scheme);
    });

    test('the key lifecycle in the list: statuses, expiry warnings, selection and a bulk action', async ({ keydesk }) => {
      const ui = await openLifecycleSamples(keydesk, scheme);
      await ui.page.getByRole('checkbox', { name: 'Select Production mailer' }).click();
      await ui.page.getByRole('checkbox', { name: 'Select Finance exports' }).click({ modifiers: ['Shift'] });
      await expect(ui.page.getByRole('region', { name: 'Selected keys' })).toContainText('5 keys selected');
      await checkView(ui.page, 'list-lifecycle', scheme);

      await ui.page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Disable' }).click();
      await checkView(ui.page, 'bulk-confirm', scheme);
      await ui.alertDialog.getByRole('button', { name: 'Disable 5 keys' }).click();
      // One of the five was disabled already: the one notice says so.
      await expect(ui.notices).toHaveText(['Disabled: 4 keys. 1 key was already disabled.']);
      await checkView(ui.page, 'bulk-done', scheme);
    });

    test('the key lifecycle dialogs: expiry, disable, roll and the rolled key', async ({ keydesk }) => {
      const ui = await openLifecycleSamples(keydesk, scheme);
      await ui.openRowAction('CI deploy', 'Set expiry…');
      await ui.dialog.getByRole('radio', { name: 'A date' }).click();
      await ui.dialog.getByLabel('Expiry date').fill('2026-03-31');
      await checkView(ui.page, 'expiry', scheme);
      await ui.page.keyboard.press('Escape');

      await ui.openRowAction('CI deploy', 'Disable');
      await checkView(ui.page, 'disable', scheme);
      await ui.page.keyboard.press('Escape');

      await ui.openRowAction('CI deploy', 'Roll…');
      await checkView(ui.page, 'roll', scheme);
      await ui.dialog.getByRole('button', { name: 'Roll key' }).click();
      await expect(ui.revealedKey).toHaveText(/^SG\./);
      await checkView(ui.page, 'roll-reveal', scheme);
    });

    test('accounts: the switcher, the lifetime policy and deleting an account with keys', async ({ keydesk }) => {
      const ui = await openLifecycleSamples(keydesk, scheme);
      await ui.page.locator('[data-account-switcher]').click();
      await expect(ui.page.getByRole('menuitemradio')).toHaveCount(4);
      await checkView(ui.page, 'accounts-menu', scheme);
      await ui.page.getByRole('menuitemradio', { name: /^Acme EU / }).click();
      await expect(ui.dataRows()).toHaveCount(1);

      await ui.page.locator('[data-account-switcher]').click();
      await ui.page.getByRole('menuitem', { name: /^Key lifetime policy…/ }).click();
      await ui.dialog.getByRole('radio', { name: 'A maximum' }).click();
      await checkView(ui.page, 'policy', scheme);
      await ui.page.keyboard.press('Escape');

      await ui.page.locator('[data-account-switcher]').click();
      await ui.page.getByRole('menuitem', { name: /^Delete account…/ }).click();
      await ui.alertDialog.getByRole('checkbox', { name: 'Also delete its 1 key' }).check();
      await checkView(ui.page, 'account-delete', scheme);
      await ui.page.keyboard.press('Escape');

      await ui.page.locator('[data-account-switcher]').click();
      await ui.page.getByRole('menuitem', { name: 'New account…' }).click();
      await checkView(ui.page, 'account-new', scheme);
    });

    test('the daily work: the list at the smallest window, the filters menu, the detail panel, the discard question and a finding ready to act on', async ({ keydesk }) => {
      const ui = await openLifecycleSamples(keydesk, scheme);
      const { page } = ui;
      const mailer = keydesk.main.store.keys.listLive(1).find((k) => k.name === 'CI deploy')!;
      keydesk.main.lifecycle.roll(keydesk.main.owner(), mailer.api_key_id, { grace_ms: 86_400_000 });
      await keydesk.emit('store:changed', { external: true });
      await page.setViewportSize({ width: 720, height: 480 });
      await expect(ui.row(/^CI deploy/)).toContainText('2 secrets');
      await checkView(page, 'list-small', scheme);

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByRole('menuitemradio', { name: 'Disabled' }).click();
      await checkView(page, 'filters', scheme);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /^Remove filter/ }).click();

      await ui.row(/^Production mailer/).locator('.col--created_at').click();
      await expect(page.getByRole('dialog', { name: 'Production mailer' }).getByRole('region', { name: 'History' })).toContainText('Key created');
      await checkView(page, 'detail', scheme);
      await page.keyboard.press('Escape');

      await ui.openRowAction('Legacy integration', 'Edit');
      await ui.dialog.getByLabel('API key name').fill('Legacy integration (renamed)');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('alertdialog', { name: 'Discard your changes?' })).toBeVisible();
      await checkView(page, 'discard', scheme);
      await page.getByRole('button', { name: 'Discard' }).click();

      await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Audit' }).click();
      await page.getByRole('button', { name: /^Select these keys: Full Access keys/ }).click();
      await expect(page.getByRole('region', { name: 'Selected keys' })).toBeVisible();
      await checkView(page, 'audit-selected', scheme);
    });
  });
}

/**
 * Keys in every state (expiring within 30, 7 and 1 days, expired, disabled, used by a named
 * caller, imported-looking names aside) and accounts with a subuser, in `scheme`.
 */
async function openLifecycleSamples(keydesk: KeydeskFixture, scheme: Scheme): Promise<KeysPage> {
  const { main } = keydesk;
  const day = 86_400_000;
  const inDays = (days: number) => new Date(main.clock.now().getTime() + days * day).toISOString();
  main.accounts.create(main.owner(), { name: 'Acme' });
  main.accounts.create(main.owner(), { name: 'Acme EU', parent: 'Acme' });
  main.accounts.create(main.owner(), { name: 'Staging' });
  main.keys.create(main.owner('Acme EU'), { name: 'EU mailer', scopes: ['mail.send'] });
  const [mailer, dashboard, finance, ci, legacy, old] = seedKeys(main, [...SAMPLE_KEYS, { name: 'Old webhook', scopes: ['mail.send'] }]);
  main.lifecycle.setExpiry(main.owner(), mailer!.api_key_id, inDays(5));
  main.lifecycle.setExpiry(main.owner(), dashboard!.api_key_id, inDays(21));
  main.lifecycle.setExpiry(main.owner(), finance!.api_key_id, inDays(0.5));
  main.lifecycle.setExpiry(main.owner(), old!.api_key_id, inDays(0.2));
  main.lifecycle.setExpiry(main.owner(), ci!.api_key_id, inDays(200));
  main.lifecycle.disable(main.owner(), legacy!.api_key_id);
  main.clock.advance(day / 4);
  main.verifier.verify(mailer!.api_key, { caller: 'mailer-prod-1' });
  const page = await keydesk.open();
  await page.emulateMedia({ colorScheme: scheme });
  const ui = new KeysPage(page);
  await expect(ui.dataRows()).toHaveCount(SAMPLE_KEYS.length + 1);
  return ui;
}

test('the theme follows the OS until chosen; the choice is saved through main and survives a reload', async ({ keydeskPage: page, keydesk }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  await expect.poll(background).toBe('rgb(15, 17, 21)');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(background).toBe('rgb(245, 246, 248)');

  await page.getByRole('button', { name: 'Theme: System' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).toBe('rgb(15, 17, 21)');
  expect(await keydesk.main.handlers['settings:get'](undefined)).toMatchObject({ theme: 'dark' });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
  await expect.poll(background).toBe('rgb(15, 17, 21)');
});

test('no view trips the Content Security Policy (no injected inline styles or scripts)', async ({ keydesk, page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.sourceFile}`));
  });
  seedKeys(keydesk.main, SAMPLE_KEYS);
  await keydesk.open();
  const ui = new KeysPage(page);
  await ui.row('CI deploy').getByRole('button', { name: 'Full', exact: true }).hover();
  await page.getByRole('button', { name: 'Theme: System' }).click();
  await page.keyboard.press('Escape');
  await ui.openRowAction('Legacy integration', 'Edit');
  await page.keyboard.press('Escape');
  await ui.openRowAction('CI deploy', 'Delete');
  await page.keyboard.press('Escape');
  await ui.openCreate();
  await ui.chooseAccess('Restricted Access');
  await ui.setLevel('Alerts', 'Read Access');
  await ui.dialog.getByRole('radio', { name: 'A date' }).click();
  await ui.dialog.getByLabel('Expiry date').fill('2026-02-01');
  await ui.createKey('CSP check');
  await ui.closeReveal();
  await ui.openRowAction('CI deploy', 'Roll…');
  await ui.dialog.getByRole('button', { name: 'Roll key' }).click();
  await ui.closeReveal();
  await page.getByRole('checkbox', { name: /^Select all/ }).click();
  await page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Set expiry' }).click();
  await page.keyboard.press('Escape');
  await page.locator('[data-account-switcher]').click();
  await page.getByRole('menuitem', { name: /^Key lifetime policy…/ }).click();
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});
