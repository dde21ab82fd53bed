/**
 * The Settings page over main's real handlers, settings file, store and local API switch: the
 * general settings saved (and a bad value refused, naming its field, changing nothing), the export
 * folder chosen in main's dialog, the local API switched on and answering a key made in the app
 * (and off again: connection refused), a backup restored after its confirmation, the About facts,
 * and how the page opens (switcher, Ctrl+,, the menu). Both themes pass axe; screenshots are written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_LOCAL_API_PORT } from '../../main/server/local-api.ts';
import type { Settings } from '../../common/settings.ts';
import { backupStore } from '../../main/store/backups.ts';
import { LATEST_VERSION } from '../../main/store/migrations/index.ts';
import type { IpcHost } from '../helpers/ipc-host.ts';
import { AppPages } from './audit-pages.ts';
import { expect, test, type KeydeskFixture } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';
import { checkView, type Scheme } from './views.ts';

// Each test has its own store, settings file and port: let the two workers share them.
test.describe.configure({ mode: 'parallel' });

/** What main's settings file holds now. */
const settingsIn = (main: IpcHost): Settings => main.handlers['settings:get'](undefined) as Settings;

async function openSettings(keydesk: KeydeskFixture): Promise<{ page: Page; ui: AppPages }> {
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Settings');
  await expect(ui.heading('Settings')).toBeVisible();
  return { page, ui };
}

const panel = (page: Page, name: 'General' | 'Local API' | 'Backups' | 'About') => page.getByRole('region', { name, exact: true });

/** A backup of the store as it is now, taken at a fixed time (as the store does before an upgrade). */
const takeBackup = (main: IpcHost, at = new Date('2026-01-10T08:30:00Z')) => backupStore(main.store.db, main.path, LATEST_VERSION, at);

