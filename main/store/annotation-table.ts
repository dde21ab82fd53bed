/**
 * Owners, purposes and tags, by account and API Key ID. Nothing here is a key column: pulls and
 * imports rewrite key rows, and an annotation must outlive them (migration 0009 says why).
 */
import type { Database } from 'better-sqlite3';
import { NO_ANNOTATION, type KeyAnnotation } from '../../common/reviews.ts';

type AnnotationRow = [key_id: string, owner: string | null, purpose: string | null, tags: string];

const fromRow = (row: AnnotationRow): KeyAnnotation => ({ owner: row[1], purpose: row[2], tags: JSON.parse(row[3]) as string[] });

/** The statements, prepared on first use: a store opened at an older schema (tests, upgrades) has no table yet. */
function statements(db: Database) {
  return {
    one: db
      .prepare<[number, string], AnnotationRow>('SELECT key_id, owner, purpose, tags FROM key_annotations WHERE account_id = ? AND key_id = ?')
      .raw(),
    ofAccount: db.prepare<[number], AnnotationRow>('SELECT key_id, owner, purpose, tags FROM key_annotations WHERE account_id = ?').raw(),
    upsert: db.prepare<[number, string, string | null, string | null, string, string]>(
      `INSERT INTO key_annotations (account_id, key_id, owner, purpose, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, key_id) DO UPDATE SET owner = excluded.owner, purpose = excluded.purpose,
         tags = excluded.tags, updated_at = excluded.updated_at`,
    ),
    remove: db.prepare<[number, string]>('DELETE FROM key_annotations WHERE account_id = ? AND key_id = ?'),
    removeAccount: db.prepare<[number]>('DELETE FROM key_annotations WHERE account_id = ?'),
  };
}

export class AnnotationTable {
  readonly #db: Database;
  #prepared: ReturnType<typeof statements> | undefined;

  constructor(db: Database) {
    this.#db = db;
  }

  get #sql() {
    return (this.#prepared ??= statements(this.#db));
  }

  /** The key's annotation; empty when it has none. */
  get(accountId: number, keyId: string): KeyAnnotation {
    const row = this.#sql.one.get(accountId, keyId);
    return row ? fromRow(row) : NO_ANNOTATION;
  }

  /** Every annotated key of the account, by API Key ID. */
  ofAccount(accountId: number): Map<string, KeyAnnotation> {
    return new Map(this.#sql.ofAccount.all(accountId).map((row) => [row[0], fromRow(row)]));
  }

  /** Sets the key's annotation; an empty one leaves no row. Call inside a write transaction. */
  set(accountId: number, keyId: string, annotation: KeyAnnotation, at: string): void {
    if (annotation.owner === null && annotation.purpose === null && annotation.tags.length === 0) {
      this.#sql.remove.run(accountId, keyId);
      return;
    }
    this.#sql.upsert.run(accountId, keyId, annotation.owner, annotation.purpose, JSON.stringify(annotation.tags), at);
  }

  /** Forgets a deleted account's annotations. */
  deleteAllOf(accountId: number): void {
    this.#sql.removeAccount.run(accountId);
  }
}
