/** Access reviews and their items: the keys as a review found them, and each decision taken on them. */
import type { Database } from 'better-sqlite3';
import type { OwnershipFinding, OwnershipPolicy, ReviewDecision, ReviewedKey } from '../../common/reviews.ts';

export interface ReviewRow {
  readonly id: number;
  readonly account_id: number | null;
  readonly started_at: string;
  readonly started_by: string;
  readonly policy: OwnershipPolicy;
  readonly findings_at_start: readonly OwnershipFinding[];
  readonly closed_at: string | null;
  readonly closed_by: string | null;
  readonly findings_at_close: readonly OwnershipFinding[] | null;
  readonly audit_head_at_close: string | null;
}

export interface ReviewItemRow {
  readonly key: ReviewedKey;
  readonly decision: ReviewDecision | null;
  readonly note: string | null;
  readonly decided_at: string | null;
  readonly decided_by: string | null;
}

interface RawReview extends Omit<ReviewRow, 'policy' | 'findings_at_start' | 'findings_at_close'> {
  readonly policy: string;
  readonly findings_at_start: string;
  readonly findings_at_close: string | null;
}

interface RawItem extends Omit<ReviewItemRow, 'key'> {
  readonly key: string;
}

const fromRaw = (raw: RawReview): ReviewRow => ({
  ...raw,
  policy: JSON.parse(raw.policy) as OwnershipPolicy,
  findings_at_start: JSON.parse(raw.findings_at_start) as OwnershipFinding[],
  findings_at_close: raw.findings_at_close === null ? null : (JSON.parse(raw.findings_at_close) as OwnershipFinding[]),
});

export interface NewReview {
  readonly account_id: number | null;
  readonly started_at: string;
  readonly started_by: string;
  readonly policy: OwnershipPolicy;
  readonly findings_at_start: readonly OwnershipFinding[];
  readonly keys: readonly { readonly account_id: number; readonly key: ReviewedKey }[];
}

export interface Decision {
  readonly decision: ReviewDecision;
  readonly note: string | null;
  readonly decided_at: string;
  readonly decided_by: string;
}

export interface Closing {
  readonly closed_at: string;
  readonly closed_by: string;
  readonly findings_at_close: readonly OwnershipFinding[];
  readonly audit_head_at_close: string;
}

export class ReviewTable {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Records a new review with its keys, in the order given. Call inside a write transaction. */
  insert(review: NewReview): number {
    const id = this.#db
      .prepare<[number | null, string, string, string, string], number>(
        'INSERT INTO reviews (account_id, started_at, started_by, policy, findings_at_start) VALUES (?, ?, ?, ?, ?) RETURNING id',
      )
      .pluck()
      .get(review.account_id, review.started_at, review.started_by, JSON.stringify(review.policy), JSON.stringify(review.findings_at_start))!;
    const item = this.#db.prepare<[number, number, number, string, string]>(
      'INSERT INTO review_items (review_id, position, account_id, key_id, key) VALUES (?, ?, ?, ?, ?)',
    );
    review.keys.forEach(({ account_id, key }, i) => item.run(id, i, account_id, key.api_key_id, JSON.stringify(key)));
    return id;
  }

  find(id: number): ReviewRow | undefined {
    const raw = this.#db.prepare<[number], RawReview>('SELECT * FROM reviews WHERE id = ?').get(id);
    return raw && fromRaw(raw);
  }

  /** Reviews of the account (or, with null, those spanning every account), newest first. */
  list(accountId: number | null): ReviewRow[] {
    const sql = `SELECT * FROM reviews WHERE account_id ${accountId === null ? 'IS NULL' : '= ?'} ORDER BY id DESC`;
    const rows = accountId === null ? this.#db.prepare<[], RawReview>(sql).all() : this.#db.prepare<[number], RawReview>(sql).all(accountId);
    return rows.map(fromRaw);
  }

  items(reviewId: number): ReviewItemRow[] {
    return this.#db
      .prepare<[number], RawItem>('SELECT key, decision, note, decided_at, decided_by FROM review_items WHERE review_id = ? ORDER BY position')
      .all(reviewId)
      .map((raw) => ({ ...raw, key: JSON.parse(raw.key) as ReviewedKey }));
  }

  decide(reviewId: number, keyId: string, decision: Decision): void {
    this.#db
      .prepare('UPDATE review_items SET decision = ?, note = ?, decided_at = ?, decided_by = ? WHERE review_id = ? AND key_id = ?')
      .run(decision.decision, decision.note, decision.decided_at, decision.decided_by, reviewId, keyId);
  }

  close(reviewId: number, closing: Closing): void {
    this.#db
      .prepare('UPDATE reviews SET closed_at = ?, closed_by = ?, findings_at_close = ?, audit_head_at_close = ? WHERE id = ?')
      .run(closing.closed_at, closing.closed_by, JSON.stringify(closing.findings_at_close), closing.audit_head_at_close, reviewId);
  }

  /**
   * The last decision taken on each of the account's keys in a closed review: what an inventory
   * export reports beside the key. Later reviews win.
   */
  lastDecisions(accountId: number): Map<string, ReviewDecision> {
    const rows = this.#db
      .prepare<[number], [string, ReviewDecision]>(
        `SELECT i.key_id, i.decision FROM review_items i JOIN reviews r ON r.id = i.review_id
         WHERE i.account_id = ? AND r.closed_at IS NOT NULL AND i.decision IS NOT NULL
         ORDER BY r.closed_at, r.id`,
      )
      .raw()
      .all(accountId);
    return new Map(rows);
  }
}
