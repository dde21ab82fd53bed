import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Conf from 'conf';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFileDialogs, type DialogLike } from '../../../main/electron/dialogs.ts';
import { createSettingsPort, settingsFileOptions, type SettingsPort } from '../../../main/settings/settings-store.ts';
import { tempDir } from '../../helpers/temp-store.ts';

/** Native dialogs need a display and a person; this one records what was asked and answers from a script. */
class ScriptedDialog implements DialogLike<string> {
  readonly asked: { parent: string | null; title?: string; defaultPath?: string; filters?: unknown }[] = [];
  readonly properties: unknown[] = [];
  answer: string | null = null;
  showSaveDialog(a: string | SaveDialogOptions, b?: SaveDialogOptions) {
    const [parent, { title, defaultPath, filters }] = typeof a === 'string' ? [a, b!] : [null, a];
    this.asked.push({ parent, title, defaultPath, filters });
    return Promise.resolve(this.answer ? { canceled: false, filePath: this.answer } : { canceled: true, filePath: '' });
  }
  showOpenDialog(a: string | OpenDialogOptions, b?: OpenDialogOptions) {
    const [parent, { title, defaultPath, filters, properties }] = typeof a === 'string' ? [a, b!] : [null, a];
    this.asked.push({ parent, title, defaultPath, filters });
    this.properties.push(properties);
    return Promise.resolve({ canceled: this.answer === null, filePaths: this.answer ? [this.answer] : [] });
  }
}

let dir: string;
let settings: SettingsPort;
beforeEach(() => {
  dir = tempDir();
  settings = createSettingsPort(new Conf({ cwd: join(dir, 'settings'), ...settingsFileOptions('0.1.0') }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const filters = [{ name: 'CSV', extensions: ['csv'] }];

it('opens the save dialog on the window, in Documents by default, and returns the chosen path', async () => {
  const dialog = new ScriptedDialog();
  dialog.answer = '/home/ada/keys.csv';
  const port = createFileDialogs<string>(dialog, () => 'main-window', settings, '/home/ada/Documents');
  expect(await port.chooseSaveFile({ title: 'Export keys', defaultName: 'keys.csv', filters })).toBe('/home/ada/keys.csv');
  expect(dialog.asked[0]).toEqual({ parent: 'main-window', title: 'Export keys', defaultPath: join('/home/ada/Documents', 'keys.csv'), filters });
});

it('starts in the default export folder from settings, and returns null when cancelled', async () => {
  settings.set({ defaultExportFolder: '/srv/exports' });
  const dialog = new ScriptedDialog();
  const port = createFileDialogs<string>(dialog, () => null, settings, '/home/ada/Documents');
  expect(await port.chooseOpenFile({ title: 'Import keys', filters })).toBeNull();
  expect(await port.chooseSaveFile({ title: 'Export keys', defaultName: 'k.csv', filters })).toBeNull();
  expect(dialog.asked.map((a) => [a.parent, a.defaultPath])).toEqual([
    [null, '/srv/exports'],
    [null, join('/srv/exports', 'k.csv')],
  ]);
});

it('picks a folder (for the leak check) with a folder dialog, not a file dialog', async () => {
  const dialog = new ScriptedDialog();
  dialog.answer = '/home/ada/src/shop';
  const port = createFileDialogs<string>(dialog, () => 'main-window', settings, '/home/ada/Documents');
  expect(await port.chooseFolder({ title: 'Scan a folder for keys' })).toBe('/home/ada/src/shop');
  expect(await port.chooseOpenFile({ title: 'Import keys', filters })).toBe('/home/ada/src/shop');
  expect(dialog.asked.map((a) => [a.parent, a.title, a.defaultPath])).toEqual([
    ['main-window', 'Scan a folder for keys', '/home/ada/Documents'],
    ['main-window', 'Import keys', '/home/ada/Documents'],
  ]);
  expect(dialog.properties).toEqual([['openDirectory'], ['openFile']]);
  dialog.answer = null;
  expect(await port.chooseFolder({ title: 'Scan a folder for keys' })).toBeNull();
});
