/** The current account's key count against its limit, for "N of 100 keys" and the Create button. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSummary, KeydeskApi } from '../../preload/contract.ts';

/** The account the app shows; account switching arrives with the accounts feature. */
export const CURRENT_ACCOUNT = 'default';

export interface AccountState {
  readonly summary: AccountSummary | null;
  refresh(): Promise<void>;
}

export type AccountStore = StoreApi<AccountState>;

export function createAccountStore(api: KeydeskApi): AccountStore {
  return createStore<AccountState>()((set) => ({
    summary: null,
    async refresh() {
      const result = await api.accounts.list();
      if (result.ok) set({ summary: result.data.find((account) => account.name === CURRENT_ACCOUNT) ?? null });
    },
  }));
}

/** Whether the account may issue another key, and if not, why (SendGrid's limit message). */
export function creationBlocked(summary: AccountSummary | null): string | null {
  if (!summary || summary.issued_keys < summary.key_limit) return null;
  return `This account has ${summary.issued_keys} of ${summary.key_limit} keys, SendGrid's limit. Delete a key to create another.`;
}
