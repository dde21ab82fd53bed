/**
 * Main's IPC side without Electron: the real handlers and dispatcher over a temp store and a real
 * conf settings file, registered on a minimal ipcMain stand-in.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { registerIpcHandlers, trustFramesFrom, type Dispatch, type Handlers, type IpcEventLike, type IpcMainLike } from '../../main/ipc/dispatcher.ts';
import { createEventEmitter, type SendEvent } from '../../main/ipc/events.ts';
import type { EventName, Result } from '../../common/ipc/contract.ts';
import { encodeResult } from '../../common/ipc/wire.ts';
import { createIpcHandlers, type StoreClosedOutcome } from '../../main/ipc/handlers.ts';
import type { Actor } from '../../main/services/caller.ts';
import type { PrintToPdf } from '../../main/services/review-report.ts';
import { startLocalApiSwitch, type LocalApiSwitch } from '../../main/server/local-api-switch.ts';
import { createSettingsPort, settingsFileOptions } from '../../main/settings/settings-store.ts';
import { createServices } from '../../main/services/services.ts';
import { APP_ORIGIN } from '../../main/electron/app-protocol.ts';
import { openTempStore, type TempStore, type TempStoreOptions } from './temp-store.ts';

export { APP_ORIGIN };
export const appFrame: IpcEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

/** Records what main registers, and lets a test invoke it as Electron would. */
export class RecordingIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`);
    this.listeners.set(channel, listener);
  }
  invoke(channel: string, event: IpcEventLike, input?: unknown): Promise<unknown> {
    const listener = this.listeners.get(channel);
    if (!listener) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(listener(event, input));
  }
}

export interface IpcHost extends TempStore {
  readonly ipc: RecordingIpcMain;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  /** Clipboard writes main made: [text, clear-after seconds]. */
  readonly clipboardWrites: [string, number][];
  /** Text main put on the clipboard that is not secret (the audit log's head). */
  readonly textCopies: string[];
  /** Handler calls, by channel (to prove rejected calls never reach a handler). */
  readonly handlerCalls: string[];
  /** What the next file dialogs answer, in order (a path, or null for Cancel); empty means Cancel. */
  readonly dialogAnswers: (string | null)[];
  /** The file dialogs main opened, with what they asked. */
  readonly dialogRequests: { kind: 'save' | 'open' | 'folder'; title: string }[];
  /** Each time the handlers closed the store to replace it with a backup, and how that went. */
  readonly storeClosures: StoreClosedOutcome[];
  /** Events main pushed (validated against the contract), in order. */
  readonly events: { event: EventName; payload: unknown }[];
  /** The local API behind the settings switch, on its own connection to this store, as in the app. */
  readonly localApi: LocalApiSwitch;
  /** A call as the window makes it: main's answer comes back as wire text (common/ipc/wire.ts), as the app sends it. */
  invokeOverWire(channel: string, input?: unknown, event?: IpcEventLike): Promise<string>;
}

export interface IpcHostOptions extends TempStoreOptions {
  /** Origins whose top frames may call (default: the app's own, app://keydesk). */
  readonly trustedOrigins?: readonly string[];
  /** Where main's pushed events go besides `events` (the browser test host: into the page). */
  readonly send?: SendEvent;
  /** Who acts through the handlers (default: the owner, as in the app). */
  readonly actor?: Actor;
  /** Chromium's print-to-PDF for review reports (the browser test host: Playwright's Chromium). */
  readonly printToPdf?: PrintToPdf;
}

export function openIpcHost({ trustedOrigins = [APP_ORIGIN], send, actor, printToPdf, ...storeOptions }: IpcHostOptions = {}): IpcHost {
  const temp = openTempStore(storeOptions);
  const settings = createSettingsPort(new Conf({ cwd: join(temp.dir, 'settings'), ...settingsFileOptions('0.1.0') }));
  const clipboardWrites: [string, number][] = [];
  const textCopies: string[] = [];
  const handlerCalls: string[] = [];
  const storeClosures: StoreClosedOutcome[] = [];
  const dialogAnswers: (string | null)[] = [];
  const dialogRequests: { kind: 'save' | 'open' | 'folder'; title: string }[] = [];
  const events: { event: EventName; payload: unknown }[] = [];
  const emit = createEventEmitter(async (event, payload) => {
    events.push({ event, payload });
    await send?.(event, payload);
  });
  const answer = (kind: 'save' | 'open' | 'folder', title: string) => {
    dialogRequests.push({ kind, title });
    return Promise.resolve(dialogAnswers.shift() ?? null);
  };
  const localApi = startLocalApiSwitch(temp.path, settings, temp.clock);
  const real = createIpcHandlers({
    services: createServices(temp.store, temp.clock),
    settings,
    clipboard: { copySecret: (text, seconds) => void clipboardWrites.push([text, seconds]) },
    copyText: (text) => void textCopies.push(text),
    dialogs: {
      chooseSaveFile: ({ title }) => answer('save', title),
      chooseOpenFile: ({ title }) => answer('open', title),
      chooseFolder: ({ title }) => answer('folder', title),
    },
    emit,
    appInfo: { version: '0.0.0-test', database: temp.path, platform: process.platform },
    localApi,
    onStoreClosed: (outcome) => void storeClosures.push(outcome),
    ...(actor && { actor }),
    ...(printToPdf && { printToPdf }),
  });
  const handlers = Object.fromEntries(
    Object.entries(real).map(([channel, handler]) => [
      channel,
      (input: unknown) => {
        handlerCalls.push(channel);
        return (handler as (input: unknown) => unknown)(input);
      },
    ]),
  ) as unknown as Handlers;
  const ipc = new RecordingIpcMain();
  const dispatch = registerIpcHandlers(ipc, handlers, { isTrustedSender: trustFramesFrom(trustedOrigins) });
  return {
    ...temp,
    ipc,
    handlers,
    dispatch,
    clipboardWrites,
    textCopies,
    handlerCalls,
    dialogAnswers,
    dialogRequests,
    storeClosures,
    events,
    localApi,
    invokeOverWire: async (channel, input, event = appFrame) => encodeResult((await ipc.invoke(channel, event, input)) as Result<unknown>),
    close() {
      // A server left on by a test lets go of its port and connection (await `localApi.stop()` to wait for it).
      void localApi.stop();
      temp.close();
    },
  };
}

/** Invokes a channel as the app's own page would. */
export const callAsApp = (host: IpcHost, channel: string, input?: unknown) => host.ipc.invoke(channel, appFrame, input);

/** The data of a successful call as the app; fails the test with main's errors otherwise. */
export async function okAsApp<T>(host: IpcHost, channel: string, input?: unknown): Promise<T> {
  const result = (await callAsApp(host, channel, input)) as { ok: boolean; data?: T; errors?: unknown };
  if (!result.ok) throw new Error(`${channel} refused: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}
