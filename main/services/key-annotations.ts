/**
 * Owners, purposes and tags on keys, and the ownership findings over them. Annotations are
 * Keydesk's own notes, kept by account and API Key ID outside the key rows, so a pull or an import
 * never rewrites them. Every change is one transaction with one audit entry per key it changed.
 */
import { KeydeskError, type FieldError } from '../../common/errors.ts';
import {
  OWNER_MAX,
  OWNER_PATTERN,
  PURPOSE_MAX,
  TAG_MAX,
  TAG_PATTERN,
  TAGS_MAX,
  type AnnotatedKey,
  type AnnotationChange,
  type KeyAnnotation,
  type OwnershipFinding,
  type OwnershipPolicy,
  type OwnershipRule,
  type ReviewedKey,
} from '../../common/reviews.ts';
import type { AccountRecord } from '../store/account-table.ts';
import type { Store } from '../store/store.ts';
import { auditEntry } from './audit-entry.ts';
import { requireOperation, type Caller, type Clock } from './caller.ts';
import { keyStatus } from './inventory.ts';
import { findLiveKey } from './key-access.ts';
import { ownershipOf } from './key-ownership.ts';

const DAY_MS = 86_400_000;

/** Control characters and the invisible ones that reorder text: never in a note an auditor reads. */
const UNPRINTABLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u;

function ownerErrors(owner: string | null | undefined): FieldError[] {
  if (owner === undefined || owner === null) return [];
  if (owner.length > OWNER_MAX) return [{ field: 'owner', message: `owner is at most ${OWNER_MAX} characters` }];
  if (!OWNER_PATTERN.test(owner)) return [{ field: 'owner', message: `owner must be an email address, e.g. ops@example.com (got "${owner.slice(0, 60)}")` }];
  return [];
}

function purposeErrors(purpose: string | null | undefined): FieldError[] {
  if (purpose === undefined || purpose === null) return [];
  if (purpose.length > PURPOSE_MAX) return [{ field: 'purpose', message: `purpose is at most ${PURPOSE_MAX} characters` }];
  if (UNPRINTABLE.test(purpose)) return [{ field: 'purpose', message: 'purpose holds a control or invisible character' }];
  return [];
}

function tagErrors(field: string, tags: readonly string[] | undefined): FieldError[] {
  return (tags ?? []).flatMap((tag) => {
    if (tag.length === 0 || tag.length > TAG_MAX) return [{ field, message: `a tag is 1 to ${TAG_MAX} characters: "${tag.slice(0, 60)}"` }];
    if (!TAG_PATTERN.test(tag)) return [{ field, message: `a tag is letters, digits and . _ : / - (starting with a letter or digit): "${tag}"` }];
    return [];
  });
}

/** Trims text and turns an empty string into "none". */
const cleaned = (text: string | null | undefined): string | null | undefined => (text === undefined || text === null ? text : text.trim() || null);

/** Checks a change; throws naming every bad field. Owners are compared and kept in lower case. */
export function checkedChange(change: AnnotationChange): AnnotationChange {
  const owner = cleaned(change.owner)?.toLowerCase() ?? cleaned(change.owner);
  const purpose = cleaned(change.purpose);
  const errors = [
    ...ownerErrors(owner),
    ...purposeErrors(purpose),
    ...tagErrors('tags', change.tags),
    ...tagErrors('add_tags', change.add_tags),
    ...tagErrors('remove_tags', change.remove_tags),
  ];
  if (change.tags !== undefined && (change.add_tags?.length || change.remove_tags?.length)) {
    errors.push({ field: 'tags', message: 'give the whole list of tags, or tags to add and remove, not both' });
  }
  if (errors.length) throw new KeydeskError('BAD_REQUEST', errors);
  return {
    ...(owner === undefined ? {} : { owner }),
    ...(purpose === undefined ? {} : { purpose }),
    ...(change.tags === undefined ? {} : { tags: change.tags }),
    ...(change.add_tags === undefined ? {} : { add_tags: change.add_tags }),
    ...(change.remove_tags === undefined ? {} : { remove_tags: change.remove_tags }),
  };
}

/** The annotation after `change`; tags sorted and unique. */
export function applyChange(before: KeyAnnotation, change: AnnotationChange): KeyAnnotation {
  const removed = new Set(change.remove_tags ?? []);
  const tags = new Set([...(change.tags ?? before.tags), ...(change.add_tags ?? [])].filter((t) => !removed.has(t)));
  if (tags.size > TAGS_MAX) throw new KeydeskError('BAD_REQUEST', [{ field: 'tags', message: `a key has at most ${TAGS_MAX} tags` }]);
  return {
    owner: change.owner === undefined ? before.owner : change.owner,
    purpose: change.purpose === undefined ? before.purpose : change.purpose,
    tags: [...tags].sort(),
  };
}

const sameAnnotation = (a: KeyAnnotation, b: KeyAnnotation) =>
  a.owner === b.owner && a.purpose === b.purpose && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);

