/**
 * A stand-in for the `electron` module, for running the built main bundle (dist/main/index.js)
 * under plain Node: it records what main asks of Electron and, once main is ready, drives a short
 * scenario through what main registered (IPC calls from a trusted and a foreign frame, a request
 * to the app:// protocol, a menu click, copying a key, closing the window, quitting), then prints
 * one JSON report line and exits. `FAKE_ELECTRON_PACKAGED=1` plays a packaged app; a main that
 * exits early (app.exit) reports what it did until then. Loaded through register-fake-electron.ts;
 * never imported by the app.
 */
import { existsSync } from 'node:fs';

type Listener = (...args: unknown[]) => unknown;

const paths: Record<string, string> = { documents: '/tmp' };
const appListeners = new Map<string, Listener[]>();
const ipcHandlers = new Map<string, Listener>();
const ipcOn = new Set<string>();
const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
const privileged: unknown[] = [];
const windows: FakeBrowserWindow[] = [];
const sent: [string, unknown][] = [];
const calls: string[] = [];
const messageBoxes: unknown[] = [];
// Which button the person at a message box presses (the startup question on a refused store).
const MESSAGE_BOX_RESPONSE = Number(process.env.FAKE_ELECTRON_MESSAGE_BOX_RESPONSE ?? 0);
const errorBoxes: string[] = [];
const removedSwitches: string[] = [];
let quitRequests = 0;
let menu: { id?: string; click?: () => void; submenu?: unknown }[] = [];
let reported = false;

const on = (map: Map<string, Listener[]>, event: string, listener: Listener) => map.set(event, [...(map.get(event) ?? []), listener]);
const fire = (map: Map<string, Listener[]>, event: string, ...args: unknown[]) => map.get(event)?.forEach((l) => l(...args));

class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  readonly session = {
    setPermissionRequestHandler: () => void calls.push('setPermissionRequestHandler'),
    setPermissionCheckHandler: () => void calls.push('setPermissionCheckHandler'),
    setDevicePermissionHandler: () => void calls.push('setDevicePermissionHandler'),
    webRequest: { onBeforeRequest: () => void calls.push('onBeforeRequest') },
  };
  on(event: string, listener: Listener) {
    on(this.listeners, event, listener);
    return this;
  }
  setWindowOpenHandler() {
    calls.push('setWindowOpenHandler');
  }
  send(channel: string, payload: unknown) {
    sent.push([channel, payload]);
  }
}

class FakeBrowserWindow {
  static getAllWindows = () => windows;
  readonly webContents = new FakeWebContents();
  readonly listeners = new Map<string, Listener[]>();
  readonly options: Record<string, unknown>;
  url = '';
  constructor(options: Record<string, unknown>) {
    this.options = options;
    windows.push(this);
    fire(appListeners, 'web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  on(event: string, listener: Listener) {
    on(this.listeners, event, listener);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  show() {}
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1000, height: 700 };
  }
}

/** The system clipboard: one entry, each format's payload as text (Blobs as their bytes in hex). */
let clipboardEntry: Record<string, string> = {};

export class ClipboardItem {
  readonly formats: Record<string, string | Blob>;
  constructor(formats: Record<string, string | Blob>) {
    this.formats = formats;
  }
}

const report = (fields: Record<string, unknown>) => process.stdout.write(`FAKE_ELECTRON_REPORT ${JSON.stringify(fields)}\n`);
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function scenario(): Promise<void> {
  // Main answers as wire text (common/ipc/wire.ts), which the preload parses.
  const invoke = async (channel: string, url: string, input?: unknown) => {
    const handler = ipcHandlers.get(channel);
    return handler ? (JSON.parse(String(await handler({ senderFrame: { url, parent: null } }, input))) as unknown) : undefined;
  };
  const created = (await invoke('keys:create', 'app://keydesk/index.html', { name: 'made in the app', scopes: ['mail.send'] })) as {
    ok: boolean;
    data?: { api_key_id: string; api_key: string };
  };
  const foreign = await invoke('keys:list', 'https://evil.example/', {});
  const handler = protocolHandlers.get('app');
  const page = handler ? await handler(new Request('app://keydesk/index.html')) : null;
  const escape = handler ? await handler(new Request('app://keydesk/..%2f..%2fpackage.json')) : null;
  const flatten = (items: typeof menu): typeof menu => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu as typeof menu) : [])]);
  flatten(menu).find((item) => item.id === 'new-key')?.click?.();
  await new Promise((resolve) => setImmediate(resolve));
  const window = windows[0];
  fire(window?.listeners ?? new Map(), 'close');

  // Copy the new key through main, then quit with its clear still pending (60 s by default).
  const copied = await invoke('clipboard:copy-secret', 'app://keydesk/index.html', { text: created?.data?.api_key ?? '' });
  await settle();
  const clipboardAfterCopy = { ...clipboardEntry };
  const callsBeforeQuit = [...calls];
  let quitHeld = false;
  fire(appListeners, 'before-quit', { preventDefault: () => void (quitHeld = true) });
  await settle();

  const fields = {
    paths,
    calls: callsBeforeQuit,
    privileged,
    ipcHandles: [...ipcHandlers.keys()].sort(),
    ipcOn: [...ipcOn],
    windowCount: windows.length,
    windowUrl: window?.url,
    webPreferences: window?.options.webPreferences,
    preloadExists: existsSync(String((window?.options.webPreferences as { preload?: string } | undefined)?.preload)),
    created,
    foreign,
    page: page && { status: page.status, csp: page.headers.get('content-security-policy'), hasRoot: (await page.text()).includes('<div id="root">') },
    escapeStatus: escape?.status,
    sent,
    messageBoxes,
    menuRoles: flatten(menu).map((item) => (item as { role?: string }).role).filter(Boolean),
    copied,
    clipboardAfterCopy,
    quitHeld,
    clipboardAtQuit: clipboardEntry,
    quitRequests,
  };
  report(fields);
  reported = true;
  // Quitting: main closes the store (on its thread) and quits again once it has.
  let held = false;
  fire(appListeners, 'will-quit', { preventDefault: () => void (held = true) });
  if (!held) process.exit(0);
}

