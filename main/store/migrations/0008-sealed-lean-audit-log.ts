/**
 * The audit log is sealed and lean (issues 15 and 16), in one step since both change how rows are
 * stored and checked:
 *
 * - The seal: the store gets an id, by which its seal key is found outside the store
 *   (seal-keys.ts); the key is made now. The last row of every write, and the head, carry an
 *   HMAC-SHA-256 of their hash with that key (audit-seal.ts). Sealing sets a column the row hash
 *   does not cover, so the no-update trigger now guards the hashed columns only.
 * - Lean entries: a key's scope list is named by its SHA-256 and kept once in audit_scope_sets
 *   (audit-snapshots.ts), as append-only as the log.
 *
 * Rows already in the log keep their contents and hashes, so the chain is unchanged and a head
 * noted down before the upgrade still matches. The last of them is sealed, and through the chain
 * all of them: the seal vouches for them as they were at the upgrade.
 */
import { AuditSeal } from '../audit-seal.ts';
import { newStoreId } from '../seal-keys.ts';
import type { Migration } from './index.ts';

const GENESIS = '0'.repeat(64);

export const sealedLeanAuditLog: Migration = {
  version: 8,
  name: 'sealed-lean-audit-log',
  up(db, { keyring }) {
    db.exec(`
      -- The store's seal: its id, by which its key is found outside the store, and a check that
      -- tells the wrong key apart from changed rows. The key itself is never in the store.
      CREATE TABLE audit_seal (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        store_id TEXT NOT NULL,
        key_check BLOB NOT NULL,
        sealed_at TEXT NOT NULL
      );

      -- Scope lists the log names by the SHA-256 (hex) of their JSON instead of listing them.
      CREATE TABLE audit_scope_sets (
        hash TEXT PRIMARY KEY,
        scopes TEXT NOT NULL                  -- JSON array, as the entry recorded it
      ) WITHOUT ROWID;
      CREATE TRIGGER audit_scope_sets_no_update BEFORE UPDATE ON audit_scope_sets
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_scope_sets_no_delete BEFORE DELETE ON audit_scope_sets
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      -- HMAC-SHA-256 of the row's hash with the store's key, on the last row of each write.
      ALTER TABLE audit_log ADD COLUMN seal BLOB;
      ALTER TABLE audit_head ADD COLUMN seal BLOB;
      DROP TRIGGER IF EXISTS audit_log_no_update;
      CREATE TRIGGER audit_log_no_update
        BEFORE UPDATE OF seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      -- The head's guard (migration 2), now also for an empty log, whose head is row 0 and the genesis hash.
      DROP TRIGGER IF EXISTS audit_head_follows_log;
      CREATE TRIGGER audit_head_follows_log BEFORE UPDATE ON audit_head
        WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_log), 0)
          OR NEW.hash IS NOT coalesce((SELECT hash FROM audit_log WHERE seq = NEW.seq), CASE NEW.seq WHEN 0 THEN '${GENESIS}' END)
        BEGIN SELECT RAISE(ABORT, 'the audit head follows the audit log'); END;
    `);
    const storeId = newStoreId();
    // Made before the rows are sealed, and taken back if the upgrade fails here.
    const seal = new AuditSeal(keyring.create(storeId, db.name));
    try {
      db.prepare('INSERT INTO audit_seal (id, store_id, key_check, sealed_at) VALUES (1, ?, ?, ?)').run(storeId, seal.keyCheck(storeId), new Date().toISOString());
      const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() ?? { seq: 0, hash: GENESIS };
      if (last.seq > 0) db.prepare('UPDATE audit_log SET seal = ? WHERE seq = ?').run(seal.row(last.hash), last.seq);
      // Only a head that is where the log ends is sealed: one moved by hand stays unsealed, and shows.
      db.prepare('UPDATE audit_head SET seal = ? WHERE id = 1 AND seq = ? AND hash = ?').run(seal.head(last.seq, last.hash), last.seq, last.hash);
    } catch (error) {
      keyring.remove(storeId);
      throw error;
    }
  },
};
