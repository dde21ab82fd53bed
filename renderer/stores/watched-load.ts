/**
 * Loading for data only one page shows (audit findings, the activity log): it loads when a view
 * starts watching, reloads at once on a change while watched, and otherwise only notes that it
 * is stale, so a burst of changes on the key list costs no audit queries until the page is
 * opened. Loads are coalesced as the key list's are: one asked for while another runs is done
 * once, after it.
 */

export interface WatchedLoad {
  /** A view shows the data: loads it if it never loaded or went stale. Returns the unwatch function. */
  watch(): () => void;
  /** The data may have changed: reloads now if watched, else on the next watch. */
  changed(): void;
  /** Loads now (coalesced), watched or not. */
  reload(): Promise<void>;
}

export function createWatchedLoad(load: () => Promise<void>): WatchedLoad {
  let watchers = 0;
  let stale = true;
  let running: Promise<void> | null = null;
  let again = false;

  const reload = (): Promise<void> => {
    stale = false;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    watch() {
      watchers += 1;
      if (stale) void reload();
      let watching = true;
      return () => {
        if (watching) watchers -= 1;
        watching = false;
      };
    },
    changed() {
      if (watchers > 0) void reload();
      else stale = true;
    },
    reload,
  };
}
