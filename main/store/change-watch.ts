/**
 * Notices commits made by other connections to the store file — the CLI, the local API, another
 * process — so the app can reload what it shows. SQLite's `PRAGMA data_version` changes on this
 * connection exactly when another connection has committed since it was last read, and costs no
 * I/O beyond a shared-memory read in WAL mode; this connection's own writes leave it unchanged.
 */
import type { Database } from 'better-sqlite3';

export interface ChangeWatch {
  /** Reads the version once; calls the listener and returns true if another connection committed. */
  check(): boolean;
  stop(): void;
}

export interface ChangeWatchOptions {
  /** Polling period; 0 polls only when `check()` is called. */
  readonly intervalMs?: number;
}

export function watchExternalChanges(db: Database, onChange: () => void, { intervalMs = 1000 }: ChangeWatchOptions = {}): ChangeWatch {
  const read = () => db.pragma('data_version', { simple: true }) as number;
  let last = read();
  let timer: ReturnType<typeof setInterval> | undefined;

  const watch: ChangeWatch = {
    check() {
      if (!db.open) {
        watch.stop();
        return false;
      }
      const now = read();
      if (now === last) return false;
      last = now;
      onChange();
      return true;
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
  if (intervalMs > 0) {
    timer = setInterval(() => watch.check(), intervalMs);
    // Never keep a process (the CLI, a test runner) alive just to watch.
    timer.unref?.();
  }
  return watch;
}
