/**
 * The first schema: accounts, keys, their secret digests, and the hash-chained audit log.
 * Timestamps are ISO-8601 UTC text so they sort as text and read well in the sqlite3 shell.
 */
import type { Migration } from './index.ts';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        -- A subuser account points at its parent.
        parent_id INTEGER REFERENCES accounts(id),
        -- Longest lifetime a new key may have, in days; NULL means no policy.
        max_key_lifetime_days INTEGER CHECK (max_key_lifetime_days > 0),
        created_at TEXT NOT NULL
      );

      CREATE TABLE keys (
        id TEXT PRIMARY KEY,                  -- the API Key ID, the middle part of SG.<id>.<secret>
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        access_type TEXT NOT NULL CHECK (access_type IN ('full', 'restricted', 'billing')),
        scopes TEXT NOT NULL,                 -- JSON array, sorted
        -- 'issued' keys were made here and have a secret; 'imported' ones live in SendGrid.
        origin TEXT NOT NULL DEFAULT 'issued' CHECK (origin IN ('issued', 'imported')),
        last4 TEXT,                           -- last 4 characters of the current secret, for display
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_used_at TEXT,
        last_used_by TEXT,                    -- caller label given to verify, if any
        expires_at TEXT,
        disabled_at TEXT,
        deleted_at TEXT                       -- tombstone: no secret remains, every use fails
      ) WITHOUT ROWID;
      CREATE INDEX keys_by_account ON keys (account_id, deleted_at);

      -- SHA-256 digests of a key's secrets. One current secret (retires_at NULL); a rolled key
      -- keeps its previous secret until retires_at, so callers can switch without downtime.
      CREATE TABLE key_secrets (
        key_id TEXT NOT NULL REFERENCES keys(id) ON DELETE CASCADE,
        digest BLOB NOT NULL CHECK (length(digest) = 32),
        created_at TEXT NOT NULL,
        retires_at TEXT,
        PRIMARY KEY (key_id, digest)
      ) WITHOUT ROWID;

      -- Append-only record of every change. Each row carries the hash of the row before it,
      -- so an edited, deleted or reordered row breaks the chain.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,                  -- 'owner' or 'key:<api key id>'
        via TEXT NOT NULL,                    -- 'app', 'cli' or 'api'
        action TEXT NOT NULL,
        account_id INTEGER NOT NULL,
        key_id TEXT,
        before TEXT,                          -- JSON state before, NULL on create
        after TEXT,                           -- JSON state after, NULL on delete
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_key ON audit_log (key_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
    db.prepare('INSERT INTO accounts (name, created_at) VALUES (?, ?)').run('default', new Date().toISOString());
  },
};
