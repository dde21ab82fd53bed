/**
 * Key management use cases with SendGrid's semantics: create (secret returned once), list, get,
 * rename (PATCH), replace name and scopes (PUT) and delete. Every change is one transaction that
 * also appends its audit entry.
 */
import type { AccessType } from '../../common/catalog.ts';
import { badRequest, KeydeskError } from '../../common/errors.ts';
import { assertGrant, nameErrors } from '../core/grant.ts';
import { issueKey, secretId } from '../core/key-format.ts';
import { resolveExpiry } from '../../common/lifecycle.ts';
import { accessTypeOf, FULL_ACCESS_SCOPES, normalizeScopes } from '../../common/permissions.ts';
import { auditedState, type KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { actorScopes, requireOperation, type Caller, type Clock } from './caller.ts';
import { appendKeyAudit, currentAccount, findLiveKey, KEY_NOT_FOUND } from './key-access.ts';
import type { CreatedKey } from '../../common/key-results.ts';
import type { JsonText } from '../../common/json-text.ts';
import type { KeyColumns } from '../../common/key-list.ts';
import type { AuditAction } from '../../common/records.ts';

export interface CreateKeyInput {
  readonly name: string;
  /** Omitted: Full Access, as SendGrid does. */
  readonly scopes?: readonly string[];
  /**
   * ISO-8601 date or time after which `verify` rejects the key; omitted or null for none. Under
   * the account's maximum-lifetime policy it is required and bounded.
   */
  readonly expires_at?: string | null;
}

export interface ReplaceKeyInput {
  readonly name: string;
  readonly scopes: readonly string[];
}

export interface KeyService {
  create(caller: Caller, input: CreateKeyInput): CreatedKey;
  /** The account's live keys, oldest first; with `newest`, only that many of the newest, newest first. */
  list(caller: Caller, options?: { readonly newest?: number }): KeyRecord[];
  /** The same list as the window takes it: one array per field, written as JSON by SQLite (common/key-list.ts). */
  listColumns(caller: Caller, options?: { readonly newest?: number }): JsonText<KeyColumns>;
  get(caller: Caller, id: string): KeyRecord;
  rename(caller: Caller, id: string, name: string): KeyRecord;
  replace(caller: Caller, id: string, input: ReplaceKeyInput): KeyRecord;
  remove(caller: Caller, id: string): void;
}

export function createKeyService(store: Store, clock: Clock): KeyService {
  const audit = (caller: Caller, action: AuditAction, keyId: string, before: KeyRecord | null, after: KeyRecord | null) =>
    appendKeyAudit(store, clock, caller, action, keyId, before && auditedState(before), after && auditedState(after));

  const liveKey = (caller: Caller, id: string, message = KEY_NOT_FOUND): KeyRecord => findLiveKey(store, caller, id, message);

  return {
    create(caller, input) {
      requireOperation(caller.actor, 'keys.create');
      const scopes = normalizeScopes(input.scopes ?? FULL_ACCESS_SCOPES);
      return store.write(() => {
        assertGrant({
          name: input.name,
          scopes,
          actorScopes: actorScopes(caller.actor),
          keysInAccount: store.keys.countIssued(caller.account.id),
        });
        const at = clock.now();
        const expiresAt = resolveExpiry(input.expires_at, at, currentAccount(store, caller).max_key_lifetime_days);
        const issued = issueKey();
        const now = at.toISOString();
        const record: KeyRecord = {
          api_key_id: issued.id,
          account_id: caller.account.id,
          name: input.name,
          access_type: accessTypeOf(scopes),
          scopes,
          origin: 'issued',
          last4: issued.last4,
          created_at: now,
          updated_at: now,
          last_used_at: null,
          last_used_by: null,
          expires_at: expiresAt,
          disabled_at: null,
          deleted_at: null,
        };
        store.keys.insert(record, issued.digest);
        // The new secret's short id, as a roll records it: the log can then vouch for the digest,
        // and a digest swapped in SQLite shows when the log is replayed.
        appendKeyAudit(store, clock, caller, 'key.create', issued.id, null, { ...auditedState(record), secret_id: secretId(issued.digest) });
        return {
          api_key: issued.apiKey,
          api_key_id: issued.id,
          name: record.name,
          scopes,
          ...(expiresAt === null ? {} : { expires_at: expiresAt }),
        };
      });
    },

    list(caller, options = {}) {
      requireOperation(caller.actor, 'keys.read');
      if (options.newest !== undefined) return store.keys.listNewestLive(caller.account.id, options.newest);
      return store.keys.listLive(caller.account.id);
    },

    listColumns(caller, options = {}) {
      requireOperation(caller.actor, 'keys.read');
      return store.keys.liveColumns(caller.account.id, options.newest);
    },

    get(caller, id) {
      requireOperation(caller.actor, 'keys.read');
      return liveKey(caller, id);
    },

    rename(caller, id, name) {
      requireOperation(caller.actor, 'keys.update');
      const errors = nameErrors(name);
      if (errors.length) throw new KeydeskError('BAD_REQUEST', errors);
      return store.write(() => {
        const before = liveKey(caller, id);
        const after: KeyRecord = { ...before, name, updated_at: clock.now().toISOString() };
        store.keys.update(id, { name, updated_at: after.updated_at });
        audit(caller, 'key.rename', id, before, after);
        return after;
      });
    },

    replace(caller, id, input) {
      requireOperation(caller.actor, 'keys.update');
      if (typeof input.name !== 'string') {
        throw badRequest(null, "expected JSON request body with 'name' property");
      }
      const scopes = normalizeScopes(input.scopes);
      return store.write(() => {
        const before = liveKey(caller, id, 'unable to find API Key to update');
        assertGrant({
          name: input.name,
          scopes,
          actorScopes: actorScopes(caller.actor),
          existingScopes: new Set(before.scopes),
        });
        const changes = {
          name: input.name,
          scopes,
          access_type: accessTypeOf(scopes) satisfies AccessType,
          updated_at: clock.now().toISOString(),
        };
        const after: KeyRecord = { ...before, ...changes };
        store.keys.update(id, changes);
        audit(caller, 'key.update', id, before, after);
        return after;
      });
    },

    remove(caller, id) {
      requireOperation(caller.actor, 'keys.delete');
      store.write(() => {
        const before = liveKey(caller, id);
        store.keys.markDeleted(id, clock.now().toISOString());
        audit(caller, 'key.delete', id, before, null);
      });
    },
  };
}
