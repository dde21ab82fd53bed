/**
 * The audit page's data: findings and chart figures for the account, from main (`audit:findings`,
 * thresholds from the settings). Loaded while the page is open; stale after any change.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldError } from '../../common/errors.ts';
import type { KeydeskApi } from '../../common/ipc/contract.ts';
import { createWatchedLoad, type WatchedLoad } from './watched-load.ts';
import type { AuditReport } from '../../common/audit.ts';

export type PageLoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface AuditState extends Pick<WatchedLoad, 'watch' | 'changed'> {
  readonly status: PageLoadStatus;
  readonly report: AuditReport | null;
  readonly errors: readonly FieldError[];
}

export type AuditStore = StoreApi<AuditState>;

export function createAuditStore(api: KeydeskApi, currentAccount: () => string): AuditStore {
  return createStore<AuditState>()((set, get) => {
    const { watch, changed } = createWatchedLoad(async () => {
      if (get().status === 'idle') set({ status: 'loading' });
      const result = await api.audit.findings({ account: currentAccount() });
      if (result.ok) set({ status: 'ready', report: result.data, errors: [] });
      else set({ status: get().report ? 'ready' : 'failed', errors: result.errors });
    });
    return { status: 'idle', report: null, errors: [], watch, changed };
  });
}