export interface KeyAnnotationService {
  /** Changes the annotations of every key named, all or none: an unknown ID changes nothing. */
  annotate(caller: Caller, ids: readonly string[], change: AnnotationChange): AnnotatedKey[];
  get(caller: Caller, id: string): KeyAnnotation;
  /** The account's annotated keys, by API Key ID. */
  ofAccount(caller: Caller): Map<string, KeyAnnotation>;
  /** The ownership findings over the account's live keys (or every account's). */
  findings(caller: Caller, policy: OwnershipPolicy, options?: { readonly allAccounts?: boolean }): OwnershipFinding[];
}

export function createKeyAnnotationService(store: Store, clock: Clock): KeyAnnotationService {
  return {
    annotate(caller, ids, change) {
      requireOperation(caller.actor, 'annotations.manage');
      if (ids.length === 0) throw new KeydeskError('BAD_REQUEST', [{ field: 'api_key_ids', message: 'name at least one key' }]);
      const checked = checkedChange(change);
      return store.write(() => {
        const at = clock.now().toISOString();
        const keys = [...new Set(ids)].map((id) => findLiveKey(store, caller, id));
        return keys.map((key) => {
          const before = store.annotations.get(caller.account.id, key.api_key_id);
          const after = applyChange(before, checked);
          const changed = !sameAnnotation(before, after);
          if (changed) {
            store.annotations.set(caller.account.id, key.api_key_id, after, at);
            store.audit.append(auditEntry(caller, at, { action: 'key.annotate', key_id: key.api_key_id, before: { annotation: before }, after: { annotation: after } }));
          }
          return { api_key_id: key.api_key_id, name: key.name, ...after, changed };
        });
      });
    },

    get(caller, id) {
      requireOperation(caller.actor, 'keys.read');
      const key = findLiveKey(store, caller, id);
      return store.annotations.get(caller.account.id, key.api_key_id);
    },

    ofAccount(caller) {
      requireOperation(caller.actor, 'keys.read');
      return store.annotations.ofAccount(caller.account.id);
    },

    findings(caller, policy, options = {}) {
      requireOperation(caller.actor, 'audit.read');
      if (options.allAccounts) requireOperation(caller.actor, 'audit.read-all-accounts');
      const accounts = options.allAccounts ? store.accounts.list() : [caller.account];
      const now = clock.now();
      return store.db.transaction(() => accounts.flatMap((account) => findingsOf(reviewedKeys(store, account, policy, now), policy)))();
    },
  };
}

/** Which ownership rules a key breaks, by its annotation and its last rotation. */
export function ownershipRules(
  key: Pick<ReviewedKey, 'owner' | 'last_rotated_at'>,
  policy: OwnershipPolicy,
  now: Date,
): OwnershipRule[] {
  const departed = new Set(policy.departedOwners.map((o) => o.toLowerCase()));
  const rules: OwnershipRule[] = [];
  if (key.owner === null) rules.push('no_owner');
  else if (departed.has(key.owner.toLowerCase())) rules.push('departed_owner');
  if (now.getTime() - Date.parse(key.last_rotated_at) > policy.rotationDays * DAY_MS) rules.push('not_rotated');
  return rules;
}

/** Every live key of the account, as a review sees it: the record, its annotation, last rotation and findings. */
export function reviewedKeys(store: Store, account: AccountRecord, policy: OwnershipPolicy, now: Date): ReviewedKey[] {
  const ownership = ownershipOf(store, account.id);
  return store.keys.listLive(account.id).map((key) => {
    const { owner, purpose, tags, last_rotated_at } = ownership(key);
    return {
      account: account.name,
      api_key_id: key.api_key_id,
      name: key.name,
      access_type: key.access_type,
      scopes: key.scopes,
      origin: key.origin,
      created_at: key.created_at,
      last_used_at: key.last_used_at,
      last_rotated_at,
      status: keyStatus(key, now),
      owner,
      purpose,
      tags,
      findings: ownershipRules({ owner, last_rotated_at }, policy, now),
    };
  });
}

const REASONS: Readonly<Record<OwnershipRule, (key: ReviewedKey, policy: OwnershipPolicy) => string>> = {
  no_owner: () => 'nobody is named as its owner, so nobody answers for it or notices when it is no longer needed',
  departed_owner: (key) => `its owner ${key.owner ?? ''} is marked as having left`,
  not_rotated: (key, policy) => `its secret dates from ${key.last_rotated_at.slice(0, 10)}, more than ${policy.rotationDays} days ago`,
};

/** The findings of keys already judged (each key's `findings`), one per rule and key. */
export function findingsOf(keys: readonly ReviewedKey[], policy: OwnershipPolicy): OwnershipFinding[] {
  return keys.flatMap((key) =>
    key.findings.map((rule) => ({ rule, account: key.account, api_key_id: key.api_key_id, name: key.name, reason: REASONS[rule](key, policy) })),
  );
}
