/**
 * The main window and the hardening of every web contents and session. Electron is passed in (the
 * parts used, as small structural types) so a test runs this exact code against a recording fake
 * and asserts the options and handlers; only main.ts imports `electron` itself.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';

export const START_URL = `${APP_ORIGIN}/index.html`;

/** The first window's size, and the smallest the window may become: the key list fits both. */
export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;

export interface PreventableEvent {
  preventDefault(): void;
}

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;

/** The parts of a `Session` hardened here. */
export interface SessionLike {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  readonly webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** The parts of a `WebContents` hardened here. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike & { readonly session: SessionLike };
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export type BrowserWindowClass<W extends BrowserWindowLike> = new (options: BrowserWindowConstructorOptions) => W;

export interface MainWindowOptions {
  /** dist/preload/index.cjs */
  readonly preload: string;
  /** Restored from settings when still on a display; otherwise a default size, centred. */
  readonly bounds: Rectangle | null;
  /** Development builds only: a packaged app has no DevTools, whatever the menu or a shortcut asks. */
  readonly devTools: boolean;
}

/** The window shows only our own bundled page: no navigation, no new windows, no webviews. */
export function hardenWebContents(contents: WebContentsLike): void {
  const deny = (event: PreventableEvent) => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** An offline admin tool needs no camera, notification, clipboard-read or device permission, and no network. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
}

/**
 * Creates the hardened main window and loads the app into it. The web preferences are written out
 * in full at the constructor call, although most are Electron's defaults, so a review, the
 * electronegativity scan and the recording-fake test all see them.
 */
export function createMainWindow<W extends BrowserWindowLike>(BrowserWindow: BrowserWindowClass<W>, { preload, bounds, devTools }: MainWindowOptions): W {
  const window = new BrowserWindow({
    ...(bounds ?? DEFAULT_WINDOW_SIZE),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Keydesk',
    // Shown once the first paint is ready, so the window never flashes blank.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
      // A middle click on a link would otherwise ask for a new window (denied anyway, below).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(window.webContents);
  hardenSession(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(START_URL);
  return window;
}
