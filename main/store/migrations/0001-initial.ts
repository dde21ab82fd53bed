/**
 * The first schema: accounts, interned scope sets, keys with their secret digests, secrets a
 * rolled key still accepts, and the hash-chained audit log.
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

      -- Scope sets are interned: keys share a handful of distinct sets (Full Access, a mailer's...),
      -- so each set is stored and parsed once, and key rows stay small. Rows are never changed.
      CREATE TABLE scope_sets (
        id INTEGER PRIMARY KEY,
        scopes TEXT NOT NULL UNIQUE           -- JSON array, sorted
      );

      CREATE TABLE keys (
        id TEXT PRIMARY KEY,                  -- the API Key ID, the middle part of SG.<id>.<secret>
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        access_type TEXT NOT NULL CHECK (access_type IN ('full', 'restricted', 'billing')),
        scope_set_id INTEGER NOT NULL REFERENCES scope_sets(id),
        -- 'issued' keys were made here and have a secret; 'imported' ones live in SendGrid.
        origin TEXT NOT NULL DEFAULT 'issued' CHECK (origin IN ('issued', 'imported')),
        -- SHA-256 of the current key; NULL for imported keys (their secret lives in SendGrid) and deleted ones.
        digest BLOB CHECK (length(digest) = 32),
        last4 TEXT,                           -- last 4 characters of the current secret, for display
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_used_at TEXT,
        last_used_by TEXT,                    -- caller label given to verify, if any
        expires_at TEXT,
        disabled_at TEXT,
        deleted_at TEXT                       -- tombstone: no digest remains, every use fails
      ) WITHOUT ROWID;
      CREATE INDEX keys_by_account ON keys (account_id, deleted_at);

      -- Secrets a rolled key still accepts until retires_at, so callers can switch without downtime.
      -- The current secret's digest sits in keys.digest, where verification finds it in one lookup.
      CREATE TABLE retired_secrets (
        key_id TEXT NOT NULL REFERENCES keys(id),
        digest BLOB NOT NULL CHECK (length(digest) = 32),
        retires_at TEXT NOT NULL,
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
