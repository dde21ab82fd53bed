/**
 * Access reviews: a snapshot of the live keys, a decision on each (Keep, Reduce, Disable, Delete,
 * with a note), and a close that is refused while any key is undecided. Every step is an audit
 * entry naming the reviewer; a Disable or Delete decision makes that change to the key in the same
 * transaction, with the key's own audit entry beside the decision's. The close records the audit
 * log's head (`SEQ:HASH`, its own entry), so the evidence report can be checked against the log.
 */
import { badRequest, conflict, KeydeskError, notFound } from '../../common/errors.ts';
import {
  REVIEW_DECISIONS,
  type OwnershipPolicy,
  type Review,
  type ReviewDecision,
  type ReviewItem,
  type ReviewSummary,
} from '../../common/reviews.ts';
import type { AccountRecord } from '../store/account-table.ts';
import type { ReviewItemRow, ReviewRow } from '../store/review-table.ts';
import type { Store } from '../store/store.ts';
import { auditEntry } from './audit-entry.ts';
import { requireOperation, type Caller, type Clock } from './caller.ts';
import { findingsOf, reviewedKeys } from './key-annotations.ts';
import { liveKeyOrNull } from './key-access.ts';
import type { KeyLifecycleService } from './key-lifecycle.ts';
import type { KeyService } from './keys.ts';

export interface StartInput {
  readonly reviewer: string;
  readonly policy: OwnershipPolicy;
  /** Every account's keys in one review (the owner only). */
  readonly all_accounts?: boolean;
}

export interface DecideInput {
  readonly reviewer: string;
  readonly api_key_id: string;
  readonly decision: ReviewDecision;
  readonly note?: string | null;
  /** The review; the account's open one when left out. */
  readonly review_id?: number;
}

export interface ReviewService {
  start(caller: Caller, input: StartInput): Review;
  /** The account's reviews (and, for the owner, those spanning every account), newest first. */
  list(caller: Caller): ReviewSummary[];
  /** One review; the account's open one (else its latest) when no id is given. */
  get(caller: Caller, id?: number): Review;
  decide(caller: Caller, input: DecideInput): Review;
  close(caller: Caller, input: { readonly reviewer: string; readonly review_id?: number }): Review;
}

const NOTE_MAX = 1000;
const REVIEWER_MAX = 254;
const UNPRINTABLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u;

function checkedText(field: string, text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length > max) throw badRequest(field, `${field} is at most ${max} characters`);
  if (UNPRINTABLE.test(trimmed)) throw badRequest(field, `${field} holds a control or invisible character`);
  return trimmed;
}

function checkedReviewer(reviewer: string): string {
  const text = checkedText('reviewer', reviewer, REVIEWER_MAX);
  if (!text) throw badRequest('reviewer', 'name the reviewer');
  return text;
}

const decidedCount = (items: readonly ReviewItemRow[]) => items.filter((i) => i.decision !== null).length;

