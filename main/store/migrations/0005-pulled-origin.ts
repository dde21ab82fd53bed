/**
 * Keys pulled from a live SendGrid account (`keydesk pull`) say so: `origin` may now be 'pulled'
 * beside 'issued' and 'imported'. A CHECK constraint cannot be altered in SQLite, so the keys
 * table is rebuilt by SQLite's own procedure: a new table, every row copied as it is, the old one
 * dropped, the new one renamed, its indexes made again. `migrate` runs this with foreign-key
 * enforcement off (retired_secrets points at keys) and checks every reference before it commits.
 * A key that vanishes from SendGrid keeps its row as a tombstone (`deleted_at`), as a deleted key
 * does: that needs no new column.
 */
import type { Migration } from './index.ts';

export const pulledOrigin: Migration = {
  version: 5,
  name: 'pulled-origin',
  up(db) {
    db.exec(`
      CREATE TABLE keys_rebuilt (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        access_type TEXT NOT NULL CHECK (access_type IN ('full', 'restricted', 'billing')),
        scope_set_id INTEGER NOT NULL REFERENCES scope_sets(id),
        -- 'issued' keys were made here and have a secret; 'imported' ones came from a file and
        -- 'pulled' ones from a live SendGrid account: their secrets live in SendGrid.
        origin TEXT NOT NULL DEFAULT 'issued' CHECK (origin IN ('issued', 'imported', 'pulled')),
        digest BLOB CHECK (length(digest) = 32),
        last4 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_used_at TEXT,
        last_used_by TEXT,
        expires_at TEXT,
        disabled_at TEXT,
        deleted_at TEXT
      ) WITHOUT ROWID;
      INSERT INTO keys_rebuilt (id, account_id, name, access_type, scope_set_id, origin, digest, last4, created_at,
                                updated_at, last_used_at, last_used_by, expires_at, disabled_at, deleted_at)
        SELECT id, account_id, name, access_type, scope_set_id, origin, digest, last4, created_at,
               updated_at, last_used_at, last_used_by, expires_at, disabled_at, deleted_at
        FROM keys;
      DROP TABLE keys;
      ALTER TABLE keys_rebuilt RENAME TO keys;
      CREATE INDEX keys_by_account ON keys (account_id, deleted_at);
      CREATE INDEX keys_live_by_age ON keys (account_id, created_at, id) WHERE deleted_at IS NULL;
    `);
  },
};
