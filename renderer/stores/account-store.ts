/**
 * The accounts (a parent and its subusers, or separate SendGrid accounts) and the one the window
 * shows: every key call names it, and the choice is remembered in the `lastAccount` setting. The
 * current account is followed by its ID, so a rename (here or by the CLI) keeps it selected; if it
 * is deleted underneath the app, the window falls back to the "default" account.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, KeydeskApi, Result } from '../../common/ipc/contract.ts';
import type { AccountSummary, PolicyChange } from '../../common/accounts.ts';

/** The account that always exists, where the CLI acts without --account. */
export const DEFAULT_ACCOUNT = 'default';

export interface AccountState {
  readonly accounts: readonly AccountSummary[];
  /** The name of the account the window shows. */
  readonly current: string;
  /** The current account's counts and policy; null until the first load. */
  readonly summary: AccountSummary | null;
  refresh(): Promise<void>;
  /** Shows `name` (at start, the remembered one); unknown names fall back to "default". */
  choose(name: string): void;
  /** Shows another account and remembers the choice. */
  switchTo(name: string): Promise<void>;
  create(input: Input<'accounts:create'>): Promise<Result<AccountSummary>>;
  rename(name: string): Promise<Result<AccountSummary>>;
  /** Deletes the current account (with its keys when `force`), then shows its parent or "default". */
  remove(force: boolean): Promise<Result<{ readonly deleted_keys: readonly string[] }>>;
  setPolicy(maxKeyLifetimeDays: number | null): Promise<Result<PolicyChange>>;
}

export type AccountStore = StoreApi<AccountState>;

export interface AccountStoreHooks {
  /** The current account changed (switched, renamed, or gone): reload its keys, remember the name. */
  readonly onCurrentChanged: (name: string) => void;
}

/**
 * Subusers under their parent, each group in creation order: the order the switcher lists them.
 * A subuser whose parent is not in the list (it cannot happen in one store) is listed at the top level.
 */
export function accountTree(accounts: readonly AccountSummary[]): { readonly account: AccountSummary; readonly depth: 0 | 1 }[] {
  const ids = new Set(accounts.map((a) => a.id));
  const top = accounts.filter((a) => a.parent_id === null || !ids.has(a.parent_id));
  return top.flatMap((parent) => [
    { account: parent, depth: 0 as const },
    ...accounts.filter((a) => a.parent_id === parent.id).map((account) => ({ account, depth: 1 as const })),
  ]);
}

export function createAccountStore(api: KeydeskApi, hooks: AccountStoreHooks = { onCurrentChanged: () => undefined }): AccountStore {
  /** The current account's ID, once known: how a rename elsewhere is told apart from a switch. */
  let currentId: number | null = null;

  return createStore<AccountState>()((set, get) => {
    function show(accounts: readonly AccountSummary[], wanted: AccountSummary | undefined, notify: boolean) {
      const account = wanted ?? accounts.find((a) => a.name === DEFAULT_ACCOUNT) ?? accounts[0] ?? null;
      const changed = account?.name !== get().current;
      currentId = account?.id ?? null;
      set({ accounts, summary: account, current: account?.name ?? DEFAULT_ACCOUNT });
      if (changed && notify) hooks.onCurrentChanged(get().current);
    }

    async function refreshAfter<T>(result: Result<T>): Promise<Result<T>> {
      await get().refresh();
      return result;
    }

    return {
      accounts: [],
      current: DEFAULT_ACCOUNT,
      summary: null,

      async refresh() {
        const result = await api.accounts.list();
        if (!result.ok) return;
        const accounts = result.data;
        const byId = currentId === null ? undefined : accounts.find((a) => a.id === currentId);
        const byName = accounts.find((a) => a.name === get().current);
        show(accounts, byId ?? byName, currentId !== null);
      },

      choose(name) {
        const { accounts } = get();
        show(accounts, accounts.find((a) => a.name === name), false);
      },

      async switchTo(name) {
        if (name === get().current) return;
        await get().refresh();
        const { accounts } = get();
        const account = accounts.find((a) => a.name === name);
        if (account) show(accounts, account, true);
      },

      create: async (input) => refreshAfter(await api.accounts.create(input)),

      async rename(name) {
        const result = await api.accounts.rename({ account: get().current, name });
        // The ID stays, so the refresh keeps the renamed account current under its new name.
        return refreshAfter(result);
      },

      async remove(force) {
        const doomed = get().summary;
        const result = await api.accounts.delete({ account: get().current, force });
        if (result.ok && doomed) {
          currentId = null;
          const list = await api.accounts.list();
          if (list.ok) show(list.data, list.data.find((a) => a.id === doomed.parent_id), true);
        }
        return result;
      },

      setPolicy: async (days) => refreshAfter(await api.accounts.policy({ account: get().current, max_key_lifetime_days: days })),
    };
  });
}

/** Whether the account may issue another key, and if not, why (SendGrid's limit message). */
export function creationBlocked(summary: AccountSummary | null): string | null {
  if (!summary || summary.issued_keys < summary.key_limit) return null;
  return `This account has ${summary.issued_keys} of ${summary.key_limit} keys, SendGrid's limit. Delete a key to create another.`;
}
