import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_MIGRATION_STEPS } from '../../../main/settings/migrations.ts';
import { openSettings, type SettingsFileOptions } from '../../../main/settings/open-settings.ts';
import { DEFAULT_LOCAL_API_PORT } from '../../../main/server/local-api.ts';
import { DEFAULT_SETTINGS } from '../../../common/settings.ts';
import { tempDir } from '../../helpers/temp-store.ts';

let cwd: string;
beforeEach(() => {
  cwd = join(tempDir(), 'settings');
  mkdirSync(cwd);
});
afterEach(() => rmSync(join(cwd, '..'), { recursive: true, force: true }));

const settingsPath = () => join(cwd, 'settings.json');
const writeFile = (content: unknown) => writeFileSync(settingsPath(), typeof content === 'string' ? content : JSON.stringify(content));
const readFile = () => JSON.parse(readFileSync(settingsPath(), 'utf8')) as Record<string, unknown>;
const open = (projectVersion = '0.1.0') => openSettings((options: SettingsFileOptions) => new Conf(options), { cwd, projectVersion });

describe('settings file', () => {
  it('starts from the defaults and persists changes across openings', () => {
    const first = open();
    expect(first.problems).toEqual([]);
    expect(first.port.get()).toEqual(DEFAULT_SETTINGS);
    first.port.set({ theme: 'dark', clipboardClearSeconds: 15 });
    expect(open().port.get()).toMatchObject({ theme: 'dark', clipboardClearSeconds: 15 });
  });

  it('migrates a pre-release file: clipboardClearDelay becomes clipboardClearSeconds, theme "auto" becomes "system"', () => {
    writeFile({ theme: 'auto', clipboardClearDelay: 20, lastAccount: 'marketing', __internal__: { migrations: { version: '0.0.9' } } });
    const { port, problems } = open('0.1.0');
    expect(problems).toEqual([]);
    expect(port.get()).toMatchObject({ theme: 'system', clipboardClearSeconds: 20, lastAccount: 'marketing' });
    const onDisk = readFile();
    expect(onDisk).not.toHaveProperty('clipboardClearDelay');
    expect(onDisk).toMatchObject({ theme: 'system', clipboardClearSeconds: 20, __internal__: { migrations: { version: '0.1.0' } } });
    expect(SETTINGS_MIGRATION_STEPS.map((step) => step.version)).toEqual(['0.1.0']);
  });

  it('does not migrate again once the file is at the current version', () => {
    writeFile({ theme: 'dark', clipboardClearSeconds: 5, __internal__: { migrations: { version: '0.1.0' } } });
    expect(open().port.get()).toMatchObject({ theme: 'dark', clipboardClearSeconds: 5 });
  });

  it('resets only an invalid value, with a clear message naming the setting, and keeps the original file', () => {
    writeFile({ theme: 'pink', clipboardClearSeconds: 30, lastAccount: 'ops', __internal__: { migrations: { version: '0.1.0' } } });
    const { port, problems } = open();
    expect(port.get()).toEqual({ ...DEFAULT_SETTINGS, clipboardClearSeconds: 30, lastAccount: 'ops' });
    expect(problems).toEqual([
      expect.stringMatching(/setting "theme" had an invalid value "pink" \(.+\); using the default "system"$/),
      `the original file was kept as ${settingsPath()}.invalid`,
    ]);
    expect(JSON.parse(readFileSync(`${settingsPath()}.invalid`, 'utf8'))).toMatchObject({ theme: 'pink' });
    expect(readFile()).toMatchObject({ theme: 'system', clipboardClearSeconds: 30 });
  });

  it('drops an unknown key and an out-of-range number, naming each', () => {
    writeFile({ clipboardClearSeconds: -1, telemetry: true, __internal__: { migrations: { version: '0.1.0' } } });
    const { port, problems } = open();
    expect(port.get().clipboardClearSeconds).toBe(60);
    expect(problems.join('\n')).toMatch(/setting "clipboardClearSeconds" had an invalid value -1/);
    expect(problems.join('\n')).toMatch(/unknown setting "telemetry" was removed/);
  });

  it('sets aside a file that is not JSON and starts from the defaults', () => {
    writeFile('{ this is not json');
    const { port, problems } = open();
    expect(port.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([`${settingsPath()} could not be read as settings; it was set aside as ${settingsPath()}.invalid and the defaults are used`]);
    expect(readFileSync(`${settingsPath()}.invalid`, 'utf8')).toBe('{ this is not json');
    expect(existsSync(settingsPath())).toBe(true);
  });

  // No migration step for the local API switch: a new key with a default needs none, as conf fills
  // defaults in. These prove it for files written before the switch existed, and for a bad value.
  it('a file from before the local API switch opens with the switch off, on the default port, and no complaint', () => {
    writeFile({ theme: 'dark', clipboardClearSeconds: 5, __internal__: { migrations: { version: '0.1.0' } } });
    const { port, problems } = open();
    expect(problems).toEqual([]);
    expect(port.get()).toMatchObject({ theme: 'dark', localApi: { enabled: false, port: DEFAULT_LOCAL_API_PORT } });
    port.set({ localApi: { enabled: true, port: 4000 } });
    expect(open().port.get().localApi).toEqual({ enabled: true, port: 4000 });
  });

  it('a local API setting with a bad port is reset to off, naming the setting', () => {
    writeFile({ localApi: { enabled: true, port: 99_999 }, __internal__: { migrations: { version: '0.1.0' } } });
    const { port, problems } = open();
    expect(port.get().localApi).toEqual({ enabled: false, port: DEFAULT_LOCAL_API_PORT });
    expect(problems[0]).toMatch(/setting "localApi" had an invalid value \{"enabled":true,"port":99999\} \(.+\); using the default \{"enabled":false,"port":3017\}$/);
  });

  it('refuses an invalid change through the port without touching the file', () => {
    const { port } = open();
    port.set({ theme: 'light' });
    const before = readFileSync(settingsPath(), 'utf8');
    expect(() => port.set({ theme: 'pink' as 'light' })).toThrow(/theme/);
    expect(readFileSync(settingsPath(), 'utf8')).toBe(before);
  });
});

describe.skipIf(process.platform === 'win32')('settings file mode (POSIX)', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('a new settings file is 0600, and stays so through every write', () => {
    const { port } = open();
    port.set({ theme: 'dark' });
    expect(modeOf(settingsPath())).toBe(0o600);
    chmodSync(settingsPath(), 0o644);
    port.set({ theme: 'light' });
    expect(modeOf(settingsPath())).toBe(0o600);
  });

  it('one an older Keydesk left 0644 is 0600 once opened, even when nothing is written to it', () => {
    open().port.set({ theme: 'dark' });
    chmodSync(settingsPath(), 0o644);
    const before = readFileSync(settingsPath(), 'utf8');
    expect(open().port.get().theme).toBe('dark');
    expect(readFileSync(settingsPath(), 'utf8')).toBe(before);
    expect(modeOf(settingsPath())).toBe(0o600);
  });

  it('the original of a repaired or set-aside file is kept 0600 too', () => {
    for (const content of [{ theme: 'pink', __internal__: { migrations: { version: '0.1.0' } } }, '{ not json']) {
      rmSync(`${settingsPath()}.invalid`, { force: true });
      writeFile(content);
      chmodSync(settingsPath(), 0o644);
      expect(open().problems.at(-1)).toMatch(/\.invalid/);
      expect([modeOf(settingsPath()), modeOf(`${settingsPath()}.invalid`)]).toEqual([0o600, 0o600]);
    }
  });
});