export function createReviewService(store: Store, clock: Clock, keys: KeyService, lifecycle: KeyLifecycleService): ReviewService {
  const accountName = (id: number | null) => (id === null ? null : (store.accounts.byId(id)?.name ?? `#${id} (deleted)`));

  const summaryOf = (row: ReviewRow, items: readonly ReviewItemRow[]): ReviewSummary => ({
    id: row.id,
    account: accountName(row.account_id),
    started_at: row.started_at,
    started_by: row.started_by,
    closed_at: row.closed_at,
    closed_by: row.closed_by,
    total: items.length,
    decided: decidedCount(items),
  });

  const reviewOf = (row: ReviewRow): Review => {
    const items = store.reviews.items(row.id);
    const reviewers = [row.started_by, ...items.flatMap((i) => (i.decided_by ? [i.decided_by] : [])), ...(row.closed_by ? [row.closed_by] : [])];
    return {
      ...summaryOf(row, items),
      policy: row.policy,
      items: items satisfies readonly ReviewItem[],
      findings_at_start: row.findings_at_start,
      findings_at_close: row.findings_at_close,
      audit_head_at_close: row.audit_head_at_close,
      reviewers: [...new Set(reviewers)],
    };
  };

  /** A review the caller may see: one of its account's, or (the owner's) one spanning every account. */
  const visible = (caller: Caller, row: ReviewRow | undefined, id: number): ReviewRow => {
    if (row && row.account_id === caller.account.id) return row;
    if (row && row.account_id === null && caller.actor.kind === 'owner') return row;
    throw notFound(`no review ${id} in account "${caller.account.name}"`, 'review_id');
  };

  const chosen = (caller: Caller, id: number | undefined, open: boolean): ReviewRow => {
    if (id !== undefined) return visible(caller, store.reviews.find(id), id);
    const rows = [...store.reviews.list(caller.account.id), ...(caller.actor.kind === 'owner' ? store.reviews.list(null) : [])];
    const found = rows.find((r) => r.closed_at === null) ?? (open ? undefined : rows.sort((a, b) => b.id - a.id)[0]);
    if (!found) {
      throw notFound(
        open ? `no open review in account "${caller.account.name}": start one with review start` : `no review in account "${caller.account.name}" yet`,
        'review_id',
      );
    }
    return found;
  };

  const openOne = (caller: Caller, id: number | undefined): ReviewRow => {
    const row = chosen(caller, id, true);
    if (row.closed_at !== null) throw conflict('review_id', `review ${row.id} was closed ${row.closed_at}: it takes no more decisions`);
    return row;
  };

  /** The accounts a review covers, as they are now (a deleted one is gone). */
  const accountsOf = (row: Pick<ReviewRow, 'account_id'>): AccountRecord[] =>
    row.account_id === null ? store.accounts.list() : [store.accounts.byId(row.account_id)].filter((a): a is AccountRecord => a !== undefined);

  return {
    start(caller, input) {
      requireOperation(caller.actor, 'reviews.manage');
      if (input.all_accounts) requireOperation(caller.actor, 'audit.read-all-accounts');
      const reviewer = checkedReviewer(input.reviewer);
      const policy = { rotationDays: input.policy.rotationDays, departedOwners: [...input.policy.departedOwners].map((o) => o.toLowerCase()).sort() };
      if (!Number.isSafeInteger(policy.rotationDays) || policy.rotationDays < 1) throw badRequest('rotationDays', 'rotationDays must be a whole number of days, at least 1');
      return store.write(() => {
        const accountId = input.all_accounts ? null : caller.account.id;
        const open = store.reviews.list(accountId).find((r) => r.closed_at === null);
        if (open) throw conflict('review_id', `review ${open.id} of this account is still open: close it before starting another`);
        const now = clock.now();
        const at = now.toISOString();
        const accounts = accountsOf({ account_id: accountId });
        const keys = accounts.flatMap((account) => reviewedKeys(store, account, policy, now).map((key) => ({ account_id: account.id, key })));
        const findings = findingsOf(keys.map((k) => k.key), policy);
        const id = store.reviews.insert({ account_id: accountId, started_at: at, started_by: reviewer, policy, findings_at_start: findings, keys });
        store.audit.append(
          auditEntry(caller, at, {
            action: 'review.start',
            after: { review_id: id, reviewer, key_count: keys.length, findings: findings.length, policy, ...(accountId === null ? { all_accounts: true } : {}) },
          }),
        );
        return reviewOf(store.reviews.find(id)!);
      });
    },

    list(caller) {
      requireOperation(caller.actor, 'reviews.read');
      const rows = [...store.reviews.list(caller.account.id), ...(caller.actor.kind === 'owner' ? store.reviews.list(null) : [])];
      return rows.sort((a, b) => b.id - a.id).map((row) => summaryOf(row, store.reviews.items(row.id)));
    },

    get(caller, id) {
      requireOperation(caller.actor, 'reviews.read');
      return reviewOf(chosen(caller, id, false));
    },

    decide(caller, input) {
      requireOperation(caller.actor, 'reviews.manage');
      const reviewer = checkedReviewer(input.reviewer);
      if (!REVIEW_DECISIONS.includes(input.decision)) throw badRequest('decision', `decision is one of ${REVIEW_DECISIONS.join(', ')}`);
      const note = input.note === undefined || input.note === null ? null : checkedText('note', input.note, NOTE_MAX) || null;
      return store.write(() => {
        const row = openOne(caller, input.review_id);
        const item = store.reviews.items(row.id).find((i) => i.key.api_key_id === input.api_key_id);
        if (!item) throw notFound(`key ${input.api_key_id} is not in review ${row.id}`, 'api_key_id');
        if (item.decision === 'delete') throw conflict('api_key_id', `key ${input.api_key_id} was deleted by this review's decision; that decision is final`);
        const account = store.accounts.byName(item.key.account);
        // The key's own account acts: a review of every account decides on keys of each.
        const onKey: Caller = account ? { ...caller, account } : caller;
        const live = liveKeyOrNull(store, onKey, input.api_key_id);
        if (!live && input.decision !== 'delete') throw conflict('api_key_id', `key ${input.api_key_id} has been deleted since the review started: only Delete can be recorded`);
        if (input.decision === 'reduce') {
          const before = new Set(item.key.scopes);
          const reduced = live!.scopes.length < before.size && live!.scopes.every((s) => before.has(s));
          if (!reduced) {
            throw conflict(
              'decision',
              `reduce the key's access first (in the permission editor, or keydesk keys update ${input.api_key_id} --name ... --scopes ...): it still holds ${live!.scopes.length} of its ${before.size} scopes, or others`,
            );
          }
        }
        if (input.decision === 'disable' && live!.disabled_at === null) lifecycle.disable(onKey, input.api_key_id);
        if (input.decision === 'delete' && live) keys.remove(onKey, input.api_key_id);
        const at = clock.now().toISOString();
        store.reviews.decide(row.id, input.api_key_id, { decision: input.decision, note, decided_at: at, decided_by: reviewer });
        store.audit.append(
          auditEntry(onKey, at, {
            action: 'review.decide',
            key_id: input.api_key_id,
            before: item.decision === null ? null : { review_id: row.id, decision: item.decision, note: item.note, reviewer: item.decided_by },
            after: { review_id: row.id, decision: input.decision, note, reviewer },
          }),
        );
        return reviewOf(store.reviews.find(row.id)!);
      });
    },

    close(caller, input) {
      requireOperation(caller.actor, 'reviews.manage');
      const reviewer = checkedReviewer(input.reviewer);
      return store.write(() => {
        const row = openOne(caller, input.review_id);
        const items = store.reviews.items(row.id);
        const undecided = items.filter((i) => i.decision === null);
        if (undecided.length) {
          const named = undecided.slice(0, 5).map((i) => `${i.key.api_key_id} (${i.key.name})`).join(', ');
          throw new KeydeskError('CONFLICT', [
            { field: 'review_id', message: `review ${row.id} cannot close: ${undecided.length} of ${items.length} keys have no decision yet: ${named}${undecided.length > 5 ? ', ...' : ''}` },
          ]);
        }
        const now = clock.now();
        const at = now.toISOString();
        const findings = findingsOf(
          accountsOf(row).flatMap((account) => reviewedKeys(store, account, row.policy, now)),
          row.policy,
        );
        const counts = Object.fromEntries(REVIEW_DECISIONS.map((d) => [d, items.filter((i) => i.decision === d).length]));
        const entry = store.audit.append(
          auditEntry(caller, at, {
            action: 'review.close',
            after: { review_id: row.id, reviewer, key_count: items.length, decisions: counts, findings: findings.length, ...(row.account_id === null ? { all_accounts: true } : {}) },
          }),
        );
        store.reviews.close(row.id, { closed_at: at, closed_by: reviewer, findings_at_close: findings, audit_head_at_close: `${entry.seq}:${entry.hash}` });
        return reviewOf(store.reviews.find(row.id)!);
      });
    },
  };
}
