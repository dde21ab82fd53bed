/**
 * The messages between Electron main and the store thread (store-thread.ts, store-worker.ts).
 * Main forwards the window's calls and answers the store thread's questions for the platform
 * (native dialogs, the startup prompt); the store thread answers calls as wire text and pushes
 * events, clipboard writes and the news that the store was closed. Settings go over their own
 * synchronous bridge (settings-bridge.ts).
 */
import type { AppInfo, RestoreResult } from '../../common/app-info.ts';
import type { Channel, EventName } from '../../common/ipc/contract.ts';
import type { StoreClosedOutcome } from '../ipc/handlers.ts';
import type { OpenFileRequest, OpenFolderRequest, SaveFileRequest } from '../ipc/file-dialogs.ts';
import type { StartQuestion } from './open-store-at-start.ts';
import type { SettingsBridgeEnd } from './settings-bridge.ts';

export interface StoreWorkerData {
  readonly databasePath: string;
  readonly appInfo: AppInfo;
  readonly settings: SettingsBridgeEnd;
  /** Main can print a review report to PDF (Electron's Chromium); otherwise a PDF report is refused. */
  readonly canPrintPdf: boolean;
}

/** What the store thread asks main, which only main can do: a file dialog, the startup question, printing. */
export type MainQuestion =
  | { readonly ask: 'save-file'; readonly request: SaveFileRequest }
  | { readonly ask: 'open-file'; readonly request: OpenFileRequest }
  | { readonly ask: 'folder'; readonly request: OpenFolderRequest }
  | { readonly ask: 'start'; readonly question: StartQuestion }
  /** A review report's HTML, printed to PDF by main's Chromium (answered with the PDF's bytes). */
  | { readonly ask: 'print-pdf'; readonly html: string };

export type ToStoreThread =
  /** A call from the window that passed main's sender and channel checks. */
  | { readonly kind: 'call'; readonly id: number; readonly channel: Channel; readonly input: unknown }
  | { readonly kind: 'answer'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'answer'; readonly id: number; readonly ok: false; readonly message: string }
  /** Close the store and let the thread end (the app quits). */
  | { readonly kind: 'stop' };

export type FromStoreThread =
  | { readonly kind: 'started'; readonly outcome: 'opened'; readonly restored: RestoreResult | null }
  | { readonly kind: 'started'; readonly outcome: 'quit' }
  | { readonly kind: 'result'; readonly id: number; readonly wire: string }
  | { readonly kind: 'question'; readonly id: number; readonly question: MainQuestion }
  | { readonly kind: 'event'; readonly event: EventName; readonly payload: unknown }
  | { readonly kind: 'copy-secret'; readonly text: string; readonly seconds: number }
  /** Plain text with no secret in it (the audit head), copied as is. */
  | { readonly kind: 'copy-text'; readonly text: string }
  | { readonly kind: 'store-closed'; readonly outcome: StoreClosedOutcome }
  | { readonly kind: 'stopped' };
