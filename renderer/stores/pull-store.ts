/**
 * The pull from SendGrid, as the Inventory page's dialog runs it: start (the key goes straight to
 * main in the request and is not kept here), `pull:progress` events account by account, Cancel,
 * and the summary. After a pull the key list, the accounts, the audit and the log all changed.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FieldError } from '../../common/errors.ts';
import type { KeydeskApi } from '../../common/ipc/contract.ts';
import type { PullProgress, PullResult } from '../../common/pull.ts';

export type PullStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PullRequest {
  readonly apiKey: string;
  readonly subusers: boolean;
  /** Empty: SendGrid's own. */
  readonly baseUrl: string;
}

export interface PullState {
  readonly status: PullStatus;
  /** While running, from main's events; null until the first. */
  readonly progress: PullProgress | null;
  readonly result: PullResult | null;
  readonly errors: readonly FieldError[];
  start(request: PullRequest): Promise<void>;
  cancel(): Promise<void>;
  /** Back to the form (the dialog opened again). */
  reset(): void;
  /** A `pull:progress` event from main. */
  progressed(progress: PullProgress): void;
}

export type PullStore = StoreApi<PullState>;

export function createPullStore(api: KeydeskApi, currentAccount: () => string, afterPull: () => void): PullStore {
  return createStore<PullState>()((set, get) => ({
    status: 'idle',
    progress: null,
    result: null,
    errors: [],
    async start({ apiKey, subusers, baseUrl }) {
      if (get().status === 'running') return;
      set({ status: 'running', progress: null, result: null, errors: [] });
      const outcome = await api.pull.start({ account: currentAccount(), api_key: apiKey, subusers, ...(baseUrl.trim() ? { base_url: baseUrl.trim() } : {}) });
      if (!outcome.ok) return set({ status: 'failed', errors: outcome.errors });
      if (outcome.data === null) return set({ status: 'cancelled' });
      set({ status: 'done', result: outcome.data });
      afterPull();
    },
    async cancel() {
      if (get().status === 'running') await api.pull.cancel();
    },
    reset() {
      if (get().status !== 'running') set({ status: 'idle', progress: null, result: null, errors: [] });
    },
    progressed(progress) {
      // Events can trail the answer: only a running pull moves.
      if (get().status === 'running') set({ progress });
    },
  }));
}
