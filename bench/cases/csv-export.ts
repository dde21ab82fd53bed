/**
 * #4 CSV export of 100,000 keys (every column, category levels included) against the sqlite3
 * shell writing the same rows and columns from the same database to a file. The shell gets each
 * scope set's category levels ready-made in its query, as Keydesk works them out once per set, so
 * both do the same job per key; the two files are checked to hold the same records.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { CATEGORIES } from '../../common/catalog.ts';
import { levelsOfScopes } from '../../common/permissions.ts';
import { OWNER, type Clock } from '../../main/services/caller.ts';
import { CSV_COLUMNS, exportInventory, NOT_REVIEWED } from '../../main/services/inventory-export.ts';
import type { Database } from '../../main/store/database.ts';
import { compareRuns, ratioCase, type CaseResult } from '../harness.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';

export const SQLITE3 = '/usr/bin/sqlite3';

const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** The spreadsheet guard Keydesk applies to free text, in SQL. */
const safe = (column: string) =>
  `CASE WHEN substr(${column}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) THEN '''' || ${column} ELSE ${column} END`;

/** The export's query for the sqlite3 shell: same rows, same order, same columns and sentinels. */
export function exportSql(db: Database, accountId: number, now: Date): string {
  const sets = db.prepare<[], { id: number; scopes: string }>('SELECT id, scopes FROM scope_sets').all();
  const levelRows = sets.map(({ id, scopes }) => {
    const list = JSON.parse(scopes) as string[];
    const levels = levelsOfScopes(list);
    return `(${id}, ${CATEGORIES.map((c) => text(levels[c.id])).join(', ')}, ${list.length})`;
  });
  const levelColumns = CATEGORIES.map((c) => `"${c.id}"`);
  const select = [
    `${safe('a.name')} AS account`,
    'k.id AS api_key_id',
    `${safe('k.name')} AS name`,
    "coalesce(k.last4, 'N/A') AS last4",
    'k.access_type AS access_type',
    ...levelColumns.map((c) => `l.${c} AS ${c}`),
    'l.scope_count AS scope_count',
    'k.created_at AS created_at',
    'k.updated_at AS updated_at',
    "coalesce(k.last_used_at, CASE k.origin WHEN 'issued' THEN 'never_used' ELSE 'no_information' END) AS last_used_at",
    "coalesce(k.expires_at, 'N/A') AS expires_at",
    `CASE WHEN k.disabled_at IS NOT NULL THEN 'disabled' WHEN k.expires_at IS NOT NULL AND k.expires_at <= ${text(now.toISOString())} THEN 'expired' ELSE 'active' END AS status`,
    'k.origin AS origin',
    // The ownership columns (issue 19): annotations, the last roll, the last closed review's decision.
    `${safe("coalesce(n.owner, '')")} AS owner`,
    `${safe("coalesce(n.purpose, '')")} AS purpose`,
    `${safe("coalesce((SELECT group_concat(value, ' ') FROM json_each(n.tags)), '')")} AS tags`,
    'coalesce(r.at, k.created_at) AS last_rotated_at',
    `coalesce(d.decision, ${text(NOT_REVIEWED)}) AS last_review_decision`,
  ];
  return `WITH l(set_id, ${levelColumns.join(', ')}, scope_count) AS (VALUES ${levelRows.join(', ')}),
r AS (SELECT key_id, max(at) AS at FROM audit_log WHERE account_id = ${accountId} AND action = 'key.roll' GROUP BY key_id),
d AS (SELECT key_id, decision FROM (SELECT i.key_id, i.decision, row_number() OVER (PARTITION BY i.key_id ORDER BY r.closed_at DESC, r.id DESC) AS nth
  FROM review_items i JOIN reviews r ON r.id = i.review_id
  WHERE i.account_id = ${accountId} AND r.closed_at IS NOT NULL AND i.decision IS NOT NULL) WHERE nth = 1)
SELECT ${select.join(',\n  ')}
FROM keys k JOIN accounts a ON a.id = k.account_id JOIN l ON l.set_id = k.scope_set_id
LEFT JOIN key_annotations n ON n.account_id = k.account_id AND n.key_id = k.id
LEFT JOIN r ON r.key_id = k.id
LEFT JOIN d ON d.key_id = k.id
WHERE k.account_id = ${accountId} AND k.deleted_at IS NULL
ORDER BY k.created_at, k.id;`;
}

function runSqliteShell(database: string, sql: string, out: string): void {
  const fd = openSync(out, 'w', 0o600);
  try {
    const shell = spawnSync(SQLITE3, ['-readonly', '-csv', '-header', '-newline', '\n', database, sql], {
      stdio: ['ignore', fd, 'pipe'],
    });
    if (shell.status !== 0) throw new Error(`sqlite3 failed: ${shell.stderr?.toString() ?? shell.error?.message}`);
  } finally {
    closeSync(fd);
  }
}

export async function benchCsvExport(keys = 100_000, runs = 5): Promise<CaseResult> {
  const bench = openBenchStore();
  try {
    fillStore(bench.store, keys);
    // One key in ten has an owner, a purpose and tags (issue 19's columns), so both sides join them.
    const account = bench.store.accounts.byName('default')!;
    const ids = bench.store.db.prepare<[number], string>('SELECT id FROM keys WHERE account_id = ?').pluck();
    bench.store.db.transaction(() => {
      for (const [i, id] of ids.all(account.id).entries()) {
        if (i % 10 !== 0) continue;
        bench.store.annotations.set(account.id, id, { owner: 'ops@example.com', purpose: '=mail from the shop', tags: ['prod', 'shop'] }, '2026-01-01T00:00:00.000Z');
      }
    })();
    const now = new Date('2026-01-15T09:00:00.000Z');
    const clock: Clock = { now: () => now };
    const caller = { actor: OWNER, account: bench.store.accounts.byName('default')!, via: 'cli' as const };
    const keydeskFile = join(bench.dir, 'keydesk.csv');
    const shellFile = join(bench.dir, 'sqlite3.csv');
    const sql = exportSql(bench.store.db, caller.account.id, now);

    const timings = await compareRuns(
      () => exportInventory(bench.store, { path: keydeskFile }, { format: 'csv', caller, clock }),
      () => runSqliteShell(bench.path, sql, shellFile),
      runs,
    );

    // Same job: the same records, header included, in the same order (quoting may differ: the
    // shell quotes any field with a space, Keydesk only where CSV needs it).
    const ours = parse(readFileSync(keydeskFile)) as string[][];
    const theirs = parse(readFileSync(shellFile)) as string[][];
    if (ours.length !== keys + 1 || ours[0]!.join() !== CSV_COLUMNS.join()) throw new Error('the export is not the expected shape');
    const differs = ours.findIndex((row, i) => row.join('\u0000') !== theirs[i]?.join('\u0000'));
    if (differs !== -1 || theirs.length !== ours.length) throw new Error(`the sqlite3 baseline differs from the export at row ${differs}`);
    return ratioCase('4', `CSV export of ${keys.toLocaleString('en')} keys`, timings, 1.5);
  } finally {
    bench.close();
  }
}
