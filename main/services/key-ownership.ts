/**
 * What an inventory adds beside each key from Keydesk's own records: its owner, purpose and tags,
 * when its secret was last changed (created, or last rolled), and the decision the latest closed
 * access review took on it.
 */
import type { ReviewDecision } from '../../common/reviews.ts';
import { lastRolls } from '../store/key-rolls.ts';
import type { KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';

/** Members in this order, after the key's own in a JSON export. */
export interface KeyOwnership {
  readonly owner: string | null;
  readonly purpose: string | null;
  readonly tags: readonly string[];
  readonly last_rotated_at: string;
  readonly last_review_decision: ReviewDecision | null;
}

/** The ownership of each of the account's keys, read once per account. Call inside a read transaction. */
export function ownershipOf(store: Store, accountId: number): (key: KeyRecord) => KeyOwnership {
  const annotations = store.annotations.ofAccount(accountId);
  const rolls = lastRolls(store.db, accountId);
  const decisions = store.reviews.lastDecisions(accountId);
  return (key) => {
    const annotation = annotations.get(key.api_key_id);
    return {
      owner: annotation?.owner ?? null,
      purpose: annotation?.purpose ?? null,
      tags: annotation?.tags ?? [],
      last_rotated_at: rolls.get(key.api_key_id) ?? key.created_at,
      last_review_decision: decisions.get(key.api_key_id) ?? null,
    };
  };
}