test.describe('general', () => {
  test('the theme is the top bar’s setting: chosen here, it applies and is saved', async ({ keydesk }) => {
    const { page } = await openSettings(keydesk);
    const themes = panel(page, 'General').getByRole('radiogroup', { name: 'Theme' });
    await expect(themes.getByRole('radio', { name: 'System' })).toBeChecked();
    await themes.getByRole('radio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
    expect(settingsIn(keydesk.main).theme).toBe('dark');
  });

  test('each number is saved as soon as it is entered, like every setting; a bad value is refused in words naming its field, and nothing changes', async ({ keydesk }) => {
    const { page } = await openSettings(keydesk);
    const general = panel(page, 'General');
    const delay = general.getByLabel('Clipboard clear delay');
    const unused = general.getByLabel('Unused key threshold');
    const age = general.getByLabel('Key age threshold');
    await expect(delay).toHaveValue('60');
    await expect(unused).toHaveValue('90');
    await expect(age).toHaveValue('365');
    await expect(general.getByRole('button', { name: 'Save' })).toHaveCount(0);
    const before = settingsIn(keydesk.main);

    // Out of range: main refuses it, and says what to enter (not zod's "too big: expected number to be <=3600").
    await delay.fill('3601');
    await delay.press('Enter');
    await expect(delay).toHaveAttribute('aria-invalid', 'true');
    await expect(general.getByRole('alert')).toHaveText('Clipboard clear delay: enter at most 3600 seconds (an hour)');
    expect(settingsIn(keydesk.main)).toEqual(before);

    // Not a number: refused before main is asked.
    await delay.fill('soon');
    await delay.press('Enter');
    await expect(general.getByRole('alert')).toHaveText('Clipboard clear delay must be a whole number');
    expect(settingsIn(keydesk.main)).toEqual(before);

    await delay.fill('0');
    await delay.press('Enter');
    await expect(delay).toHaveAttribute('aria-invalid', 'false');
    await expect(general.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(1);
    expect(settingsIn(keydesk.main).clipboardClearSeconds).toBe(0);

    // Leaving the field saves it too.
    await age.fill('0');
    await age.press('Tab');
    await expect(age).toHaveAttribute('aria-invalid', 'true');
    await expect(general.getByRole('alert')).toHaveText('Key age threshold: enter at least 1 day');
    await age.fill('180');
    await age.press('Tab');
    await unused.fill('30');
    await unused.press('Enter');
    await expect(general.getByRole('alert')).toHaveCount(0);
    await expect.poll(() => settingsIn(keydesk.main)).toMatchObject({ clipboardClearSeconds: 0, unusedKeyDays: 30, maxKeyAgeDays: 180 });
  });

  test('the default export folder is chosen in main’s folder dialog and reset to Documents', async ({ keydesk }) => {
    const { page } = await openSettings(keydesk);
    const general = panel(page, 'General');
    await expect(general).toContainText("Documents (your system's default)");
    const folder = join(keydesk.main.dir, 'exports');

    keydesk.main.dialogAnswers.push(null); // Cancel
    await general.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => keydesk.main.dialogRequests.length).toBe(1);
    expect(settingsIn(keydesk.main).defaultExportFolder).toBeNull();

    keydesk.main.dialogAnswers.push(folder);
    await general.getByRole('button', { name: 'Choose…' }).click();
    await expect(general.getByText(folder, { exact: true })).toBeVisible();
    expect(keydesk.main.dialogRequests).toEqual([
      { kind: 'folder', title: 'Choose the default export folder' },
      { kind: 'folder', title: 'Choose the default export folder' },
    ]);
    expect(settingsIn(keydesk.main).defaultExportFolder).toBe(folder);

    await general.getByRole('button', { name: 'Use Documents' }).click();
    await expect(general).toContainText("Documents (your system's default)");
    expect(settingsIn(keydesk.main).defaultExportFolder).toBeNull();
  });
});

test.describe('local API', () => {
  test('switched on, it serves a key made in the app on the shown port; a bad key gets 401; switched off, the port is closed', async ({ keydesk }) => {
    const page = await keydesk.open();
    const keys = new KeysPage(page);
    await keys.openCreate();
    const secret = await keys.createKey('Deploy script');
    await keys.closeReveal();

    const ui = new AppPages(page);
    await ui.goTo('Settings');
    const localApi = panel(page, 'Local API');
    await expect(localApi).toContainText('127.0.0.1, this computer only');
    await expect(localApi).toContainText("can do only what that key's own scopes allow");
    await expect(localApi).toContainText('recorded in the activity log with the key that made it');
    const toggle = localApi.getByRole('switch', { name: 'Serve the local API on 127.0.0.1' });
    await expect(toggle).not.toBeChecked();
    await expect(localApi.getByLabel('Port', { exact: true })).toHaveValue(String(DEFAULT_LOCAL_API_PORT));
    await expect(localApi.getByRole('status')).toHaveText('Off: nothing is listening.');

    // Port 0: a free port, so parallel runs never collide.
    await localApi.getByLabel('Port', { exact: true }).fill('0');
    await toggle.click();
    await expect(toggle).toBeChecked();
    const status = localApi.getByRole('status');
    await expect(status).toHaveText(/^Listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = /http:\S+/.exec((await status.textContent()) ?? '')![0];
    expect(settingsIn(keydesk.main).localApi).toEqual({ enabled: true, port: 0 });

    const answer = await fetch(`${url}/v3/scopes`, { headers: { authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    const { scopes } = (await answer.json()) as { scopes: string[] };
    expect(scopes).toContain('api_keys.read');
    expect(scopes).toContain('mail.send');
    const wrong = await fetch(`${url}/v3/scopes`, { headers: { authorization: `Bearer ${secret.slice(0, -4)}AAAA` } });
    expect(wrong.status).toBe(401);

    await toggle.click();
    await expect(toggle).not.toBeChecked();
    await expect(status).toHaveText('Off: nothing is listening.');
    const refused = await fetch(`${url}/v3/scopes`).then(
      () => 'answered',
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
  });

  test('a port in use: the switch stays on as chosen and the page says why nothing listens; a bad port is refused', async ({ keydesk }) => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { page } = await openSettings(keydesk);
      const localApi = panel(page, 'Local API');
      await localApi.getByLabel('Port', { exact: true }).fill('70000');
      await localApi.getByRole('switch').click();
      await expect(localApi.getByLabel('Port', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expect(localApi.getByRole('alert')).toHaveText(/^Port: .*65535/);
      await expect(localApi.getByRole('switch')).not.toBeChecked();
      expect(settingsIn(keydesk.main).localApi).toEqual({ enabled: false, port: DEFAULT_LOCAL_API_PORT });

      await localApi.getByLabel('Port', { exact: true }).fill(String(port));
      await localApi.getByRole('switch').click();
      await expect(localApi.getByRole('alert')).toHaveText(`The local API could not start: port ${port} is already in use`);
      await expect(localApi.getByRole('switch')).toBeChecked();
      expect(settingsIn(keydesk.main).localApi).toEqual({ enabled: true, port });
    } finally {
      await keydesk.main.localApi.stop();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

test.describe('backups', () => {
  test('lists each backup; Restore asks first, saying the current store is kept aside and the app reopens; then main restores and closes the store', async ({ keydesk }) => {
    seedKeys(keydesk.main, [{ name: 'Before the upgrade', scopes: ['mail.send'] }]);
    const backupPath = takeBackup(keydesk.main);
    const { page } = await openSettings(keydesk);
    const backups = panel(page, 'Backups');
    const table = backups.getByRole('table', { name: 'Backups, newest first' });
    const name = backupPath.split(/[\\/]/).at(-1)!;
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText([name, String(LATEST_VERSION), 'Jan 10, 2026, 8:30 AM', /^\d+ KB$/, 'Restore…']);

    await table.getByRole('button', { name: `Restore ${name}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Restore this backup?' });
    await expect(confirm).toContainText('The current store is not deleted: it is kept aside in the same folder');
    await expect(confirm).toContainText('Keydesk then closes the store and reopens on the restored one');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(table.getByRole('button', { name: `Restore ${name}` })).toBeFocused();
    expect(keydesk.main.storeClosures).toEqual([]);

    await table.getByRole('button', { name: `Restore ${name}` }).click();
    await confirm.getByRole('button', { name: 'Restore backup' }).click();
    await expect(confirm).toHaveCount(0);
    const status = backups.getByRole('status');
    await expect(status).toContainText(`Restored from ${backupPath}. Keydesk is reopening the store.`);
    await expect(status).toContainText(`The store it replaced was kept as ${keydesk.main.path}.replaced-`);
    const replaced = /kept as (\S+)/.exec((await status.textContent()) ?? '')![1]!;
    // What main is handed, to say before it relaunches the app: the same two paths.
    expect(keydesk.main.storeClosures).toEqual([{ kind: 'restored', restored: { restored_from: backupPath, replaced_file: replaced } }]);
    expect(existsSync(replaced)).toBe(true);
  });

  test('with no backup, says so', async ({ keydesk }) => {
    const { page } = await openSettings(keydesk);
    await expect(panel(page, 'Backups')).toContainText('No backups yet');
    await expect(panel(page, 'Backups').getByRole('table')).toHaveCount(0);
  });
});

test('About shows the version, the key store’s path and the platform', async ({ keydesk }) => {
  const { page } = await openSettings(keydesk);
  const about = panel(page, 'About');
  await expect(about.locator('dd')).toHaveText(['Keydesk 0.0.0-test', keydesk.main.path, process.platform]);
});

test('opens from the page switcher, with Ctrl+, from any page, and from the menu’s Settings...', async ({ keydesk }) => {
  const page = await keydesk.open();
  const ui = new AppPages(page);
  const settingsButton = ui.nav.getByRole('button', { name: 'Settings', exact: true });
  await expect(settingsButton).toHaveAttribute('aria-keyshortcuts', 'Control+, Meta+,');
  await page.keyboard.press('Control+,');
  await expect(ui.heading('Settings')).toBeVisible();
  await expect(settingsButton).toHaveAttribute('aria-current', 'page');
  await expect(settingsButton).toBeFocused();

  await ui.goTo('Audit');
  await keydesk.emit('menu:command', { command: 'open-settings' });
  await expect(settingsButton).toHaveAttribute('aria-current', 'page');
});

for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
  test.describe(`${scheme} theme`, () => {
    test.slow();

    test('the settings page, an invalid value, and the restore confirmation', async ({ keydesk }) => {
      seedKeys(keydesk.main, [{ name: 'Production mailer', scopes: ['mail.send'] }]);
      takeBackup(keydesk.main);
      const page = await keydesk.open();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 1100 });
      const ui = new AppPages(page);
      await ui.goTo('Settings');
      const localApi = panel(page, 'Local API');
      await localApi.getByLabel('Port', { exact: true }).fill('0');
      await localApi.getByRole('switch').click();
      await expect(localApi.getByRole('status')).toHaveText(/^Listening on /);
      await checkView(page, 'settings', scheme);

      const general = panel(page, 'General');
      await general.getByLabel('Unused key threshold').fill('0');
      await general.getByLabel('Unused key threshold').press('Enter');
      await expect(general.getByRole('alert')).toBeVisible();
      await checkView(page, 'settings-error', scheme);

      await panel(page, 'Backups').getByRole('button', { name: /^Restore / }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await checkView(page, 'settings-restore', scheme);
      await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
      await keydesk.main.localApi.stop();
    });
  });
}
