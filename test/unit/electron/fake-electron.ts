/**
 * A stand-in for the `electron` module, for running the built main bundle (dist/main/index.js)
 * under plain Node: it records what main asks of Electron and, once main is ready, drives a short
 * scenario through what main registered (IPC calls from a trusted and a foreign frame, a request
 * to the app:// protocol, a menu click, closing the window), then prints one JSON report line and
 * exits. Loaded through register-fake-electron.ts; never imported by the app.
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
let menu: { id?: string; click?: () => void; submenu?: unknown }[] = [];

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

async function scenario(): Promise<void> {
  const invoke = (channel: string, url: string, input?: unknown) =>
    Promise.resolve(ipcHandlers.get(channel)?.({ senderFrame: { url, parent: null } }, input));
  const created = (await invoke('keys:create', 'app://keydesk/index.html', { name: 'made in the app', scopes: ['mail.send'] })) as {
    ok: boolean;
    data?: { api_key_id: string };
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
  const report = {
    paths,
    calls,
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
  };
  fire(appListeners, 'will-quit');
  process.stdout.write(`FAKE_ELECTRON_REPORT ${JSON.stringify(report)}\n`);
  process.exit(0);
}

// As `electron dist/main/index.js` starts it: argv is [binary, script, ...arguments].
Object.defineProperty(process, 'defaultApp', { value: true });

export const app = {
  isPackaged: false,
  // Started as the CLI (main/electron/cli-mode.ts): what it asked of Electron, then the CLI's exit code.
  disableHardwareAcceleration: () => void calls.push('disableHardwareAcceleration'),
  commandLine: { appendSwitch: (name: string, value?: string) => void calls.push(`appendSwitch ${name}${value ? `=${value}` : ''}`) },
  exit: (code: number) => {
    process.stderr.write(`FAKE_ELECTRON_EXIT ${JSON.stringify({ code, calls, windowCount: windows.length })}\n`);
    process.exit(code);
  },
  setPath: (name: string, value: string) => void (paths[name] = value),
  getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
  getVersion: () => '0.1.0',
  enableSandbox: () => void calls.push('enableSandbox'),
  requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
  on: (event: string, listener: Listener) => on(appListeners, event, listener),
  quit: () => void calls.push('quit'),
  whenReady: () => {
    // main's .then() runs first (a microtask); the scenario after it.
    setImmediate(() => void scenario());
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
export const clipboard = { writeText: async () => undefined, readText: async () => '' };
export const dialog = {
  showMessageBox: async (...args: unknown[]) => {
    messageBoxes.push(args.at(-1));
    return { response: MESSAGE_BOX_RESPONSE };
  },
};
export const shell = {};
export default { app, protocol, ipcMain, BrowserWindow, Menu, screen, clipboard, dialog, shell };
