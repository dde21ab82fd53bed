/**
 * The activity log page's data: the account's audit entries under the page's filter, newest
 * first, and the log's integrity check (hash chain intact or broken at row N; the tables equal to
 * what the log replays to, or how they differ). Loaded while the
 * page is open; stale after any change.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldError } from '../../common/errors.ts';
import type { AuditEntryView, KeydeskApi } from '../../common/ipc/contract.ts';
import { auditQuery, NO_FILTER, type ActivityFilter } from '../audit/activity-filter.ts';
import type { PageLoadStatus } from './audit-store.ts';
import { createWatchedLoad, type WatchedLoad } from './watched-load.ts';
import type { AuditIntegrity } from '../../common/audit.ts';

export interface ActivityState extends Pick<WatchedLoad, 'watch' | 'changed'> {
  readonly status: PageLoadStatus;
  /** Newest first. */
  readonly entries: readonly AuditEntryView[];
  readonly integrity: AuditIntegrity | null;
  readonly filter: ActivityFilter;
  readonly errors: readonly FieldError[];
  setFilter(change: Partial<ActivityFilter>): void;
}

export type ActivityStore = StoreApi<ActivityState>;

export function createActivityStore(api: KeydeskApi, currentAccount: () => string): ActivityStore {
  return createStore<ActivityState>()((set, get) => {
    const { watch, changed, reload } = createWatchedLoad(async () => {
      const filter = get().filter;
      if (get().status === 'idle') set({ status: 'loading' });
      const [list, integrity] = await Promise.all([api.audit.list(auditQuery(filter, currentAccount())), api.audit.verify()]);
      // The filter changed meanwhile: the load for the new one follows, and only it is shown.
      if (get().filter !== filter) return;
      const errors = [...(list.ok ? [] : list.errors), ...(integrity.ok ? [] : integrity.errors)];
      set({
        status: list.ok ? 'ready' : get().status === 'ready' ? 'ready' : 'failed',
        ...(list.ok && { entries: [...list.data].reverse() }),
        ...(integrity.ok && { integrity: integrity.data }),
        errors,
      });
    });

    return {
      status: 'idle',
      entries: [],
      integrity: null,
      filter: NO_FILTER,
      errors: [],
      watch,
      changed,
      setFilter(change) {
        set({ filter: { ...get().filter, ...change } });
        void reload();
      },
    };
  });
}
