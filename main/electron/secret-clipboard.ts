/**
 * Copying a secret through main: the renderer never touches the system clipboard. After the
 * configured delay the clipboard is cleared — but only if it still holds the key, so whatever the
 * user copied since is left alone.
 */
import type { SecretClipboardPort } from '../ipc/handlers.ts';

/** Electron 45's clipboard is asynchronous; a synchronous one fits too. */
export interface ClipboardLike {
  writeText(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
}

export interface TimersLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: TimersLike = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createSecretClipboard(clipboard: ClipboardLike, timers: TimersLike = realTimers): SecretClipboardPort {
  let pending: unknown;
  return {
    copySecret(text, seconds) {
      if (pending !== undefined) timers.clearTimeout(pending);
      pending = undefined;
      void clipboard.writeText(text);
      if (seconds <= 0) return;
      pending = timers.setTimeout(async () => {
        pending = undefined;
        if ((await clipboard.readText()) === text) await clipboard.writeText('');
      }, seconds * 1000);
    },
  };
}
