/**
 * #15 the audit log's size after an import of 100,000 keys, against the key rows it records: the
 * bytes SQLite gives the audit log (its rows, its index, and the scope lists it names) divided by
 * the bytes of the keys table and its indexes (dbstat). Each entry names its key's scope list by
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

export const AUDIT_TABLES = ['audit_log', 'audit_log_by_key', 'audit_scope_sets'];
export const KEY_TABLES = ['keys', 'keys_by_account', 'keys_live_by_age'];

/** Bytes of pages the named tables and indexes take. */
export function tableBytes(store: Store, names: readonly string[]): number {
  return store.db
    .prepare<string[], number>(`SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (${names.map(() => '?').join(', ')})`)
    .pluck()
    .get(...names)!;
}

export async function benchAuditLogSize(keys = 100_000): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    const file = join(bench.dir, 'sendgrid-keys.json');
    writeFileSync(file, sendGridInventory(keys));
    const caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'cli' as const };
    const result = await importInventoryFile(bench.store, file, { caller });
    if (result.added.length !== keys) throw new Error('the import did not add every key');
    const audit = tableBytes(bench.store, AUDIT_TABLES);
    const keyRows = tableBytes(bench.store, KEY_TABLES);
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
      note: `${mb(audit)} MB of audit log (rows, index, scope lists) beside ${mb(keyRows)} MB of key rows and their indexes`,
    };
  } finally {
    bench.close();
  }
}
