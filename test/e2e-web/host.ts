/**
 * The browser test host: the renderer as Electron would show it, without Electron.
 *
 * - `startRendererServer` serves dist/renderer over HTTP on 127.0.0.1 through the same handler the
 *   `app://keydesk` protocol uses (same path rules, same CSP header).
 * - `attachKeydeskHost` gives a Playwright page `window.keydesk`, built by the preload's own
 *   `createKeydeskApi` (bundled with esbuild, injected before any page script), whose transport is
 *   a Playwright binding into main's real `registerIpcHandlers` dispatcher and handlers, over a real
 *   temp SQLite store and a real conf settings file. The sender check sees the calling frame's URL
 *   and parent, and trusts only the server's origin, top frame.
 * - Commits by other connections (a CLI process in a test) reach the page as `store:changed`,
 *   noticed by the same `watchExternalChanges` Electron main uses.
 */
import type { Frame, Page } from '@playwright/test';
import { createEventEmitter, type Emit, type SendEvent } from '../../main/ipc/events.ts';
import type { IpcEventLike } from '../../main/ipc/dispatcher.ts';
import { watchExternalChanges } from '../../main/store/change-watch.ts';
import type { EventName } from '../../common/ipc/contract.ts';
import { buildRenderer } from '../../scripts/build.ts';
import { openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { HOST_EMIT, HOST_INVOKE } from './bridge-names.ts';
import { bundleForPage } from './renderer-server.ts';

export { buildRenderer };
// Node-only, so benchmarks type-checked without DOM types can use it too.
export { startRendererServer, type RendererServer } from './renderer-server.ts';

/** The preload's API factory, bundled for the page (an IIFE, no imports left). */
export const bundlePageBridge = (): Promise<string> => bundleForPage('test/e2e-web/page-bridge.ts');

/** What Electron's `event.senderFrame` would say about the frame that called. */
const senderOf = (frame: Frame): IpcEventLike => ({ senderFrame: { url: frame.url(), parent: frame.parentFrame() } });

export interface KeydeskHost {
  /** Main's side: the temp store, services, dispatcher, clipboard writes and handler calls. */
  readonly main: IpcHost;
  /** Pushes a contract event into the page, as main's `webContents.send` does. */
  readonly emit: Emit;
  /** Polls once for commits by other connections (also polled every 100 ms). */
  checkExternalChanges(): boolean;
  close(): void;
}

export interface AttachOptions {
  /** The origin whose top frame may call (the renderer server's). */
  readonly trustedOrigin: string;
  /** From `bundlePageBridge()`. */
  readonly bridgeScript: string;
}

/** Wires `window.keydesk` into `page`; call before the page navigates to the app. */
export async function attachKeydeskHost(page: Page, { trustedOrigin, bridgeScript }: AttachOptions): Promise<KeydeskHost> {
  // As main's `webContents.send`: into the page, whether main pushes it (progress) or a test does.
  const sendToPage: SendEvent = async (event: EventName, payload: unknown) => {
    if (page.isClosed()) return;
    await page.evaluate(([name, event, payload]) => (globalThis as unknown as Record<string, (e: unknown, p: unknown) => void>)[name]?.(event, payload), [
      HOST_EMIT,
      event,
      payload,
    ] as const);
  };
  // A review's PDF, printed by this browser's Chromium as Electron's printToPDF does in the app.
  const printToPdf = async (html: string): Promise<Uint8Array> => {
    const printer = await page.context().newPage();
    try {
      await printer.setContent(html);
      return await printer.pdf({ printBackground: true, preferCSSPageSize: true });
    } finally {
      await printer.close();
    }
  };
  const main = openIpcHost({ trustedOrigins: [trustedOrigin], send: sendToPage, printToPdf });
  // The answer crosses as wire text, as the app's main sends it (common/ipc/wire.ts).
  await page.exposeBinding(HOST_INVOKE, ({ frame }, channel: unknown, input: unknown) => main.invokeOverWire(String(channel), input, senderOf(frame)));
  await page.addInitScript({ content: bridgeScript });

  const emit = createEventEmitter(sendToPage);
  const watch = watchExternalChanges(main.store.db, () => void emit('store:changed', { external: true }).catch(() => undefined), {
    intervalMs: 100,
  });

  return {
    main,
    emit,
    checkExternalChanges: () => watch.check(),
    close() {
      watch.stop();
      main.close();
    },
  };
}

/** Resolves once the renderer marked `<body data-app-state>`; rejects if it reports a failed start. */
export async function waitForAppReady(page: Page): Promise<void> {
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.body?.dataset.appState ?? ''));
  const state = await page.evaluate(() => document.body.dataset.appState);
  if (state !== 'ready') throw new Error(`the renderer started in state "${state}"`);
}
