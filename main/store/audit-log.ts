/**
 * The audit log: one appended row per change, each hashed together with the previous row's hash.
 * Appends happen inside the caller's write transaction, so the change and its record commit together.
 */
import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AuditEntry } from '../../common/records.ts';
import { snapshotJson } from './snapshot-json.ts';
import type { ChainCheck } from '../../common/audit.ts';

export type { AuditEntry, Via } from '../../common/records.ts';

export type NewAuditEntry = Pick<AuditEntry, 'at' | 'actor' | 'via' | 'action' | 'account_id' | 'key_id'> & {
  readonly before: object | null;
  readonly after: object | null;
};

interface AuditRow extends Omit<AuditEntry, 'before' | 'after'> {
  readonly before: string | null;
  readonly after: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const fields = [row.prev_hash, row.seq, row.at, row.actor, row.via, row.action, row.account_id, row.key_id, row.before, row.after];
  return hash('sha256', JSON.stringify(fields));
}

const fromRow = (row: AuditRow): AuditEntry => ({
  ...row,
  before: row.before === null ? null : JSON.parse(row.before),
  after: row.after === null ? null : JSON.parse(row.after),
});

export interface AuditFilter {
  readonly accountId?: number;
  readonly keyId?: string;
  readonly action?: string;
  /** Inclusive ISO-8601 bounds. */
  readonly since?: string;
  readonly until?: string;
}

/** Each filter field and the condition it adds, by the same name as its bound parameter. */
const FILTER_SQL: readonly (readonly [keyof AuditFilter, string])[] = [
  ['accountId', 'account_id = @accountId'],
  ['keyId', 'key_id = @keyId'],
  ['action', 'action = @action'],
  ['since', 'at >= @since'],
  ['until', 'at <= @until'],
];

export class AuditLog {
  readonly #db: Database;
  readonly #last;
  readonly #insert;
  readonly #head;
  readonly #moveHead;

  constructor(db: Database) {
    this.#db = db;
    this.#last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    // Bound by position: an import appends 100,000 rows, and named parameters cost a lookup per column.
    this.#insert = db.prepare<[number, string, string, string, string, number | null, string | null, string | null, string | null, string, string]>(
      `INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The head arrives with migration 2; a store stepped to an earlier schema (tests) has none.
    const hasHead = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_head'").get() !== undefined;
    this.#head = hasHead ? db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1') : null;
    // Moved once per append call, after its rows (migration 4); the head's guard trigger checks it.
    this.#moveHead = hasHead ? db.prepare<[number, string]>('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1') : null;
  }

  /** Appends one entry. Call inside a write transaction: the chain head must not move underneath. */
  append(entry: NewAuditEntry): AuditEntry {
    if (!this.#db.inTransaction) throw new Error('audit entries are appended inside a write transaction');
    const row = this.#appendAfter(this.#last.get(), entry);
    this.#moveHead?.run(row.seq, row.hash);
    // The snapshots as given rather than parsed back from the row.
    return { ...row, before: entry.before, after: entry.after };
  }

  /**
   * Appends entries in order, as many `append` calls would, reading the chain head once: an
   * import logs every key it adds. Call inside a write transaction.
   */
  appendMany(entries: Iterable<NewAuditEntry>): void {
    if (!this.#db.inTransaction) throw new Error('audit entries are appended inside a write transaction');
    const first = this.#last.get();
    let last = first;
    for (const entry of entries) last = this.#appendAfter(last, entry);
    if (last && last !== first) this.#moveHead?.run(last.seq, last.hash);
  }

  #appendAfter(last: { seq: number; hash: string } | undefined, entry: NewAuditEntry): AuditRow {
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: entry.at,
      actor: entry.actor,
      via: entry.via,
      action: entry.action,
      account_id: entry.account_id,
      key_id: entry.key_id,
      before: entry.before === null ? null : snapshotJson(entry.before),
      after: entry.after === null ? null : snapshotJson(entry.after),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: rowHash(row) };
    this.#insert.run(full.seq, full.at, full.actor, full.via, full.action, full.account_id, full.key_id, full.before, full.after, full.prev_hash, full.hash);
    return full;
  }

  /** Entries oldest first, optionally filtered. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const used = FILTER_SQL.filter(([field]) => filter[field] !== undefined);
    const where = used.map(([, condition]) => condition);
    const params = Object.fromEntries(used.map(([field]) => [field, filter[field]!]));
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    return this.#db.prepare<Record<string, string | number>, AuditRow>(sql).all(params).map(fromRow);
  }

  /**
   * Walks the whole chain; names the first row that was edited, removed or moved. Reads in one
   * transaction, so an append by another process cannot land between the rows and the head.
   */
  verifyChain(): ChainCheck {
    return this.#db.transaction((): ChainCheck => {
      let expectedPrev = GENESIS_HASH;
      let rows = 0;
      for (const row of this.#db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
        rows += 1;
        const broken = (reason: string): ChainCheck => ({ intact: false, rows, brokenAt: row.seq, reason });
        if (row.seq !== rows) return { intact: false, rows, brokenAt: rows, reason: `row ${rows} is missing` };
        if (row.prev_hash !== expectedPrev) return broken('it does not follow the row before it');
        if (row.hash !== rowHash(row)) return broken('its contents were changed');
        expectedPrev = row.hash;
      }
      return this.#checkHead(rows, expectedPrev);
    })();
  }

  /** A whole chain must also end where the head says: rows cut from the end leave a whole, shorter chain. */
  #checkHead(rows: number, lastHash: string): ChainCheck {
    if (!this.#head) return { intact: true, rows };
    const head = this.#head.get();
    if (!head) return { intact: false, rows, brokenAt: rows + 1, reason: 'the record of where the log ends is missing' };
    if (head.seq > rows) {
      const missing = head.seq - rows === 1 ? `row ${head.seq} is missing` : `rows ${rows + 1}-${head.seq} are missing`;
      return { intact: false, rows, brokenAt: rows + 1, reason: `${missing}: the log ends at row ${rows} but it had reached row ${head.seq}` };
    }
    if (head.seq < rows) {
      return { intact: false, rows, brokenAt: head.seq + 1, reason: `it was added outside Keydesk: the log had ended at row ${head.seq}` };
    }
    if (head.hash !== lastHash) return { intact: false, rows, brokenAt: rows, reason: 'its contents were changed' };
    return { intact: true, rows };
  }

  /** The hash of the last row: note it down somewhere else, and a rewritten log shows. */
  headHash(): string {
    return this.#last.get()?.hash ?? GENESIS_HASH;
  }
}
