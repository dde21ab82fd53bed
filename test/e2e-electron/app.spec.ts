/**
 * The real desktop app under Playwright's Electron driver: launch, create a key, reveal it, delete
 * it, and read the window's effective security preferences from main. Runs wherever an Electron
 * binary is installed; elsewhere every test is reported skipped with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { buildAll, ROOT } from '../../scripts/build.ts';
import { findElectronBinary } from '../../scripts/electron-binary.ts';

const binary = findElectronBinary();
test.skip(binary.path === null, `Electron suite skipped: ${binary.reason ?? ''}`);

let app: ElectronApplication;
let page: Page;
let dataHome: string;

test.beforeAll(async () => {
  // The renderer was built by globalSetup (and is being served to e2e-web meanwhile): build the rest.
  await buildAll(['main', 'preload']);
  dataHome = mkdtempSync(join(tmpdir(), 'keydesk-electron-'));
  app = await electron.launch({
    executablePath: binary.path ?? undefined,
    args: [ROOT],
    // A private data folder (Linux: XDG_CONFIG_HOME, Windows: APPDATA) and store for this run.
    env: { ...process.env, XDG_CONFIG_HOME: dataHome, APPDATA: dataHome, KEYDESK_DB: join(dataHome, 'keydesk.db') },
  });
  page = await app.firstWindow();
  await page.waitForFunction(() => document.body.dataset.appState === 'ready');
});

test.afterAll(async () => {
  await app?.close();
  if (dataHome) rmSync(dataHome, { recursive: true, force: true });
});

test('the window loads from app://keydesk, sandboxed, with only window.keydesk from the preload', async () => {
  expect(page.url()).toBe('app://keydesk/index.html');
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
    keydesk: Object.keys(window.keydesk).sort(),
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', keydesk: expect.arrayContaining(['keys', 'settings', 'on']) });
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
  expect(windows).toEqual(['app://keydesk/index.html']);
});

test('launch, create a key, reveal it once, delete it', async () => {
  await page.getByLabel('API key name').fill('Electron smoke');
  await page.getByRole('button', { name: 'Create & View' }).click();
  const secret = page.getByLabel('New API key');
  await expect(secret).toHaveText(/^SG\.[\w-]{22}\.[\w-]{43}$/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Electron smoke/ })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Electron smoke' }).click();
  await expect(page.getByText('No API keys yet.')).toBeVisible();
});
