/**
 * #15 the audit log's size after an import of 100,000 keys, against the key rows it records: the
 * bytes SQLite gives the audit log's tables (its entries, the scope lists they name, its head and
 * seal) divided by those of the key rows (the keys table and its scope sets), indexes on neither
 * side: rows against rows, so an index added for speed on either side does not move it (dbstat). Each entry names its key's scope list by
 * hash instead of listing it (main/store/audit-snapshots.ts). Not a timing: one import, measured.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER } from '../../main/services/caller.ts';
import { importInventoryFile } from '../../main/services/inventory-import.ts';
import type { Store } from '../../main/store/store.ts';
import type { CaseResult } from '../harness.ts';
import { openBenchStore } from '../fixtures.ts';
import { sendGridInventory } from './import.ts';

/** The audit log's tables: its entries, the scope lists they name, its head and its seal. */
const AUDIT_TABLES = ['audit_log', 'audit_scope_sets', 'audit_head', 'audit_seal'];
/** The key rows: the keys table and the scope sets its rows name. */
const KEY_TABLES = ['keys', 'scope_sets'];

/** Bytes of pages SQLite gives the named tables (dbstat), with every index on them or without. */
export function tableBytes(store: Store, tables: readonly string[], { indexes }: { indexes: boolean }): number {
  const marks = tables.map(() => '?').join(', ');
  const names = indexes ? `SELECT name FROM sqlite_schema WHERE tbl_name IN (${marks})` : marks;
  return store.db.prepare<string[], number>(`SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (${names})`).pluck().get(...tables)!;
}

export async function benchAuditLogSize(keys = 100_000): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    const file = join(bench.dir, 'sendgrid-keys.json');
    writeFileSync(file, sendGridInventory(keys));
    const caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'cli' as const };
    const result = await importInventoryFile(bench.store, file, { caller });
    if (result.added.length !== keys) throw new Error('the import did not add every key');
    // Rows against rows; the same with every index on either side is in the note.
    const audit = tableBytes(bench.store, AUDIT_TABLES, { indexes: false });
    const keyRows = tableBytes(bench.store, KEY_TABLES, { indexes: false });
    const auditIndexed = tableBytes(bench.store, AUDIT_TABLES, { indexes: true });
    const keysIndexed = tableBytes(bench.store, KEY_TABLES, { indexes: true });
    const ratio = audit / keyRows;
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    return {
      id: '15',
      name: `audit-log bytes ÷ key-row bytes after a ${keys.toLocaleString('en')}-key import`,
      keydesk: { medianUs: audit / 1e6, rounds: 1, opsPerRound: 1 },
      baseline: null,
      ratio,
      goal: '≤ 3',
      pass: ratio <= 3,
      unit: 'MB',
      note: `${mb(audit)} MB of audit log (entries, scope lists, head, seal) beside ${mb(keyRows)} MB of key rows (keys, scope sets); with every index on either side ${mb(auditIndexed)} MB beside ${mb(keysIndexed)} MB, ${(auditIndexed / keysIndexed).toFixed(2)}x`,
    };
  } finally {
    bench.close();
  }
}
