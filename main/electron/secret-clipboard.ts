/**
 * Copying a secret through main: the renderer never touches the system clipboard. The key goes
 * on the clipboard marked as a secret wherever the OS has a way to say so, so clipboard history
 * and clipboard managers leave it out:
 *
 * - macOS: `org.nspasteboard.ConcealedType` (nspasteboard.org), honoured by clipboard managers.
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing`, and `CanIncludeInClipboardHistory` /
 *   `CanUploadToCloudClipboard` set to 0: kept out of Win+V history and cloud clipboard sync.
 * - Linux: `x-kde-passwordManagerHint: secret`, honoured by KDE's Klipper (GNOME has no such hint).
 *
 * After the configured delay the clipboard is cleared, but only if it still holds the key, so
 * whatever the user copied since is left alone. A clear still pending when the app quits is done
 * before it quits (`clearBeforeQuit`), never dropped. Electron is passed in as small structural
 * types so a test runs this code against a recording clipboard.
 */
import type { SecretClipboardPort } from '../ipc/handlers.ts';

/** One clipboard entry's representations, MIME type (or Electron's raw OS format) to payload. */
export type ClipboardFormats = Readonly<Record<string, string | Blob>>;

/** Electron 45's clipboard (asynchronous, W3C-style); a synchronous one fits too. */
export interface ClipboardLike<Item> {
  write(items: Item[]): void | Promise<void>;
  readText(): string | Promise<string>;
  clear(): void;
}

export interface TimersLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: TimersLike = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A platform clipboard format by its own name, as Electron writes it raw. */
const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;
/** A Windows DWORD 0: "no" to clipboard history and cloud upload. */
const dwordZero = () => new Blob([new Uint8Array(4)]);

/** The plain text, plus whatever marks it as a secret on `platform`. */
export function secretFormats(text: string, platform: NodeJS.Platform): ClipboardFormats {
  const plain = { 'text/plain': text };
  switch (platform) {
    case 'darwin':
      // Same data as the text, as password managers write it; the type's presence is the mark.
      return { ...plain, [osFormat('org.nspasteboard.ConcealedType')]: text };
    case 'win32':
      return {
        ...plain,
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [osFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [osFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    default:
      return { ...plain, [osFormat('x-kde-passwordManagerHint')]: 'secret' };
  }
}

export interface SecretClipboard extends SecretClipboardPort {
  /** Whether a copied secret is waiting to be cleared. */
  readonly pendingClear: boolean;
  /** Does the pending clear now (if the clipboard still holds the secret); resolves when done. */
  clearNow(): Promise<void>;
}

export interface SecretClipboardOptions {
  readonly platform: NodeJS.Platform;
  readonly timers?: TimersLike;
}

export function createSecretClipboard<Item>(
  clipboard: ClipboardLike<Item>,
  makeItem: (formats: ClipboardFormats) => Item,
  { platform, timers = realTimers }: SecretClipboardOptions,
): SecretClipboard {
  let pending: { readonly handle: unknown; readonly text: string } | undefined;

  async function clearIfStillThere(text: string): Promise<void> {
    if ((await clipboard.readText()) === text) clipboard.clear();
  }

  return {
    get pendingClear() {
      return pending !== undefined;
    },
    copySecret(text, seconds) {
      if (pending) timers.clearTimeout(pending.handle);
      pending = undefined;
      void clipboard.write([makeItem(secretFormats(text, platform))]);
      if (seconds <= 0) return;
      const handle = timers.setTimeout(() => {
        pending = undefined;
        void clearIfStillThere(text);
      }, seconds * 1000);
      pending = { handle, text };
    },
    async clearNow() {
      if (!pending) return;
      const { handle, text } = pending;
      timers.clearTimeout(handle);
      pending = undefined;
      await clearIfStillThere(text);
    },
  };
}

/** The parts of Electron's `app` that quitting needs. */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** How long quitting waits for the clipboard at most: a stuck clipboard must not keep the app open. */
export const QUIT_CLEAR_TIMEOUT_MS = 2_000;

/**
 * Holds the app's quit until a pending clear is done: the first `before-quit` with a secret still
 * waiting is put off, the clipboard cleared (at most QUIT_CLEAR_TIMEOUT_MS), and the quit resumed.
 * A delay of 0 ("never clear") leaves nothing pending, so nothing is cleared then either.
 */
export function clearBeforeQuit(app: QuittingApp, clipboard: SecretClipboard, timers: TimersLike = realTimers): void {
  let clearing = false;
  app.on('before-quit', (event) => {
    // A second Quit while the clipboard is being cleared waits for the same clear.
    if (!clearing && !clipboard.pendingClear) return;
    event.preventDefault();
    if (clearing) return;
    clearing = true;
    let timeout: unknown;
    const giveUp = new Promise<void>((resolve) => (timeout = timers.setTimeout(resolve, QUIT_CLEAR_TIMEOUT_MS)));
    void Promise.race([clipboard.clearNow().catch(() => undefined), giveUp]).then(() => {
      timers.clearTimeout(timeout);
      clearing = false;
      app.quit();
    });
  });
}
