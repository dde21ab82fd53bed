/**
 * #6 audit findings over 100,000 keys (every rule, most severe first) against reading the same
 * keys the cheapest way: the account's live keys, every column but the digest, raw, in creation
 * order from the index that holds them (migration 0007), as the audit reads them.
 */
import { auditFindings } from '../../main/services/audit-findings.ts';
import { OWNER, type Clock } from '../../main/services/caller.ts';
import { compareRuns, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

export async function benchAuditFindings(keys = 100_000, runs = 5): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    fillStore(bench.store, keys);
    const clock: Clock = { now: () => new Date('2026-01-15T09:00:00.000Z') };
    const caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'cli' as const };
    const scan = bench.store.db
      .prepare(
        `SELECT id, account_id, name, access_type, scope_set_id, origin, last4, created_at, updated_at,
                last_used_at, last_used_by, expires_at, disabled_at, deleted_at
         FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
      )
      .raw();

    const findings = auditFindings(bench.store, caller, { clock });
    if (!findings.some((f) => f.rule === 'full_access' && f.keys.length > 0)) throw new Error('the audit found nothing to report');
    const timings = await compareRuns(
      () => auditFindings(bench.store, caller, { clock }),
      () => {
        if (scan.all(caller.account.id).length !== keys) throw new Error('the scan missed keys');
      },
      runs,
    );
    return ratioCase('6', `audit findings over ${keys.toLocaleString('en')} keys`, timings, 3);
  } finally {
    bench.close();
  }
}
