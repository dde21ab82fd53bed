/**
 * Owners, purposes and tags, and access reviews. Annotations live in their own table, keyed by
 * account and API Key ID, never in `keys`: a pull or an import rewrites key rows (and may bring
 * back a key deleted here), and a key's notes must outlive all of that. A review keeps the keys as
 * they were when it started, so its report shows what the reviewer saw, whatever changed after.
 */
import type { Migration } from './index.ts';

export const keyAnnotationsAndReviews: Migration = {
  version: 9,
  name: 'key-annotations-and-reviews',
  up(db) {
    db.exec(`
      CREATE TABLE key_annotations (
        account_id INTEGER NOT NULL,
        key_id TEXT NOT NULL,
        owner TEXT,
        purpose TEXT,
        tags TEXT NOT NULL DEFAULT '[]',     -- JSON array, sorted
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, key_id)
      ) WITHOUT ROWID;

      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        account_id INTEGER,                   -- NULL: every account
        started_at TEXT NOT NULL,
        started_by TEXT NOT NULL,
        policy TEXT NOT NULL,                 -- JSON: the thresholds its findings were judged by
        findings_at_start TEXT NOT NULL,      -- JSON
        closed_at TEXT,
        closed_by TEXT,
        findings_at_close TEXT,               -- JSON
        audit_head_at_close TEXT              -- SEQ:HASH
      );

      CREATE TABLE review_items (
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        position INTEGER NOT NULL,
        account_id INTEGER NOT NULL,
        key_id TEXT NOT NULL,
        key TEXT NOT NULL,                    -- JSON: the key as the review found it
        decision TEXT CHECK (decision IN ('keep', 'reduce', 'disable', 'delete')),
        note TEXT,
        decided_at TEXT,
        decided_by TEXT,
        PRIMARY KEY (review_id, key_id)
      ) WITHOUT ROWID;
      CREATE INDEX review_items_by_key ON review_items (account_id, key_id);
    `);
  },
};
