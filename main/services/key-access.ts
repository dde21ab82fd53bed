/**
 * What every key use case does around its change: find the caller's live key (anything else is
 * "not found", so other accounts' IDs don't leak), read the caller's account as it is now, and
 * append the audit entry inside the same transaction.
 */
import { notFound } from '../../common/errors.ts';
import type { AccountRecord } from '../store/account-table.ts';
import type { KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import type { Caller, Clock } from './caller.ts';
import { auditEntry } from './audit-entry.ts';
import type { AuditAction } from '../../common/records.ts';

export const KEY_NOT_FOUND = 'unable to find API Key';

/** A live key of the caller's account, else SendGrid's 404 on `api_key_id`. */
export function findLiveKey(store: Store, caller: Caller, id: string, message = KEY_NOT_FOUND): KeyRecord {
  const key = liveKeyOrNull(store, caller, id);
  if (!key) throw notFound(message, 'api_key_id');
  return key;
}

export function liveKeyOrNull(store: Store, caller: Caller, id: string): KeyRecord | null {
  const key = store.keys.find(id);
  return key && key.deleted_at === null && key.account_id === caller.account.id ? key : null;
}

/**
 * The caller's account as stored now, not as it was when the session opened: a policy changed
 * by another process in between must still apply. Call inside the write transaction.
 */
export function currentAccount(store: Store, caller: Caller): AccountRecord {
  const account = store.accounts.byId(caller.account.id);
  if (!account) throw notFound(`unknown account "${caller.account.name}"`, 'account');
  return account;
}

/** Appends one key change to the audit log. `before`/`after` are snapshots, never secrets. */
export function appendKeyAudit(
  store: Store,
  clock: Clock,
  caller: Caller,
  action: AuditAction,
  keyId: string,
  before: object | null,
  after: object | null,
): void {
  store.audit.append(auditEntry(caller, clock.now().toISOString(), { action, key_id: keyId, before, after }));
}
