/**
 * The store thread: a worker thread of Electron main that owns the key store. It opens the store
 * (asking main to put the startup question when the store is refused), builds the services, the
 * IPC handlers, the local API switch and the change watch over it, and answers the calls main
 * forwards. Everything that touches SQLite, the disk or the CPU for long — an import, an export, an
 * audit, a leak check, a bulk action, the local API's requests — runs here, so Electron main's
 * event loop (menus, dialogs, window moves, IPC) never waits on it.
 *
 * The handlers are the ones the browser test host runs in one thread; only their ports differ:
 * dialogs and the startup question are asked of main, the clipboard and events are handed to it,
 * settings are read and written through it (settings-bridge.ts).
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { encodeResult } from '../../common/ipc/wire.ts';
import { createHandlerDispatch } from '../ipc/dispatcher.ts';
import { createEventEmitter } from '../ipc/events.ts';
import type { FileDialogPort } from '../ipc/file-dialogs.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { startLocalApiSwitch } from '../server/local-api-switch.ts';
import { createServices } from '../services/services.ts';
import { watchExternalChanges } from '../store/change-watch.ts';
import { openStoreAtStart, type StartChoice, type StartPrompt } from './open-store-at-start.ts';
import { settingsOverBridge } from './settings-bridge.ts';
import type { FromStoreThread, MainQuestion, StoreWorkerData, ToStoreThread } from './store-thread-protocol.ts';

export async function runStoreWorker(port: MessagePort, data: StoreWorkerData): Promise<void> {
  const post = (message: FromStoreThread) => port.postMessage(message);

  // Questions for main (a dialog, the startup prompt), answered by id.
  let asked = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const ask = <T>(question: MainQuestion): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++asked;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      post({ kind: 'question', id, question });
    });

  let onCall: ((id: number, channel: Extract<ToStoreThread, { kind: 'call' }>['channel'], input: unknown) => void) | null = null;
  let stop: () => Promise<void> = async () => undefined;
  port.on('message', (message: ToStoreThread) => {
    if (message.kind === 'answer') {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.message));
    } else if (message.kind === 'call') {
      onCall?.(message.id, message.channel, message.input);
    } else {
      void stop().finally(() => {
        post({ kind: 'stopped' });
        port.close();
      });
    }
  });

  const prompt: StartPrompt = { ask: (question) => ask<StartChoice>({ ask: 'start', question }) };
  const opened = await openStoreAtStart(data.databasePath, prompt);
  if (opened.kind === 'quit') {
    post({ kind: 'started', outcome: 'quit' });
    return;
  }
  const { store } = opened;
  const settings = settingsOverBridge(data.settings);
  const emit = createEventEmitter((event, payload) => post({ kind: 'event', event, payload }));
  const dialogs: FileDialogPort = {
    chooseSaveFile: (request) => ask<string | null>({ ask: 'save-file', request }),
    chooseOpenFile: (request) => ask<string | null>({ ask: 'open-file', request }),
    chooseFolder: (request) => ask<string | null>({ ask: 'folder', request }),
  };
  const localApi = startLocalApiSwitch(data.databasePath, settings);
  const handlers = createIpcHandlers({
    services: createServices(store),
    settings,
    clipboard: { copySecret: (text, seconds) => post({ kind: 'copy-secret', text, seconds }) },
    copyText: (text) => post({ kind: 'copy-text', text }),
    dialogs,
    emit,
    appInfo: data.appInfo,
    localApi,
    onStoreClosed: (outcome) => post({ kind: 'store-closed', outcome }),
    ...(data.canPrintPdf && { printToPdf: (html: string) => ask<Uint8Array>({ ask: 'print-pdf', html }) }),
  });
  const dispatch = createHandlerDispatch(handlers, {
    onInternalError: (channel, error) => console.error(`ipc ${channel}: unexpected error`, error instanceof Error ? error.stack : error),
  });
  onCall = (id, channel, input) =>
    void dispatch(channel, input).then((result) => {
      let wire: string;
      try {
        wire = encodeResult(result);
      } catch {
        wire = encodeResult({ ok: false, code: 'INTERNAL', errors: [{ field: null, message: 'internal error' }] });
      }
      post({ kind: 'result', id, wire });
    });

  // The CLI or the local API committed to the store: tell the window to reload.
  const watch = watchExternalChanges(store.db, () => void emit('store:changed', { external: true }));
  stop = async () => {
    watch.stop();
    await localApi.stop();
    if (store.db.open) store.close();
  };
  post({ kind: 'started', outcome: 'opened', restored: opened.restored });
}

if (!isMainThread && parentPort) void runStoreWorker(parentPort, workerData as StoreWorkerData);
