/**
 * The key list of the current account as the renderer sees it, and the actions on keys. Built by a
 * factory over the `KeydeskApi`, so the same store runs against Electron's preload or the browser
 * test host. Every call names the current account. Secrets never enter this store: `create` and
 * `roll` hand the secret back to their caller (a dialog), which shows it once and drops it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, KeydeskApi, Result } from '../../common/ipc/contract.ts';
import type { KeyRecord } from '../../common/records.ts';
import { keyRecordsOf, type KeyColumns } from '../../common/key-list.ts';
import type { FieldError } from '../../common/errors.ts';
import type { BulkOutcome, CreatedKey, GraceRow, RolledKey } from '../../common/key-results.ts';
import type { AnnotatedKey } from '../../common/reviews.ts';
import type { GraceChoice } from '../../common/lifecycle.ts';

export type LoadStatus = 'loading' | 'ready' | 'failed';

/** Keys asked for first, newest first: more than a screenful, little enough to arrive at once. */
export const FIRST_SCREEN_KEYS = 100;

export interface KeysState {
  readonly status: LoadStatus;
  readonly keys: readonly KeyRecord[];
  /**
   * False while only the newest keys are shown and the whole list is on its way: on a first load
   * of a large account, the first screen paints without waiting for 100,000 keys to cross IPC.
   */
  readonly complete: boolean;
  /**
   * Rolled keys whose previous secret still works, by API Key ID, with when it stops: loaded with
   * the list (a handful of rows), so each row looks its tag up once instead of asking main.
   */
  readonly grace: ReadonlyMap<string, string>;
  /** Why the last load failed, in SendGrid's error shape; empty once a load succeeds. */
  readonly errors: readonly FieldError[];
  /**
   * Counts the owner, purpose and tag changes made here, and the writes of other processes (the
   * CLI may have annotated). Annotations are kept beside the keys and leave updated_at alone, so
   * what shows them (a key's owner form and history, the findings) reloads on this instead.
   */
  readonly annotations: number;
  refresh(): Promise<void>;
  /** Another process wrote to the store: the key rows reload, and so does what hangs on `annotations`. */
  changedElsewhere(): Promise<void>;
  /** Forgets the list (another account is about to load), so no key of the last one stays on screen. */
  reset(): void;
  create(input: WithoutAccount<'keys:create'>): Promise<Result<CreatedKey>>;
  rename(input: WithoutAccount<'keys:rename'>): Promise<Result<KeyRecord>>;
  replace(input: WithoutAccount<'keys:replace'>): Promise<Result<KeyRecord>>;
  remove(apiKeyId: string): Promise<Result<{ readonly deleted: string }>>;
  disable(apiKeyId: string): Promise<Result<KeyRecord>>;
  enable(apiKeyId: string): Promise<Result<KeyRecord>>;
  /** Sets the key's expiry (ISO-8601), or with null removes it. */
  setExpiry(apiKeyId: string, expiresAt: string | null): Promise<Result<KeyRecord>>;
  roll(apiKeyId: string, grace: GraceChoice): Promise<Result<RolledKey>>;
  bulk(input: WithoutAccount<'keys:bulk'>): Promise<Result<BulkOutcome>>;
  /** Sets owner, purpose or tags on one key or many, all or none. */
  annotate(input: WithoutAccount<'keys:annotate'>): Promise<Result<readonly AnnotatedKey[]>>;
}

/** A key call's input; the store adds the current account. */
type WithoutAccount<C extends 'keys:create' | 'keys:rename' | 'keys:replace' | 'keys:bulk' | 'keys:annotate'> = Omit<Input<C>, 'account'>;

export type KeysStore = StoreApi<KeysState>;

/**
 * `afterAction` runs after every change, refused or not (the account counter reloads there: a
 * refusal such as the key limit often means another client changed the store). Loads are
 * coalesced: a refresh asked for while one runs is done once, after it, so a burst of changes
 * (the CLI writing many keys) costs two loads, not one per change.
 */
