/**
 * The built Electron main (dist/main/index.js, as `npm start` runs it) under plain Node, with
 * `electron` resolved to a recording fake: it proves the bundle loads, wires every contract channel
 * through the sender-checking dispatcher, serves the renderer over app:// with the CSP, creates the
 * hardened window with a preload that exists, sends menu commands, remembers the window bounds, and
 * shares its data folder and store with the CLI; on a damaged store it asks (Restore backup or Quit)
 * before any window exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../common/ipc/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/app-protocol.ts';
import { refusalMessage } from '../../../main/electron/debug-switches.ts';
import { DATABASE_FILE, defaultDataDir } from '../../../main/store/location.ts';
import { openStore } from '../../../main/store/store.ts';
import { fileKeyring, sealKeyDir } from '../../../main/store/seal-keys.ts';
import { buildAppOnce } from '../../helpers/built-app.ts';
import { runCli } from '../../helpers/cli.ts';
import { keyCount, sha, storeAtPreviousSchema } from '../../helpers/store-files.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const REGISTER = fileURLToPath(new URL('./register-fake-electron.ts', import.meta.url));

interface Report {
  paths: Record<string, string>;
  calls: string[];
  privileged: unknown[];
  ipcHandles: string[];
  ipcOn: string[];
  windowCount: number;
  windowUrl: string;
  webPreferences: Record<string, unknown>;
  preloadExists: boolean;
  created: { ok: boolean; data?: { api_key_id: string; api_key: string } };
  foreign: unknown;
  page: { status: number; csp: string; hasRoot: boolean } | null;
  escapeStatus: number;
  sent: [string, unknown][];
  messageBoxes: Record<string, unknown>[];
  menuRoles: string[];
  copied: { ok: boolean; data?: { clearsAfterSeconds: number } };
  clipboardAfterCopy: Record<string, string>;
  quitHeld: boolean;
  clipboardAtQuit: Record<string, string>;
  quitRequests: number;
}

/** What main reports when it exits before it is ready (app.exit). */
interface ExitReport {
  exitCode: number;
  errorBoxes: string[];
  removedSwitches: string[];
  calls: string[];
  windowCount: number;
  ipcHandles: string[];
}

interface RunOptions {
  /** Which button the person at a message box presses. */
  readonly messageBoxResponse?: number;
  /** Plays a packaged app (app.isPackaged). */
  readonly packaged?: boolean;
  /** Command-line arguments after the bundle's path. */
  readonly args?: readonly string[];
}

