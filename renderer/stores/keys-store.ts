/**
 * The key list as the renderer sees it. Built by a factory over the `KeydeskApi`, so the same
 * store runs against Electron's preload, the browser test host, or a scripted API in a test.
 * Secrets never enter this store: `create` hands the created key back to the caller, which shows
 * it once and drops it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CreatedKey, Input, KeydeskApi, Result } from '../../preload/contract.ts';
import type { KeyRecord } from '../../main/core/records.ts';
import type { FieldError } from '../../main/core/errors.ts';

export type LoadStatus = 'loading' | 'ready' | 'failed';

export interface KeysState {
  readonly status: LoadStatus;
  readonly keys: readonly KeyRecord[];
  /** The last failure of a load or an action, in SendGrid's error shape. */
  readonly errors: readonly FieldError[];
  refresh(): Promise<void>;
  create(input: Input<'keys:create'>): Promise<Result<CreatedKey>>;
  remove(apiKeyId: string): Promise<boolean>;
}

export type KeysStore = StoreApi<KeysState>;

export function createKeysStore(api: KeydeskApi): KeysStore {
  return createStore<KeysState>()((set, get) => ({
    status: 'loading',
    keys: [],
    errors: [],

    async refresh() {
      const result = await api.keys.list();
      if (result.ok) set({ status: 'ready', keys: result.data, errors: [] });
      else set({ status: get().status === 'ready' ? 'ready' : 'failed', errors: result.errors });
    },

    async create(input) {
      const result = await api.keys.create(input);
      set({ errors: result.ok ? [] : result.errors });
      if (result.ok) await get().refresh();
      return result;
    },

    async remove(apiKeyId) {
      const result = await api.keys.delete({ api_key_id: apiKeyId });
      set({ errors: result.ok ? [] : result.errors });
      if (result.ok) await get().refresh();
      return result.ok;
    },
  }));
}
