/**
 * The key list as the renderer sees it, and the actions on keys. Built by a factory over the
 * `KeydeskApi`, so the same store runs against Electron's preload or the browser test host.
 * Secrets never enter this store: `create` hands the created key back to its caller (the create
 * dialog), which shows it once and drops it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CreatedKey, Input, KeydeskApi, Result } from '../../preload/contract.ts';
import type { KeyRecord } from '../../main/core/records.ts';
import type { FieldError } from '../../main/core/errors.ts';

export type LoadStatus = 'loading' | 'ready' | 'failed';

export interface KeysState {
  readonly status: LoadStatus;
  readonly keys: readonly KeyRecord[];
  /** Why the last load failed, in SendGrid's error shape; empty once a load succeeds. */
  readonly errors: readonly FieldError[];
  refresh(): Promise<void>;
  create(input: Input<'keys:create'>): Promise<Result<CreatedKey>>;
  rename(input: Input<'keys:rename'>): Promise<Result<KeyRecord>>;
  replace(input: Input<'keys:replace'>): Promise<Result<KeyRecord>>;
  remove(apiKeyId: string): Promise<Result<{ readonly deleted: string }>>;
}

export type KeysStore = StoreApi<KeysState>;

/**
 * `afterAction` runs after every change, refused or not (the account counter reloads there: a
 * refusal such as the key limit often means another client changed the store). Loads are
 * coalesced: a refresh asked for while one runs is done once, after it, so a burst of changes
 * (the CLI writing many keys) costs two loads, not one per change.
 */
export function createKeysStore(api: KeydeskApi, afterAction: () => void = () => undefined): KeysStore {
  let running: Promise<void> | null = null;
  let again = false;

  return createStore<KeysState>()((set, get) => {
    async function load(): Promise<void> {
      const result = await api.keys.list();
      if (result.ok) set({ status: 'ready', keys: result.data, errors: [] });
      else set({ status: get().status === 'ready' ? 'ready' : 'failed', errors: result.errors });
    }

    async function changed<T>(result: Result<T>): Promise<Result<T>> {
      afterAction();
      if (result.ok) await get().refresh();
      return result;
    }

    return {
      status: 'loading',
      keys: [],
      errors: [],

      refresh() {
        if (running) {
          again = true;
          return running;
        }
        running = (async () => {
          do {
            again = false;
            await load();
          } while (again);
          running = null;
        })();
        return running;
      },

      create: async (input) => changed(await api.keys.create(input)),
      rename: async (input) => changed(await api.keys.rename(input)),
      replace: async (input) => changed(await api.keys.replace(input)),
      remove: async (apiKeyId) => changed(await api.keys.delete({ api_key_id: apiKeyId })),
    };
  });
}
