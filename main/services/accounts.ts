/**
 * Accounts: separate SendGrid accounts, or a parent and its subusers, each with its own 100-key
 * limit and its own maximum-key-lifetime policy. Managing them is the owner's business: a key
 * belongs to one account and acts only inside it, so key actors are refused.
 */
import { DAY_MS } from '../../common/durations.ts';
import { conflict, KeydeskError, notFound } from '../../common/errors.ts';
import { MAX_KEYS_PER_ACCOUNT, nameErrors } from '../core/grant.ts';
import { assertPolicyDays, keyStatus } from '../../common/lifecycle.ts';
import { auditedAccountState, DEFAULT_ACCOUNT, type AccountRecord } from '../store/account-table.ts';
import { auditedState } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { requireOperation, type Caller, type Clock } from './caller.ts';
import type { AccountSummary, PolicyChange } from '../../common/accounts.ts';
import { auditEntry } from './audit-entry.ts';
import type { AuditAction } from '../../common/records.ts';

/** An account by its id or its name. */
export type AccountRef = number | string;

export interface CreateAccountInput {
  readonly name: string;
  /** The parent account, making this one its subuser. */
  readonly parent?: AccountRef | null;
}

export interface DeleteAccountOptions {
  /** Delete the account's keys with it (each one audit-logged) instead of refusing. */
  readonly force?: boolean;
}

export interface AccountService {
  list(caller: Caller): AccountSummary[];
  get(caller: Caller, ref: AccountRef): AccountSummary;
  create(caller: Caller, input: CreateAccountInput): AccountSummary;
  rename(caller: Caller, ref: AccountRef, name: string): AccountSummary;
  /** Sets the longest lifetime, in days, a key's expiry may be from the moment it is set; null turns the policy off. */
  setPolicy(caller: Caller, ref: AccountRef, maxKeyLifetimeDays: number | null): PolicyChange;
  /** Deletes the account; returns the IDs of the keys deleted with it. */
  remove(caller: Caller, ref: AccountRef, options?: DeleteAccountOptions): { readonly deleted_keys: readonly string[] };
}


export function createAccountService(store: Store, clock: Clock): AccountService {
  const find = (ref: AccountRef, field = 'account'): AccountRecord => {
    const account = typeof ref === 'number' ? store.accounts.byId(ref) : store.accounts.byName(ref);
    if (!account) throw notFound(`unknown account ${typeof ref === 'number' ? ref : `"${ref}"`}`, field);
    return account;
  };

  const summary = (account: AccountRecord): AccountSummary => ({
    ...account,
    parent_name: account.parent_id === null ? null : (store.accounts.byId(account.parent_id)?.name ?? null),
    keys: store.keys.countLive(account.id),
    issued_keys: store.keys.countIssued(account.id),
    key_limit: MAX_KEYS_PER_ACCOUNT,
  });

  const audit = (caller: Caller, action: AuditAction, accountId: number, keyId: string | null, before: object | null, after: object | null) =>
    store.audit.append(auditEntry(caller, clock.now().toISOString(), { action, account_id: accountId, key_id: keyId, before, after }));

  /** Names follow the key-name rules, and differ from every other account's in more than letter case. */
  const assertName = (name: unknown, except?: number): void => {
    const errors = nameErrors(name);
    if (errors.length) throw new KeydeskError('BAD_REQUEST', errors);
    const clash = store.accounts.byNameAnyCase(name as string);
    if (clash && clash.id !== except) throw conflict('name', `an account named "${clash.name}" already exists`);
  };

  const assertNotDefault = (account: AccountRecord, doing: string): void => {
    if (account.name === DEFAULT_ACCOUNT) {
      throw conflict('account', `the "${DEFAULT_ACCOUNT}" account is where commands act without an account; it cannot be ${doing}`);
    }
  };

  return {
    list(caller) {
      requireOperation(caller.actor, 'accounts.read');
      return store.accounts.list().map(summary);
    },

    get(caller, ref) {
      requireOperation(caller.actor, 'accounts.read');
      return summary(find(ref));
    },

    create(caller, input) {
      requireOperation(caller.actor, 'accounts.manage');
      return store.write(() => {
        assertName(input.name);
        let parentId: number | null = null;
        if (input.parent !== undefined && input.parent !== null) {
          const parent = find(input.parent, 'parent');
          // SendGrid subusers have no subusers of their own.
          if (parent.parent_id !== null) throw conflict('parent', `"${parent.name}" is a subuser; a subuser cannot have subusers`);
          parentId = parent.id;
        }
        const account = store.accounts.insert(input.name, parentId, clock.now().toISOString());
        audit(caller, 'account.create', account.id, null, null, auditedAccountState(account));
        return summary(account);
      });
    },

    rename(caller, ref, name) {
      requireOperation(caller.actor, 'accounts.manage');
      return store.write(() => {
        const before = find(ref);
        assertNotDefault(before, 'renamed');
        assertName(name, before.id);
        if (before.name === name) return summary(before);
        store.accounts.rename(before.id, name);
        const after = store.accounts.byId(before.id)!;
        audit(caller, 'account.rename', before.id, null, auditedAccountState(before), auditedAccountState(after));
        return summary(after);
      });
    },

    setPolicy(caller, ref, days) {
      requireOperation(caller.actor, 'accounts.manage');
      assertPolicyDays(days);
      return store.write(() => {
        const before = find(ref);
        if (before.max_key_lifetime_days !== days) {
          store.accounts.setMaxKeyLifetime(before.id, days);
          const after = store.accounts.byId(before.id)!;
          audit(caller, 'account.policy', before.id, null, auditedAccountState(before), auditedAccountState(after));
        }
        const now = clock.now();
        const latest = days === null ? null : new Date(now.getTime() + days * DAY_MS).toISOString();
        const beyond =
          latest === null
            ? []
            : store.keys
                .listLive(before.id)
                .filter((k) => keyStatus(k, now) !== 'expired' && (k.expires_at === null || k.expires_at > latest))
                .map((k) => k.api_key_id);
        return { account: summary(store.accounts.byId(before.id)!), keys_beyond_policy: beyond };
      });
    },

    remove(caller, ref, options = {}) {
      requireOperation(caller.actor, 'accounts.manage');
      return store.write(() => {
        const account = find(ref);
        assertNotDefault(account, 'deleted');
        const subusers = store.accounts.children(account.id);
        if (subusers.length) {
          const names = subusers.map((a) => `"${a.name}"`).join(', ');
          throw conflict('account', `account "${account.name}" has subusers (${names}); delete them first`);
        }
        const keys = store.keys.listLive(account.id);
        if (keys.length && !options.force) {
          const n = keys.length === 1 ? '1 key' : `${keys.length} keys`;
          throw conflict('account', `account "${account.name}" still has ${n}; delete them first, or force the deletion to delete them too`);
        }
        for (const key of keys) audit(caller, 'key.delete', account.id, key.api_key_id, auditedState(key), null);
        // The rows go, tombstones included: nothing may reference a deleted account. The audit
        // log keeps their history, and `verify` now answers "unknown" for those keys.
        store.keys.deleteAllOf(account.id);
        store.annotations.deleteAllOf(account.id);
        store.accounts.delete(account.id);
        audit(caller, 'account.delete', account.id, null, auditedAccountState(account), null);
        return { deleted_keys: keys.map((k) => k.api_key_id) };
      });
    },
  };
}
