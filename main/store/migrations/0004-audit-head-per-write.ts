/**
 * The audit head moves once per write instead of once per row. Migration 0002's trigger updated
 * it after every row inserted into the log, and each of those updates ran the head's guard: three
 * statements per audit row, 12-15% of an import of 100,000 keys. The audit log (audit-log.ts) now
 * moves the head itself, once, after the rows it appends in a write transaction. The guard stays,
 * so the head can still only point at the log's real last row; and a row appended with raw SQL no
 * longer drags the head along with it, so it shows as added outside Keydesk.
 */
import type { Migration } from './index.ts';

export const auditHeadPerWrite: Migration = {
  version: 4,
  name: 'audit-head-per-write',
  up(db) {
    db.exec('DROP TRIGGER audit_log_moves_head');
  },
};