/** Runs the built main under the fake Electron with its data folder in `home`; returns its report. */
function runMain<R = Report>(home: string, { messageBoxResponse = 0, packaged = false, args = [] }: RunOptions = {}): R {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: home,
    APPDATA: home,
    FAKE_ELECTRON_MESSAGE_BOX_RESPONSE: String(messageBoxResponse),
    FAKE_ELECTRON_PACKAGED: packaged ? '1' : '0',
  };
  delete env.KEYDESK_DB;
  delete env.KEYDESK_API_KEY;
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['--import', REGISTER, join(ROOT, 'dist/main/index.js'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
  // A run that got going reports on stdout; one that exits first (app.exit) reports on stderr.
  const line =
    result.stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT ')) ?? result.stderr.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_EXIT '));
  if (!line) throw new Error(`main did not report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice(line.indexOf(' ') + 1)) as R;
}

let configHome: string;
let report: Report;

beforeAll(async () => {
  await buildAppOnce();
  configHome = tempDir('keydesk-main-bundle-');
  report = runMain(configHome);
}, 120_000);
afterAll(() => rmSync(configHome, { recursive: true, force: true }));

it('shares its data folder with the CLI, holds the single-instance lock and enables the sandbox everywhere', () => {
  if (process.platform === 'linux') expect(report.paths.userData).toBe(join(configHome, 'Keydesk'));
  expect(report.calls).toEqual(expect.arrayContaining(['enableSandbox', 'requestSingleInstanceLock']));
  expect(report.calls).not.toContain('quit');
  expect(report.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
});

it('registers exactly the contract channels, and no other IPC listener', () => {
  expect(report.ipcHandles).toEqual([...CHANNELS].sort());
  expect(report.ipcOn).toEqual([]);
});

it('answers the app window and refuses a foreign frame', () => {
  expect(report.created.ok).toBe(true);
  expect(report.foreign).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: 'calls are accepted only from the Keydesk window' }] });
});

it('serves the built renderer over app:// with the CSP, and nothing outside it', () => {
  expect(report.page).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, hasRoot: true });
  expect(report.escapeStatus).toBe(404);
});

it('opens one hardened window on app://keydesk with the bundled preload', () => {
  expect(report.windowCount).toBe(1);
  expect(report.windowUrl).toBe('app://keydesk/index.html');
  expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  expect(String(report.webPreferences.preload)).toMatch(/dist[\\/]preload[\\/]index\.cjs$/);
  expect(report.preloadExists).toBe(true);
  expect(report.calls).toEqual(
    expect.arrayContaining(['setWindowOpenHandler', 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler', 'onBeforeRequest']),
  );
});

it('sends New Key from the menu to the renderer as a contract event', () => {
  expect(report.sent).toContainEqual(['menu:command', { command: 'new-key' }]);
});

it('remembers the window bounds in the settings file beside the store, which the CLI reads too', async () => {
  const folder = report.paths.userData!;
  const settings = JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8')) as { windowBounds: unknown };
  expect(settings.windowBounds).toEqual({ x: 40, y: 30, width: 1000, height: 700 });
  expect(existsSync(join(folder, 'keydesk.db'))).toBe(true);

  const cli = await runCli(['keys', 'list', '--json'], { env: { XDG_CONFIG_HOME: configHome, APPDATA: configHome, KEYDESK_DB: undefined, KEYDESK_API_KEY: undefined } });
  expect(cli.code).toBe(0);
  expect(JSON.parse(cli.stdout)).toEqual({ result: [{ name: 'made in the app', api_key_id: report.created.data?.api_key_id }] });
});

it('copies a key only through the clearing copy, marked as a secret, and clears it before quitting', () => {
  const key = report.created.data?.api_key;
  expect(report.copied).toEqual({ ok: true, data: { clearsAfterSeconds: 60 } });
  const mark = {
    darwin: ['org.nspasteboard.ConcealedType', key],
    win32: ['CanIncludeInClipboardHistory', '00000000'],
  }[process.platform as string] ?? ['x-kde-passwordManagerHint', 'secret'];
  expect(report.clipboardAfterCopy).toMatchObject({ 'text/plain': key, [`electron application/osclipboard;format="${mark[0]}"`]: mark[1] });
  // Quitting with the 60 s clear still pending: the quit is held, the clipboard cleared, the quit resumed.
  expect([report.quitHeld, report.clipboardAtQuit, report.quitRequests]).toEqual([true, {}, 1]);
});

it('a development build has DevTools (and Reload) in its window and menu', () => {
  expect(report.webPreferences.devTools).toBe(true);
  expect(report.menuRoles).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
});

describe('a packaged build', () => {
  let home: string;
  beforeEach(() => (home = tempDir('keydesk-packaged-')));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('has no DevTools: not in the window\'s web preferences, not in the menu', () => {
    const packaged = runMain(home, { packaged: true });
    expect(packaged.windowCount).toBe(1);
    expect(packaged.webPreferences.devTools).toBe(false);
    expect(packaged.menuRoles).not.toContain('toggleDevTools');
    expect(packaged.menuRoles).not.toContain('reload');
  });

  it('refuses to start with a remote-debugging or inspector switch: says why, exits 1, opens no store and no window', () => {
    for (const args of [['--remote-debugging-port=9222'], ['--inspect=9229'], ['--remote-debugging-pipe', '--inspect-brk']]) {
      const refused = runMain<ExitReport>(home, { packaged: true, args });
      const names = args.map((arg) => arg.slice(2).split('=')[0]!);
      expect(refused.exitCode, args.join(' ')).toBe(1);
      expect(refused.errorBoxes).toEqual([`Keydesk: ${refusalMessage(names)}`]);
      expect(refused.removedSwitches).toEqual(names);
      expect([refused.windowCount, refused.ipcHandles]).toEqual([0, []]);
      expect(refused.calls).not.toContain('requestSingleInstanceLock');
      expect(existsSync(join(defaultDataDir({ XDG_CONFIG_HOME: home, APPDATA: home }), DATABASE_FILE))).toBe(false);
    }
  });
});

it.skipIf(process.platform === 'win32')('keeps its data folder private: the folder 0700, the store and the settings 0600', () => {
  const folder = report.paths.userData!;
  const modeOf = (name: string) => (statSync(join(folder, name)).mode & 0o777).toString(8);
  expect(modeOf('.')).toBe('700');
  expect(Object.fromEntries(readdirSync(folder).map((name) => [name, modeOf(name)]))).toEqual({ 'keydesk.db': '600', 'settings.json': '600' });
});

describe.runIf(process.platform !== 'darwin')('a damaged store at start (the data folder follows XDG_CONFIG_HOME / APPDATA)', () => {
  let home: string;
  let store: string;
  beforeEach(() => {
    home = tempDir('keydesk-main-start-');
    store = join(defaultDataDir({ XDG_CONFIG_HOME: home, APPDATA: home }), DATABASE_FILE);
    mkdirSync(dirname(store), { recursive: true });
    // Upgraded once (so a backup lies beside it), then cut short; sealed where the app looks.
    const keyring = fileKeyring(sealKeyDir({ XDG_CONFIG_HOME: home, APPDATA: home }));
    storeAtPreviousSchema(store, 3, keyring);
    openStore(store, { keyring }).close();
    truncateSync(store, 8192);
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('asks in a warning message box before any window; Quit quits with the folder untouched', () => {
    const files = () => readdirSync(dirname(store)).filter((name) => !name.endsWith('-shm') && !name.endsWith('-wal')).map((name) => [name, sha(join(dirname(store), name))]);
    const before = files();
    const quit = runMain(home, { messageBoxResponse: 1 });
    expect(quit.messageBoxes).toEqual([
      expect.objectContaining({ type: 'warning', message: 'Keydesk cannot open its key store', buttons: ['Restore backup', 'Quit'], defaultId: 0, cancelId: 1, detail: expect.stringMatching(/it is truncated: 8192 bytes/) }),
    ]);
    expect(quit.calls).toContain('quit');
    expect(quit.windowCount).toBe(0);
    expect(quit.ipcHandles).toEqual([]);
    expect(files()).toEqual(before);
  });

  it('Restore backup puts the backup in place, keeps the damaged file aside, and the app opens on it', () => {
    const damaged = sha(store);
    const restored = runMain(home, { messageBoxResponse: 0 });
    expect(restored.messageBoxes).toHaveLength(1);
    expect(restored.calls).not.toContain('quit');
    expect(restored.windowCount).toBe(1);
    expect(restored.created.ok).toBe(true);
    const aside = readdirSync(dirname(store)).filter((name) => name.startsWith('keydesk.db.replaced-') && !/-(wal|shm)$/.test(name));
    expect(aside.map((name) => sha(join(dirname(store), name)))).toEqual([damaged]);
    expect(keyCount(store)).toBe(3 + 1);
  });
});
