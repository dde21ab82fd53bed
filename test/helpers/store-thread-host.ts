/**
 * Electron main as the app wires it, without Electron: the sender-checking forwarder on a
 * recording ipcMain, and the store thread (main/app/store-worker.ts, a real worker thread) over a
 * store in a temp folder, with main's ports played by a real conf settings file and scripted
 * dialogs and startup answers. For the store thread's tests and the benchmark of main's event loop.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { Result } from '../../common/ipc/contract.ts';
import { decodeResult } from '../../common/ipc/wire.ts';
import type { StartChoice, StartQuestion } from '../../main/app/open-store-at-start.ts';
import { startStoreThread, type StoreThread, type StoreThreadStart } from '../../main/app/store-thread.ts';
import { registerForwardingIpc, trustFramesFrom, type IpcEventLike } from '../../main/ipc/dispatcher.ts';
import type { StoreClosedOutcome } from '../../main/ipc/handlers.ts';
import { createSettingsPort, settingsFileOptions, type SettingsPort } from '../../main/settings/settings-store.ts';
import { APP_ORIGIN, appFrame, RecordingIpcMain } from './ipc-host.ts';
import { tempDir } from './temp-store.ts';

export const STORE_WORKER = new URL('../../main/app/store-worker.ts', import.meta.url);

export interface StoreThreadHost {
  readonly dir: string;
  /** The store file the thread opened. */
  readonly path: string;
  readonly thread: StoreThread;
  readonly start: StoreThreadStart;
  /** Main's settings file (the store thread reads and writes it through main). */
  readonly settings: SettingsPort;
  /** What the next file dialogs answer, in order (a path, or null for Cancel); empty means Cancel. */
  readonly dialogAnswers: (string | null)[];
  readonly dialogRequests: { kind: 'save' | 'open' | 'folder'; title: string }[];
  /** Startup questions main was asked, and what to answer (default: quit). */
  readonly prompts: StartQuestion[];
  readonly promptAnswers: StartChoice[];
  readonly clipboardWrites: [string, number][];
  /** Plain text main copied (the audit head), apart from secrets. */
  readonly textCopies: string[];
  /** Events the store thread pushed through main, in order. */
  readonly events: { event: string; payload: unknown }[];
  readonly storeClosures: StoreClosedOutcome[];
  /** A call from the window (the app's top frame unless `event` says otherwise), decoded as the preload does. */
  call<T>(channel: string, input?: unknown, event?: IpcEventLike): Promise<Result<T>>;
  /** The same call's answer as the wire text main sends the window. */
  callOverWire(channel: string, input?: unknown, event?: IpcEventLike): Promise<string>;
  /** Stops the thread (the store closes) and removes the temp folder. */
  close(): Promise<void>;
}

export interface StoreThreadHostOptions {
  /** Puts something at the store's path before the thread opens it (a damaged store, say). */
  readonly prepare?: (path: string) => void;
  readonly promptAnswers?: readonly StartChoice[];
}

export async function startStoreThreadHost({ prepare, promptAnswers = [] }: StoreThreadHostOptions = {}): Promise<StoreThreadHost> {
  const dir = tempDir('keydesk-thread-');
  const path = join(dir, 'keydesk.db');
  prepare?.(path);
  const settings = createSettingsPort(new Conf({ cwd: join(dir, 'settings'), ...settingsFileOptions('0.1.0') }));
  const dialogAnswers: (string | null)[] = [];
  const dialogRequests: { kind: 'save' | 'open' | 'folder'; title: string }[] = [];
  const prompts: StartQuestion[] = [];
  const answers = [...promptAnswers];
  const clipboardWrites: [string, number][] = [];
  const textCopies: string[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const storeClosures: StoreClosedOutcome[] = [];
  const answer = (kind: 'save' | 'open' | 'folder', title: string) => {
    dialogRequests.push({ kind, title });
    return Promise.resolve(dialogAnswers.shift() ?? null);
  };
  const thread = startStoreThread({
    script: STORE_WORKER,
    databasePath: path,
    appInfo: { version: '0.0.0-test', database: path, platform: process.platform },
    ports: {
      dialogs: {
        chooseSaveFile: ({ title }) => answer('save', title),
        chooseOpenFile: ({ title }) => answer('open', title),
        chooseFolder: ({ title }) => answer('folder', title),
      },
      startPrompt: {
        ask: (question) => {
          prompts.push(question);
          return Promise.resolve(answers.shift() ?? 'quit');
        },
      },
      clipboard: { copySecret: (text, seconds) => void clipboardWrites.push([text, seconds]) },
      copyText: (text) => void textCopies.push(text),
      settings,
      send: (event, payload) => void events.push({ event, payload }),
      onStoreClosed: (outcome) => void storeClosures.push(outcome),
    },
  });
  const start = await thread.started;
  const ipc = new RecordingIpcMain();
  registerForwardingIpc(ipc, thread.call, { isTrustedSender: trustFramesFrom([APP_ORIGIN]) });
  const callOverWire = async (channel: string, input?: unknown, event: IpcEventLike = appFrame) => String(await ipc.invoke(channel, event, input));
  return {
    dir,
    path,
    thread,
    start,
    settings,
    dialogAnswers,
    dialogRequests,
    prompts,
    promptAnswers: answers,
    clipboardWrites,
    textCopies,
    events,
    storeClosures,
    callOverWire,
    async call<T>(channel: string, input?: unknown, event?: IpcEventLike) {
      const decoded = decodeResult(await callOverWire(channel, input, event));
      if (!decoded) throw new Error(`${channel}: main answered something that is not wire text`);
      return decoded as Result<T>;
    },
    async close() {
      await thread.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
