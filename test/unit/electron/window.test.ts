/**
 * The acceptance test for the window's security settings: the real createMainWindow runs against a
 * recording Electron, and the options and handlers it installed are inspected and exercised.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow, START_URL } from '../../../main/electron/window.ts';
import { APP_SCHEME_PRIVILEGES, registerAppScheme, serveApp } from '../../../main/electron/protocol.ts';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../../main/electron/app-protocol.ts';
import { RecordingBrowserWindow } from './recording-electron.ts';

let window: RecordingBrowserWindow;
beforeEach(() => {
  window = createMainWindow(RecordingBrowserWindow, { preload: '/app/dist/preload/index.cjs', bounds: null, devTools: false });
});

describe('the main window', () => {
  it('is created with isolation, the sandbox, no Node and web security, and the bundled preload', () => {
    expect(window.options.webPreferences).toEqual({
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
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/dist/preload/index.cjs',
    });
    expect(window.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(window.options.show).toBe(false);
  });

  it('loads the app from app://keydesk, never file://, and shows once ready', () => {
    expect(window.loadedUrls).toEqual([`${APP_ORIGIN}/index.html`]);
    expect(START_URL.startsWith('app://keydesk/')).toBe(true);
    expect(window.shown).toBe(false);
    window.onceListeners.get('ready-to-show')?.();
    expect(window.shown).toBe(true);
  });

  it('uses remembered bounds when given, a default size otherwise', () => {
    expect(window.options).toMatchObject({ width: 1100, height: 760 });
    const restored = createMainWindow(RecordingBrowserWindow, { preload: 'p', bounds: { x: 10, y: 20, width: 900, height: 600 }, devTools: false });
    expect(restored.options).toMatchObject({ x: 10, y: 20, width: 900, height: 600 });
  });

  it('has DevTools only when asked (development builds): the web preference, not just the menu, says no', () => {
    expect(window.options.webPreferences?.devTools).toBe(false);
    expect(createMainWindow(RecordingBrowserWindow, { preload: 'p', bounds: null, devTools: true }).options.webPreferences?.devTools).toBe(true);
  });

  it('denies every navigation, redirect, new window and webview', () => {
    const contents = window.webContents;
    expect(contents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', `${APP_ORIGIN}/other.html`)).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
  });

  it("denies every permission request and check in the window's session, and all network requests", () => {
    const session = window.webContents.session;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      session.permissionRequestHandler?.(window.webContents, permission, (answer) => (granted = answer), {});
      expect(granted, permission).toBe(false);
      expect(session.permissionCheckHandler?.(window.webContents, permission), permission).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);

    const [block] = session.beforeRequest;
    expect(block?.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    let cancelled: boolean | undefined;
    block?.listener({ url: 'https://api.sendgrid.com/v3/api_keys' }, ({ cancel }) => (cancelled = cancel));
    expect(cancelled).toBe(true);
  });
});

describe('the app:// scheme', () => {
  it('is registered as standard and secure, with no bypass of CSP', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });

  it('is served only for the keydesk host, every response with the CSP header', async () => {
    let handler: ((request: Request) => Response | Promise<Response>) | undefined;
    serveApp({ handle: (scheme, h) => { expect(scheme).toBe('app'); handler = h; } }, '/nonexistent/renderer');
    const other = await handler!(new Request('app://other-host/index.html'));
    expect(other.status).toBe(404);
    expect(other.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
