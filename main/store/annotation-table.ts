/**
 * Owners, purposes and tags, by account and API Key ID. Nothing here is a key column: pulls and
 * imports rewrite key rows, and an annotation must outlive them (migration 0009 says why).
 */
import type { Database } from 'better-sqlite3';
import { NO_ANNOTATION, type KeyAnnotation } from '../../common/reviews.ts';

type AnnotationRow = [key_id: string, owner: string | null, purpose: string | null, tags: string];

const fromRow = (row: AnnotationRow): KeyAnnotation => ({ owner: row[1], purpose: row[2], tags: JSON.parse(row[3]) as string[] });

export class AnnotationTable {
  readonly #one;
  readonly #ofAccount;
  readonly #upsert;
  readonly #remove;
  readonly #removeAccount;

  constructor(db: Database) {
    this.#one = db
      .prepare<[number, string], AnnotationRow>('SELECT key_id, owner, purpose, tags FROM key_annotations WHERE account_id = ? AND key_id = ?')
      .raw();
    this.#ofAccount = db.prepare<[number], AnnotationRow>('SELECT key_id, owner, purpose, tags FROM key_annotations WHERE account_id = ?').raw();
    this.#upsert = db.prepare<[number, string, string | null, string | null, string, string]>(
      `INSERT INTO key_annotations (account_id, key_id, owner, purpose, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, key_id) DO UPDATE SET owner = excluded.owner, purpose = excluded.purpose,
         tags = excluded.tags, updated_at = excluded.updated_at`,
    );
    this.#remove = db.prepare<[number, string]>('DELETE FROM key_annotations WHERE account_id = ? AND key_id = ?');
    this.#removeAccount = db.prepare<[number]>('DELETE FROM key_annotations WHERE account_id = ?');
  }

  /** The key's annotation; empty when it has none. */
  get(accountId: number, keyId: string): KeyAnnotation {
    const row = this.#one.get(accountId, keyId);
    return row ? fromRow(row) : NO_ANNOTATION;
  }

  /** Every annotated key of the account, by API Key ID. */
  ofAccount(accountId: number): Map<string, KeyAnnotation> {
    return new Map(this.#ofAccount.all(accountId).map((row) => [row[0], fromRow(row)]));
  }

  /** Sets the key's annotation; an empty one leaves no row. Call inside a write transaction. */
  set(accountId: number, keyId: string, annotation: KeyAnnotation, at: string): void {
    if (annotation.owner === null && annotation.purpose === null && annotation.tags.length === 0) {
      this.#remove.run(accountId, keyId);
      return;
    }
    this.#upsert.run(accountId, keyId, annotation.owner, annotation.purpose, JSON.stringify(annotation.tags), at);
  }

  /** Forgets a deleted account's annotations. */
  deleteAllOf(accountId: number): void {
    this.#removeAccount.run(accountId);
  }
}