// As `electron dist/main/index.js` starts it: argv is [binary, script, ...arguments].
Object.defineProperty(process, 'defaultApp', { value: true });

export const app = {
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  // Started as the CLI (main/electron/cli-mode.ts): what it asked of Electron, then the CLI's exit code.
  disableHardwareAcceleration: () => void calls.push('disableHardwareAcceleration'),
  commandLine: {
    hasSwitch: () => false,
    removeSwitch: (name: string) => void removedSwitches.push(name),
    appendSwitch: (name: string, value?: string) => void calls.push(`appendSwitch ${name}${value ? `=${value}` : ''}`),
  },
  // On stderr: in CLI mode stdout is the command's own output.
  exit: (code: number) => {
    const fields = { code, exitCode: code, errorBoxes, removedSwitches, calls, windowCount: windows.length, ipcHandles: [...ipcHandlers.keys()] };
    process.stderr.write(`FAKE_ELECTRON_EXIT ${JSON.stringify(fields)}\n`);
    process.exit(code);
  },
  setPath: (name: string, value: string) => void (paths[name] = value),
  getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
  getVersion: () => '0.1.0',
  enableSandbox: () => void calls.push('enableSandbox'),
  requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
  on: (event: string, listener: Listener) => on(appListeners, event, listener),
  quit: () => {
    calls.push('quit');
    quitRequests++;
    // A quit after the scenario reported: the app is done.
    if (reported) process.exit(0);
  },
  whenReady: () => {
    // main's .then() runs first; the scenario once main has opened its window or quit (its store
    // opens on a thread of its own, so that takes a few turns of the event loop).
    const settled = () => windows.length > 0 || calls.includes('quit');
    const wait = (deadline: number): void =>
      void (settled() || Date.now() > deadline ? scenario() : setTimeout(() => wait(deadline), 10));
    setImmediate(() => wait(Date.now() + 30_000));
    return Promise.resolve();
  },
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void privileged.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
};
export const ipcMain = {
  handle: (channel: string, listener: Listener) => void ipcHandlers.set(channel, listener),
  on: (channel: string) => void ipcOn.add(channel),
  removeAllListeners: (channel: string) => void ipcOn.delete(channel),
};
export const BrowserWindow = FakeBrowserWindow;
export const Menu = {
  buildFromTemplate: (template: typeof menu) => template,
  setApplicationMenu: (template: typeof menu) => void (menu = template),
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const clipboard = {
  write: async (items: ClipboardItem[]) => {
    clipboardEntry = {};
    for (const [type, payload] of Object.entries(items[0]?.formats ?? {})) {
      clipboardEntry[type] = typeof payload === 'string' ? payload : Buffer.from(await payload.arrayBuffer()).toString('hex');
    }
  },
  readText: async () => clipboardEntry['text/plain'] ?? '',
  clear: () => void (clipboardEntry = {}),
};
export const dialog = {
  showErrorBox: (title: string, content: string) => void errorBoxes.push(`${title}: ${content}`),
  showMessageBox: async (...args: unknown[]) => {
    messageBoxes.push(args.at(-1));
    return { response: MESSAGE_BOX_RESPONSE };
  },
};
export const shell = {};
export default { app, protocol, ipcMain, BrowserWindow, Menu, screen, clipboard, ClipboardItem, dialog, shell };
