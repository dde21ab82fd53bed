/**
 * The audit log's head: the seq and hash of its last row, kept in a one-row table that a trigger
 * moves with every append. The hash chain shows an edited, removed or reordered row anywhere but
 * at the end; removing the last rows leaves a shorter chain that is still whole. The head remembers
 * how long the log was, so that shows too. It can only ever point at the log's real last row.
 */
import type { Migration } from './index.ts';

export const auditHead: Migration = {
  version: 2,
  name: 'audit-head',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,                 -- 0 while the log is empty
        hash TEXT NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash)
        SELECT 1, coalesce(max(seq), 0),
               coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}')
        FROM audit_log;

      CREATE TRIGGER audit_log_moves_head AFTER INSERT ON audit_log
        BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;
      CREATE TRIGGER audit_head_follows_log BEFORE UPDATE ON audit_head
        WHEN NEW.seq IS NOT (SELECT max(seq) FROM audit_log)
          OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'the audit head follows the audit log'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'the audit head follows the audit log'); END;
    `);
  },
};
