/**
 * Opening the key store when the desktop app starts. A store that `openStore` refuses is never
 * written to here: the user is told why, in the refusal's own words, and that the file was left as
 * it was; where a backup beside it can stand in (see `offersBackup`), restoring it is offered. The
 * question goes through a small port, so Electron's message box asks it in the app and tests
 * answer from a script against real damaged files.
 */
import { basename } from 'node:path';
import { KeydeskError, messageOf } from '../../common/errors.ts';
import { backupTakenAt, newestUsableBackup, restoreBackup } from '../store/backups.ts';
import { StoreRefused, type RefusalReason } from '../store/database.ts';
import { openStore, type Store } from '../store/store.ts';
import type { BackupInfo, RestoreResult } from '../../common/app-info.ts';

export type StartChoice = 'restore' | 'quit';

/** What the user is asked: a headline, the details, and the buttons (Escape or closing means quit). */
export interface StartQuestion {
  readonly message: string;
  readonly detail: string;
  readonly choices: readonly StartChoice[];
  /** The button Enter presses. */
  readonly defaultChoice: StartChoice;
}

export interface StartPrompt {
  ask(question: StartQuestion): Promise<StartChoice>;
}

export type StartOutcome =
  /** `restored` says which backup replaced a refused store, and where that store was moved. */
  | { readonly kind: 'opened'; readonly store: Store; readonly restored: RestoreResult | null }
  /** The app should quit; `refusal` is what stopped it (the store, or the restore). */
  | { readonly kind: 'quit'; readonly refusal: KeydeskError };

export const CHOICE_LABELS: Readonly<Record<StartChoice, string>> = { restore: 'Restore backup', quit: 'Quit' };

/**
 * Which refusals a backup may answer:
 * - damaged (cut short, failing quick_check) and foreign (the file is not a Keydesk store, or not
 *   SQLite at all: garbage): a backup is only listed when it is named after this very file, so a
 *   Keydesk store lived here and what now sits in its place cannot be opened. The file is moved
 *   aside, not deleted, so nothing is lost by restoring.
 * - newer: the store is whole, written by a newer Keydesk. A backup this version can open (one
 *   taken before the newer Keydesk upgraded it) is how one goes back to an older Keydesk, so it is
 *   offered, but not as the default: everything done since in the newer version stays only in the
 *   file moved aside. Without such a backup the only answer is the newer Keydesk.
 * - upgrade_failed: not offered. The store is unchanged at its old schema, and the newest backup
 *   is the copy taken just before this very upgrade, so restoring it would fail the same way.
 *   An older Keydesk still opens the store.
 * - unavailable (permissions, disk): a backup would not help; the cause must be fixed.
 */
const OFFERS_BACKUP: Readonly<Record<RefusalReason, boolean>> = {
  damaged: true,
  foreign: true,
  newer: true,
  upgrade_failed: false,
  unavailable: false,
};

const HEADLINE = 'Keydesk cannot open its key store';

function offerDetail(path: string, refusal: StoreRefused, backup: BackupInfo): string {
  const aside = `${basename(path)}.replaced-<time>`;
  const what = `A backup taken ${backupTakenAt(backup)} (${backup.name}) can replace it.`;
  const cost =
    refusal.reason === 'newer'
      ? `Restoring it takes the key store back to that time: everything done since, in the newer Keydesk too, stays only in the current file, which is moved aside (${aside}) for the newer Keydesk to open.`
      : `Changes made after that time are not in it. The current file is moved aside (${aside}), not deleted.`;
  return `${what}\n${cost}`;
}

function adviceWithoutBackup(reason: RefusalReason): string {
  if (reason === 'newer') return 'Start the newer Keydesk that wrote it.';
  if (reason === 'upgrade_failed') return 'The previous version of Keydesk can still open it.';
  return 'No backup that could replace it was found beside it.';
}

/** The question for a refused store, and the backup it offers (null: Quit is the only button). */
function questionFor(path: string, refusal: StoreRefused, backup: BackupInfo | null): StartQuestion {
  const facts = `${messageOf(refusal)}\n\nThe file was not changed.`;
  if (!backup) {
    return { message: HEADLINE, detail: `${facts}\n${adviceWithoutBackup(refusal.reason)}`, choices: ['quit'], defaultChoice: 'quit' };
  }
  return {
    message: HEADLINE,
    detail: `${facts}\n\n${offerDetail(path, refusal, backup)}`,
    choices: ['restore', 'quit'],
    // A store that cannot be opened loses nothing by being replaced; a newer one would.
    defaultChoice: refusal.reason === 'newer' ? 'quit' : 'restore',
  };
}

/** Anything else that stops the store from opening (its folder cannot be made, ...), in the refusal's shape. */
const cannotOpen = (path: string, error: unknown): KeydeskError =>
  error instanceof KeydeskError ? error : new KeydeskError('INTERNAL', [{ field: 'database', message: `cannot open ${path}: ${(error as Error).message}` }]);

/** Says why the app cannot go on, with Quit the only button: a window-less app must not be left running. */
async function quitSaying(prompt: StartPrompt, error: KeydeskError): Promise<StartOutcome> {
  await prompt.ask({ message: HEADLINE, detail: messageOf(error), choices: ['quit'], defaultChoice: 'quit' });
  return { kind: 'quit', refusal: error };
}

/**
 * Opens the store at `path`. On a refusal, asks `prompt` once; a restore that fails, or a restored
 * store that is refused in turn, is reported with a Quit button, never offered again (no loop).
 */
export async function openStoreAtStart(path: string, prompt: StartPrompt): Promise<StartOutcome> {
  let refusal: StoreRefused;
  try {
    return { kind: 'opened', store: openStore(path), restored: null };
  } catch (error) {
    if (!(error instanceof StoreRefused)) return quitSaying(prompt, cannotOpen(path, error));
    refusal = error;
  }

  const backup = OFFERS_BACKUP[refusal.reason] ? newestUsableBackup(path) : null;
  const choice = await prompt.ask(questionFor(path, refusal, backup));
  if (choice !== 'restore' || !backup) return { kind: 'quit', refusal };

  let restored: RestoreResult;
  try {
    restored = restoreBackup(path, backup.path);
  } catch (error) {
    // restoreBackup refuses (KeydeskError) before it moves anything; a file-system failure may come later.
    const refused = error instanceof KeydeskError;
    const failure = refused ? error : cannotOpen(path, error);
    const detail = refused ? `${messageOf(failure)}\n\nThe key store was not changed.` : messageOf(failure);
    await prompt.ask({ message: 'The backup was not restored', detail, choices: ['quit'], defaultChoice: 'quit' });
    return { kind: 'quit', refusal: failure };
  }
  try {
    return { kind: 'opened', store: openStore(path), restored };
  } catch (error) {
    const failure = cannotOpen(path, error);
    const aside = restored.replaced_file ? `\n\nThe file it replaced is kept as ${restored.replaced_file}.` : '';
    await prompt.ask({ message: 'The restored backup cannot be opened either', detail: `${messageOf(failure)}${aside}`, choices: ['quit'], defaultChoice: 'quit' });
    return { kind: 'quit', refusal: failure };
  }
}
