/**
 * A recording stand-in for the parts of Electron the window code uses. The Electron binary cannot
 * run here, so the acceptance test runs the real window/session code against this and inspects
 * what it asked for: constructor options, and the handlers it installed (which the test then calls).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { BrowserWindowLike, PreventableEvent, SessionLike, WebContentsLike } from '../../../main/electron/window.ts';

type Listener = (...args: never[]) => unknown;

export class RecordingSession implements SessionLike {
  permissionRequestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
  permissionCheckHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
  devicePermissionHandler: Parameters<SessionLike['setDevicePermissionHandler']>[0] = null;
  readonly beforeRequest: { filter: { urls: string[] }; listener: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void }[] = [];
  setPermissionRequestHandler(handler: Parameters<SessionLike['setPermissionRequestHandler']>[0]): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Parameters<SessionLike['setPermissionCheckHandler']>[0]): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Parameters<SessionLike['setDevicePermissionHandler']>[0]): void {
    this.devicePermissionHandler = handler;
  }
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) =>
      void this.beforeRequest.push({ filter, listener }),
  };
}

export class RecordingWebContents implements WebContentsLike {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  readonly session = new RecordingSession();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Fires an event as Electron would; true if some listener called preventDefault(). */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const preventable: PreventableEvent = { preventDefault: () => void (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(preventable, ...args);
    return prevented;
  }
}

export class RecordingBrowserWindow implements BrowserWindowLike {
  static readonly created: RecordingBrowserWindow[] = [];
  readonly webContents = new RecordingWebContents();
  readonly loadedUrls: string[] = [];
  readonly onceListeners = new Map<string, () => void>();
  shown = false;
  readonly options: BrowserWindowConstructorOptions;
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
    RecordingBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  once(event: string, listener: () => void): this {
    this.onceListeners.set(event, listener);
    return this;
  }
  show(): void {
    this.shown = true;
  }
}
