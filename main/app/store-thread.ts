/**
 * Electron main's side of the store thread (store-worker.ts): starts it, forwards the window's
 * calls to it and hands back their answers as wire text, and serves what it asks of the platform
 * through main's ports (native dialogs, the startup question, the clipboard, the settings file,
 * the window's events). No Electron here: the ports come in, so the same code runs under plain
 * Node in tests and in the benchmark that measures main's event loop.
 *
 * Why a thread rather than breaking long work into slices: an import parses a file of hundreds of
 * megabytes and commits 100,000 keys in one transaction (all or nothing), an audit walks every key,
 * and the local API answers its callers; slicing each would hold transactions open across turns of
 * main's event loop and interleave other calls with them. On a thread of its own, SQLite work runs
 * whole and in order, as it did, and main only passes messages (see docs/performance.md).
 */
import { Worker } from 'node:worker_threads';
import type { Channel } from '../../common/ipc/contract.ts';
import { encodeResult } from '../../common/ipc/wire.ts';
import type { RestoreResult } from '../../common/app-info.ts';
import type { SendEvent } from '../ipc/events.ts';
import type { FileDialogPort } from '../ipc/file-dialogs.ts';
import type { SecretClipboardPort, StoreClosedOutcome } from '../ipc/handlers.ts';
import type { PrintToPdf } from '../services/review-report.ts';
import type { SettingsPort } from '../settings/settings-store.ts';
import type { StartPrompt } from './open-store-at-start.ts';
import { serveSettings } from './settings-bridge.ts';
import type { FromStoreThread, MainQuestion, StoreWorkerData, ToStoreThread } from './store-thread-protocol.ts';

/** What the store thread reaches through main. */
export interface MainPorts {
  readonly dialogs: FileDialogPort;
  readonly startPrompt: StartPrompt;
  readonly clipboard: SecretClipboardPort;
  /** Copies text that holds no secret (the audit head). */
  readonly copyText: (text: string) => void;
  /** Chromium's print-to-PDF for review reports; without it, a PDF report is refused. */
  readonly printToPdf?: PrintToPdf;
  readonly settings: SettingsPort;
  /** Pushes an event (already checked against the contract) to the window. */
  readonly send: SendEvent;
  /** `store:restore-backup` closed the store: the app must open it again (Electron: relaunch). */
  readonly onStoreClosed: (outcome: StoreClosedOutcome) => void;
}

export interface StoreThreadOptions extends Omit<StoreWorkerData, 'settings' | 'canPrintPdf'> {
  /** The worker's script: main/app/store-worker.ts, or its bundle beside main's (dist/main/store-worker.js). */
  readonly script: URL;
  readonly ports: MainPorts;
  /** How long `stop()` waits for the store to close before ending the thread. */
  readonly stopWithinMs?: number;
}

export type StoreThreadStart = { readonly kind: 'opened'; readonly restored: RestoreResult | null } | { readonly kind: 'quit' };

export interface StoreThread {
  /** Resolves once the store is open, or the user chose to quit at the startup question; rejects if the thread failed first. */
  readonly started: Promise<StoreThreadStart>;
  /** Runs a call main let through; resolves to its answer as wire text, failures included. */
  call(channel: Channel, input: unknown): Promise<string>;
  /** Closes the store and ends the thread (at most `stopWithinMs`, then the thread is ended as it stands). */
  stop(): Promise<void>;
}

/** The answer to a call the store thread can no longer give. */
const storeGone = encodeResult({
  ok: false,
  code: 'INTERNAL',
  errors: [{ field: null, message: "Keydesk's key store stopped unexpectedly; restart Keydesk" }],
});

async function answer(ports: MainPorts, question: MainQuestion): Promise<unknown> {
  switch (question.ask) {
    case 'save-file':
      return ports.dialogs.chooseSaveFile(question.request);
    case 'open-file':
      return ports.dialogs.chooseOpenFile(question.request);
    case 'folder':
      return ports.dialogs.chooseFolder(question.request);
    case 'start':
      return ports.startPrompt.ask(question.question);
    case 'print-pdf':
      if (!ports.printToPdf) throw new Error('this host cannot print to PDF');
      return ports.printToPdf(question.html);
  }
}

export function startStoreThread({ script, ports, stopWithinMs = 5000, ...data }: StoreThreadOptions): StoreThread {
  const settings = serveSettings(ports.settings);
  const workerData: StoreWorkerData = { ...data, settings: settings.end, canPrintPdf: ports.printToPdf !== undefined };
  const worker = new Worker(script, { workerData, transferList: [settings.end.port] });
  const post = (message: ToStoreThread) => worker.postMessage(message);

  let calls = 0;
  const pending = new Map<number, (wire: string) => void>();
  let running = true;
  let onStarted: { resolve: (start: StoreThreadStart) => void; reject: (error: Error) => void };
  const started = new Promise<StoreThreadStart>((resolve, reject) => (onStarted = { resolve, reject }));
  let onStopped = () => undefined as void;
  const stopped = new Promise<void>((resolve) => (onStopped = resolve));

  worker.on('message', (message: FromStoreThread) => {
    switch (message.kind) {
      case 'result':
        pending.get(message.id)?.(message.wire);
        pending.delete(message.id);
        return;
      case 'event':
        void Promise.resolve(ports.send(message.event, message.payload)).catch(() => undefined);
        return;
      case 'question':
        void answer(ports, message.question).then(
          (value) => post({ kind: 'answer', id: message.id, ok: true, value }),
          (error: unknown) => post({ kind: 'answer', id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
        );
        return;
      case 'copy-secret':
        ports.clipboard.copySecret(message.text, message.seconds);
        return;
      case 'copy-text':
        ports.copyText(message.text);
        return;
      case 'store-closed':
        ports.onStoreClosed(message.outcome);
        return;
      case 'started':
        onStarted.resolve(message.outcome === 'opened' ? { kind: 'opened', restored: message.restored } : { kind: 'quit' });
        return;
      case 'stopped':
        void worker.terminate();
        return;
    }
  });
  const ended = (why: string) => {
    running = false;
    settings.close();
    onStarted.reject(new Error(why));
    for (const reply of pending.values()) reply(storeGone);
    pending.clear();
    onStopped();
  };
  worker.on('error', (error) => ended(`the store thread failed: ${error.message}`));
  worker.on('exit', (code) => ended(`the store thread ended (exit code ${code})`));

  return {
    started,
    call(channel, input) {
      if (!running) return Promise.resolve(storeGone);
      const id = ++calls;
      return new Promise<string>((resolve) => {
        pending.set(id, resolve);
        post({ kind: 'call', id, channel, input });
      });
    },
    async stop() {
      if (!running) return;
      post({ kind: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), stopWithinMs);
      await stopped;
      clearTimeout(timer);
    },
  };
}
