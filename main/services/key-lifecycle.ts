/**
 * A key's life beyond SendGrid's create / edit / delete: disable and enable (reversible, unlike
 * delete), expiry, rolling to a new secret while the old one keeps working for a grace period,
 * and the same changes on many keys at once. Every call is one transaction, with one audit entry
 * per key it changed.
 */
import { badRequest, conflict } from '../../common/errors.ts';
import type { BulkOutcome, GraceRow, RolledKey, SecretInfo } from '../../common/key-results.ts';
import { assertGrace, BULK_ACTIONS, keyStatus, resolveExpiry, type BulkAction } from '../../common/lifecycle.ts';
import type { Operation } from '../core/authorization.ts';
import { assertWithinActor } from '../core/grant.ts';
import { issueKey, secretId } from '../core/key-format.ts';
import { auditedState, type KeyChanges, type KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { actorScopes, requireOperation, type Caller, type Clock } from './caller.ts';
import { appendKeyAudit, currentAccount, findLiveKey, KEY_NOT_FOUND, liveKeyOrNull } from './key-access.ts';
import type { AuditAction } from '../../common/records.ts';

export { BULK_ACTIONS, type BulkAction };

/** Deleting is what a single delete is; the reversible changes are updates. */
const OPERATION: Readonly<Record<BulkAction, Operation>> = {
  delete: 'keys.delete',
  disable: 'keys.update',
  enable: 'keys.update',
  expire: 'keys.update',
};

export interface BulkRequest {
  readonly action: BulkAction;
  readonly api_key_ids: readonly string[];
  /** Required for `expire`: the new expiry (ISO-8601), or null to remove it. */
  readonly expires_at?: string | null;
}

export interface RollInput {
  /** How long the replaced secret keeps working: 0 (now, the default) up to 30 days. */
  readonly grace_ms?: number;
}

export interface KeyLifecycleService {
  disable(caller: Caller, id: string): KeyRecord;
  enable(caller: Caller, id: string): KeyRecord;
  /** Sets (or with null, removes) the key's expiry, within the account's policy. */
  setExpiry(caller: Caller, id: string, expiresAt: string | null): KeyRecord;
  roll(caller: Caller, id: string, input?: RollInput): RolledKey;
  secrets(caller: Caller, id: string): SecretInfo[];
  /** The caller's account's keys rolled with their previous secret still in its grace period. */
  inGrace(caller: Caller): GraceRow[];
  bulk(caller: Caller, request: BulkRequest): BulkOutcome;
}

const AUDIT_ACTION: Readonly<Record<BulkAction, AuditAction>> = {
  delete: 'key.delete',
  disable: 'key.disable',
  enable: 'key.enable',
  expire: 'key.expire',
};

export function createKeyLifecycleService(store: Store, clock: Clock): KeyLifecycleService {
  /** Applies one action to one live key and audits it; false when the key already was so. */
  const apply = (caller: Caller, before: KeyRecord, action: BulkAction, now: string, expiresAt: string | null): boolean => {
    const id = before.api_key_id;
    if (action === 'delete') {
      store.keys.markDeleted(id, now);
      appendKeyAudit(store, clock, caller, AUDIT_ACTION.delete, id, auditedState(before), null);
      return true;
    }
    let changes: KeyChanges;
    if (action === 'disable') {
      if (before.disabled_at !== null) return false;
      changes = { disabled_at: now, updated_at: now };
    } else if (action === 'enable') {
      if (before.disabled_at === null) return false;
      changes = { disabled_at: null, updated_at: now };
    } else {
      if (before.expires_at === expiresAt) return false;
      changes = { expires_at: expiresAt, updated_at: now };
    }
    store.keys.update(id, changes);
    appendKeyAudit(store, clock, caller, AUDIT_ACTION[action], id, auditedState(before), auditedState({ ...before, ...changes }));
    return true;
  };

  /** The expiry an `expire` action sets, checked against the account's policy as it is now. */
  const expiryFor = (caller: Caller, action: BulkAction, input: unknown, at: Date): string | null =>
    action === 'expire' ? resolveExpiry(input, at, currentAccount(store, caller).max_key_lifetime_days) : null;

  const single = (caller: Caller, id: string, action: Exclude<BulkAction, 'delete'>, expiresInput?: string | null): KeyRecord => {
    requireOperation(caller.actor, OPERATION[action]);
    return store.write(() => {
      const key = findLiveKey(store, caller, id);
      const at = clock.now();
      apply(caller, key, action, at.toISOString(), expiryFor(caller, action, expiresInput, at));
      return store.keys.find(id)!;
    });
  };

  return {
    disable: (caller, id) => single(caller, id, 'disable'),
    enable: (caller, id) => single(caller, id, 'enable'),
    setExpiry: (caller, id, expiresAt) => single(caller, id, 'expire', expiresAt),

    roll(caller, id, input = {}) {
      requireOperation(caller.actor, 'keys.update');
      const graceMs = input.grace_ms ?? 0;
      assertGrace(graceMs);
      return store.write(() => {
        const before = findLiveKey(store, caller, id);
        if (before.origin !== 'issued') {
          throw conflict('api_key_id', 'this key was imported; its secret lives in SendGrid, so roll it there');
        }
        const at = clock.now();
        if (keyStatus({ expires_at: before.expires_at, disabled_at: null }, at) === 'expired') {
          throw conflict('api_key_id', 'this key has expired; give it a new expiry before rolling it');
        }
        // Rolling hands over a working secret for every scope the key holds: the same rule as
        // granting them, or a key could mint itself a secret for a stronger key.
        assertWithinActor(actorScopes(caller.actor), before.scopes);

        const secrets = store.keys.secrets(id);
        const current = secrets.find((s) => s.retires_at === null);
        const previous = secrets.find((s) => s.retires_at !== null);
        const issued = issueKey(id);
        const now = at.toISOString();
        const retiresAt = new Date(at.getTime() + graceMs).toISOString();
        store.keys.rollSecret(id, issued.digest, retiresAt);
        store.keys.update(id, { last4: issued.last4, updated_at: now });

        const currentId = current ? secretId(current.digest) : null;
        appendKeyAudit(
          store,
          clock,
          caller,
          'key.roll',
          id,
          { ...auditedState(before), secret_id: currentId, previous_secret_id: previous ? secretId(previous.digest) : null },
          {
            ...auditedState(before),
            secret_id: secretId(issued.digest),
            previous_secret_id: currentId,
            previous_secret_retires_at: retiresAt,
          },
        );
        return {
          api_key: issued.apiKey,
          api_key_id: id,
          name: before.name,
          scopes: before.scopes,
          secret_id: secretId(issued.digest),
          previous_secret_id: currentId,
          previous_secret_retires_at: retiresAt,
        };
      });
    },

    secrets(caller, id) {
      requireOperation(caller.actor, 'keys.read');
      findLiveKey(store, caller, id);
      const now = clock.now().toISOString();
      return store.keys
        .secrets(id)
        .map((s) => ({
          secret_id: secretId(s.digest),
          retires_at: s.retires_at,
          state: s.retires_at === null ? ('current' as const) : s.retires_at > now ? ('in_grace' as const) : ('retired' as const),
        }));
    },

    inGrace(caller) {
      requireOperation(caller.actor, 'keys.read');
      return store.keys.inGrace(caller.account.id, clock.now().toISOString());
    },

    bulk(caller, request) {
      if (!BULK_ACTIONS.includes(request.action)) {
        throw badRequest('action', `action must be one of ${BULK_ACTIONS.join(', ')}`);
      }
      requireOperation(caller.actor, OPERATION[request.action]);
      const ids: unknown = request.api_key_ids;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
        throw badRequest('api_key_ids', 'choose at least one API Key ID');
      }
      if (request.action === 'expire' && request.expires_at === undefined) {
        throw badRequest('expires_at', 'choose an expiry, or null to remove it');
      }
      const unique = [...new Set(ids as string[])];
      return store.write((): BulkOutcome => {
        const at = clock.now();
        const expiresAt = expiryFor(caller, request.action, request.expires_at, at);
        const found = unique.map((id) => ({ id, key: liveKeyOrNull(store, caller, id) }));
        if (found.some((f) => f.key === null)) {
          const results = found.map(({ id, key }) =>
            key
              ? { api_key_id: id, ok: true, changed: false }
              : { api_key_id: id, ok: false, changed: false, error: { field: 'api_key_id', message: KEY_NOT_FOUND } },
          );
          return { action: request.action, applied: false, results };
        }
        const now = at.toISOString();
        const results = found.map(({ id, key }) => ({ api_key_id: id, ok: true, changed: apply(caller, key!, request.action, now, expiresAt) }));
        return { action: request.action, applied: true, results };
      });
    },
  };
}