export function createKeysStore(api: KeydeskApi, afterAction: () => void = () => undefined, currentAccount: () => string = () => 'default'): KeysStore {
  let running: Promise<void> | null = null;
  let again = false;

  return createStore<KeysState>()((set, get) => {
    async function load(): Promise<void> {
      const account = currentAccount();
      // On a first load the newest keys, the whole list and the keys in grace are asked at once:
      // main answers in order, so the newest keys come first and paint while the whole list is
      // still being read, rather than the whole list being asked for after they are shown.
      const first = get().status === 'loading' ? api.keys.list({ account, newest: FIRST_SCREEN_KEYS }) : null;
      const whole = api.keys.list({ account });
      const grace = api.keys.grace({ account });
      const more = first ? showFirstScreen(account, await first) : true;
      show(account, more ? await whole : null, await grace);
    }

    /** The whole list (null: the first screen held it all) and the keys in grace. */
    function show(account: string, result: Result<KeyColumns> | null, grace: Result<readonly GraceRow[]>): void {
      // The user switched accounts while this answer was on its way: the next load brings theirs.
      if (account !== currentAccount()) {
        again = true;
        return;
      }
      const graceEnds = grace.ok ? new Map(grace.data.map((row) => [row.api_key_id, row.retires_at])) : get().grace;
      if (!result) set({ grace: graceEnds });
      else if (result.ok) set({ status: 'ready', keys: keyRecordsOf(result.data), complete: true, grace: graceEnds, errors: [] });
      else set({ status: get().status === 'ready' ? 'ready' : 'failed', errors: result.errors });
    }

    /** Shows the newest keys; true when the whole list must follow (there may be more, and the account is still the one asked for). */
    function showFirstScreen(account: string, first: Result<KeyColumns>): boolean {
      if (account !== currentAccount()) return false;
      if (!first.ok) return true; // the full load reports the error
      const newest = keyRecordsOf(first.data);
      const complete = newest.length < FIRST_SCREEN_KEYS;
      set({ status: 'ready', keys: complete ? newest.reverse() : newest, complete, errors: [] });
      return !complete;
    }

    const key = (apiKeyId: string) => ({ account: currentAccount(), api_key_id: apiKeyId });

    async function changed<T>(result: Result<T>): Promise<Result<T>> {
      afterAction();
      if (result.ok) await get().refresh();
      return result;
    }

    return {
      status: 'loading',
      keys: [],
      complete: false,
      grace: new Map(),
      errors: [],
      annotations: 0,

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

      changedElsewhere() {
        set({ annotations: get().annotations + 1 });
        return get().refresh();
      },

      reset() {
        set({ status: 'loading', keys: [], complete: false, grace: new Map(), errors: [] });
      },

      create: async (input) => changed(await api.keys.create({ ...input, account: currentAccount() })),
      rename: async (input) => changed(await api.keys.rename({ ...input, account: currentAccount() })),
      replace: async (input) => changed(await api.keys.replace({ ...input, account: currentAccount() })),
      remove: async (apiKeyId) => changed(await api.keys.delete(key(apiKeyId))),
      disable: async (apiKeyId) => changed(await api.keys.disable(key(apiKeyId))),
      enable: async (apiKeyId) => changed(await api.keys.enable(key(apiKeyId))),
      setExpiry: async (apiKeyId, expiresAt) => changed(await api.keys.expire({ ...key(apiKeyId), expires_at: expiresAt })),
      roll: async (apiKeyId, grace) => changed(await api.keys.roll({ ...key(apiKeyId), grace })),
      bulk: async (input) => changed(await api.keys.bulk({ ...input, account: currentAccount() })),
      annotate: async (input) => {
        const result = await api.keys.annotate({ ...input, account: currentAccount() });
        if (result.ok && result.data.some((key) => key.changed)) set({ annotations: get().annotations + 1 });
        return result;
      },
    };
  });
}
