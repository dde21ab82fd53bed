/**
 * The audit log: one appended row per change, each hashed together with the previous row's hash,
 * and sealed with the store's key (audit-seal.ts) at the end of every write. Appends happen inside
 * the caller's write transaction, so the change and its record commit together.
 *
 * Snapshots name a key's scope list by its hash (audit-snapshots.ts). Stores stepped to a schema
 * before 5 (tests of the migrations) are written as they were then: whole lists, no seal.
 */
import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { KeydeskError } from '../../common/errors.ts';
import type { AuditEntry } from '../../common/records.ts';
import type { AuditHead, ChainCheck, SealCheck } from '../../common/audit.ts';
import { AuditSeal, sealAccess, sealMatches, type SealAccess } from './audit-seal.ts';
import { encodeSnapshot, listNamedIn, ScopeListTable } from './audit-snapshots.ts';
import { keyringFor, type SealKeyring } from './seal-keys.ts';
import { snapshotJson } from './snapshot-json.ts';

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

/** The columns a row's hash covers, as stored. */
export interface HashedColumns {
  readonly prev_hash: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly via: string;
  readonly action: string;
  readonly account_id: number;
  readonly key_id: string | null;
  readonly before: string | null;
  readonly after: string | null;
}

/** Plain SHA-256 over the row as stored, its predecessor's hash first: anyone can check it, and recompute it. */
export function rowHash(row: HashedColumns): string {
  const fields = [row.prev_hash, row.seq, row.at, row.actor, row.via, row.action, row.account_id, row.key_id, row.before, row.after];
  return hash('sha256', JSON.stringify(fields));
}

const COLUMNS = 'seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash';

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

const rowsText = (from: number, to: number) => (from === to ? `row ${from}` : `rows ${from}-${to}`);

/** A write the seal cannot cover is refused: it would be indistinguishable from a forged one. */
const unsealable = (reason: string) =>
  new KeydeskError('CONFLICT', [
    {
      field: 'audit_log',
      message:
        `nothing can be changed in this store here: ${reason}. Copy the key file from the machine the store ` +
        'came from, or seal its audit log afresh on this one with "keydesk log --reseal"',
    },
  ]);

export class AuditLog {
  readonly #db: Database;
  readonly #keyring: SealKeyring;
  readonly #last;
  readonly #insert;
  readonly #head;
  readonly #moveHead;
  /** False for a store from before schema 8: whole scope lists, no seal. */
  readonly #lean: boolean;
  readonly #lists: ScopeListTable;
  #seal: SealAccess;

  constructor(db: Database, keyring: SealKeyring = keyringFor(db.name)) {
    this.#db = db;
    this.#keyring = keyring;
    const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
    this.#last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const sealed = has('audit_seal');
    // Bound by position: an import appends 100,000 rows, and named parameters cost a lookup per column.
    this.#insert = db.prepare<unknown[]>(`INSERT INTO audit_log (${COLUMNS}${sealed ? ', seal' : ''}) VALUES (${sealed ? '?, ' : ''}?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // The head arrives with migration 2; a store stepped to an earlier schema (tests) has none.
    const hasHead = has('audit_head');
    this.#head = hasHead ? db.prepare<[], AuditHead>('SELECT seq, hash FROM audit_head WHERE id = 1') : null;
    // Moved once per append call, after its rows (migration 4); the head's guard trigger checks it.
    this.#moveHead = hasHead ? db.prepare<unknown[]>(`UPDATE audit_head SET seq = ?, hash = ?${sealed ? ', seal = ?' : ''} WHERE id = 1`) : null;
    this.#lean = sealed;
    this.#lists = new ScopeListTable(db);
    this.#seal = sealAccess(db, keyring);
  }

  /** The seal as it can be used now; a key that was missing is looked for again (it may have been copied in since). */
  #access(): SealAccess {
    if (this.#seal.kind === 'unavailable') this.#seal = sealAccess(this.#db, this.#keyring);
    return this.#seal;
  }

  /** The seal a write is made under: null for a store from before seals. Refuses a write it cannot seal. */
  #sealForWrite(): AuditSeal | null {
    if (!this.#db.inTransaction) throw new Error('audit entries are appended inside a write transaction');
    const access = this.#access();
    if (access.kind === 'key') return access.seal;
    if (access.kind === 'unavailable') throw unsealable(access.reason);
    return null;
  }

  /** Appends one entry. Call inside a write transaction: the chain head must not move underneath. */
  append(entry: NewAuditEntry): AuditEntry {
    const seal = this.#sealForWrite();
    const lists = new Map<string, string>();
    const row = this.#appendAfter(this.#last.get(), entry, lists, seal);
    this.#finishWrite(row, lists, seal);
    // The snapshots as given rather than parsed back from the row.
    return { ...row, before: entry.before, after: entry.after };
  }

  /**
   * Appends entries in order, as many `append` calls would, reading the chain head once: an
   * import logs every key it adds. Only the last row is sealed: the chain ties the others to it.
   * Call inside a write transaction.
   */
  appendMany(entries: Iterable<NewAuditEntry>): void {
    const seal = this.#sealForWrite();
    const lists = new Map<string, string>();
    let last = this.#last.get();
    let pending: NewAuditEntry | undefined;
    for (const entry of entries) {
      if (pending) last = this.#appendAfter(last, pending, lists, null);
      pending = entry;
    }
    if (pending) this.#finishWrite(this.#appendAfter(last, pending, lists, seal), lists, seal);
  }

  /** After a write's rows: keep the scope lists they name, and move the head (sealed) to the last one. */
  #finishWrite(last: AuditRow, lists: ReadonlyMap<string, string>, seal: AuditSeal | null): void {
    if (!this.#lean) return void this.#moveHead?.run(last.seq, last.hash);
    this.#lists.keep(lists);
    this.#moveHead!.run(last.seq, last.hash, seal && seal.head(last.seq, last.hash));
  }

  /** Inserts the row after `last`; `seal` given for the last row of a write. */
  #appendAfter(last: { seq: number; hash: string } | undefined, entry: NewAuditEntry, lists: Map<string, string>, seal: AuditSeal | null): AuditRow {
    const text = (value: object | null) => (value === null ? null : this.#lean ? encodeSnapshot(value, lists) : snapshotJson(value));
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: entry.at,
      actor: entry.actor,
      via: entry.via,
      action: entry.action,
      account_id: entry.account_id,
      key_id: entry.key_id,
      before: text(entry.before),
      after: text(entry.after),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: rowHash(row) };
    const r = full;
    if (this.#lean) this.#insert.run(r.seq, r.at, r.actor, r.via, r.action, r.account_id, r.key_id, r.before, r.after, r.prev_hash, r.hash, seal && seal.row(r.hash));
    else this.#insert.run(r.seq, r.at, r.actor, r.via, r.action, r.account_id, r.key_id, r.before, r.after, r.prev_hash, r.hash);
    return full;
  }

  #fromRow = (row: AuditRow): AuditEntry => ({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    via: row.via,
    action: row.action,
    account_id: row.account_id,
    key_id: row.key_id,
    before: this.#lists.decode(row.before),
    after: this.#lists.decode(row.after),
    prev_hash: row.prev_hash,
    hash: row.hash,
  });

  /** Entries oldest first, optionally filtered, each scope list whole. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const used = FILTER_SQL.filter(([field]) => filter[field] !== undefined);
    const where = used.map(([, condition]) => condition);
    const params = Object.fromEntries(used.map(([field]) => [field, filter[field]!]));
    const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    return this.#db.prepare<Record<string, string | number>, AuditRow>(sql).all(params).map(this.#fromRow);
  }

  /**
   * Walks the whole chain; names the first row that was edited, removed or moved, or that names a
   * scope list no longer there as it was. Reads in one transaction, so an append by another
   * process cannot land between the rows and the head.
   */
  verifyChain(): ChainCheck {
    return this.#db.transaction((): ChainCheck => {
      const lists = this.#lean ? this.#lists.states() : new Map<string, 'ok' | 'changed'>();
      let expectedPrev = GENESIS_HASH;
      let rows = 0;
      for (const row of this.#db.prepare<[], AuditRow>(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate()) {
        rows += 1;
        const broken = (reason: string): ChainCheck => ({ intact: false, rows, brokenAt: row.seq, reason });
        if (row.seq !== rows) return { intact: false, rows, brokenAt: rows, reason: `row ${rows} is missing` };
        if (row.prev_hash !== expectedPrev) return broken('it does not follow the row before it');
        if (row.hash !== rowHash(row)) return broken('its contents were changed');
        for (const name of [listNamedIn(row.before), listNamedIn(row.after)]) {
          if (name === null) continue;
          const state = lists.get(name) ?? 'missing';
          if (state !== 'ok') return broken(`the scope list it names (${name.slice(0, 16)}…) ${state === 'missing' ? 'is missing' : 'was changed'}`);
        }
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

  /**
   * Checks the seals with this machine's key for the store: each write's last row, that every row
   * is covered by one, and the head's. Relies on `verifyChain` for the hashes themselves. The key
   * is looked up afresh: the report is about the store and the key as they are now.
   */
  checkSeal(): SealCheck {
    const access = (this.#seal = sealAccess(this.#db, this.#keyring));
    if (access.kind === 'none') return { status: 'unchecked', reason: 'the store is from before audit logs were sealed' };
    if (access.kind === 'unavailable') {
      return access.broken ? { status: 'broken', brokenAt: null, reason: access.reason } : { status: 'unchecked', reason: access.reason };
    }
    const { seal } = access;
    return this.#db.transaction((): SealCheck => {
      // The first row no seal has covered yet.
      let from = 1;
      const sealed = this.#db.prepare<[], { seq: number; hash: string; seal: Buffer | null }>('SELECT seq, hash, seal FROM audit_log WHERE seal IS NOT NULL ORDER BY seq');
      for (const row of sealed.iterate()) {
        if (!sealMatches(row.seal, seal.row(row.hash))) {
          return { status: 'broken', brokenAt: from, reason: `${rowsText(from, row.seq)}: the seal does not match, so ${from === row.seq ? 'it was' : 'they were'} changed and rehashed outside Keydesk` };
        }
        from = row.seq + 1;
      }
      const last = this.#last.get();
      if (last && last.seq >= from) {
        return { status: 'broken', brokenAt: from, reason: `${rowsText(from, last.seq)}: no seal covers ${from === last.seq ? 'it' : 'them'}, so ${from === last.seq ? 'it was' : 'they were'} added outside Keydesk` };
      }
      const head = this.#db.prepare<[], AuditHead & { seal: Buffer | null }>('SELECT seq, hash, seal FROM audit_head WHERE id = 1').get();
      if (!head || !sealMatches(head.seal, seal.head(head.seq, head.hash))) {
        return { status: 'broken', brokenAt: null, reason: "the record of where the log ends was changed outside Keydesk (its seal does not match): rows may have been cut off the end" };
      }
      return { status: 'sealed' };
    })();
  }

  /**
   * Seals the log afresh with a new key made on this machine: for a store whose key is not here
   * (it came from another machine), or to replace a key that may have been read. Every seal is
   * remade and `entry` (the reseal's own record) appended under the new key: from now on the seal
   * vouches for the rows as they are now. A seal that is broken is never sealed over, and the key
   * made on the store's first machine no longer fits it there, which shows. A replaced key is kept
   * aside. Runs its own write transaction.
   */
  reseal(entry: NewAuditEntry): AuditEntry {
    const refuse = (message: string) => new KeydeskError('CONFLICT', [{ field: 'audit_log', message }]);
    const overBroken = (reason: string) => refuse(`its seal is broken (${reason}): sealing it afresh would vouch for whatever was changed outside Keydesk`);
    const access = sealAccess(this.#db, this.#keyring);
    let replaced: string | null = null;
    switch (access.kind) {
      case 'none':
        throw refuse('the store is from before audit logs were sealed');
      case 'unavailable':
        if (access.broken) throw overBroken(access.reason);
        // A key file that is there but cannot be used is the user's to look at, not ours to replace.
        if (this.#keyring.exists(access.storeId)) throw refuse(`${access.reason}: move ${this.#keyring.where(access.storeId)} aside first to seal the log afresh`);
        break;
      case 'key': {
        const check = this.checkSeal();
        if (check.status === 'broken') throw overBroken(check.reason);
        replaced = this.#keyring.retire(access.storeId);
      }
    }
    const { storeId } = access;
    const seal = new AuditSeal(this.#keyring.create(storeId, this.#db.name));
    try {
      return this.#db.transaction(() => {
        this.#db.prepare('UPDATE audit_seal SET key_check = ?, sealed_at = ? WHERE id = 1').run(seal.keyCheck(storeId), entry.at);
        const resealRow = this.#db.prepare<[Buffer, number]>('UPDATE audit_log SET seal = ? WHERE seq = ?');
        for (const row of this.#db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log WHERE seal IS NOT NULL').all()) {
          resealRow.run(seal.row(row.hash), row.seq);
        }
        this.#seal = { kind: 'key', storeId, where: this.#keyring.where(storeId), seal };
        return this.append(entry);
      }).immediate();
    } catch (error) {
      // The store is as it was: its key goes back, and the new one must not stay to contradict it.
      this.#keyring.remove(storeId);
      if (replaced !== null) this.#keyring.restore(storeId, replaced);
      this.#seal = sealAccess(this.#db, this.#keyring);
      throw error;
    }
  }

  /** Where the log ends, as Keydesk last recorded it (the last row, for a store without a head). */
  head(): AuditHead {
    return this.#head?.get() ?? this.#last.get() ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** The hash of row `seq` (the genesis hash for 0), or undefined when there is no such row. */
  hashAt(seq: number): string | undefined {
    if (seq === 0) return GENESIS_HASH;
    return this.#db.prepare<[number], string>('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq);
  }

  /** The hash of the last row: note it down somewhere else, and a rewritten log shows. */
  headHash(): string {
    return this.#last.get()?.hash ?? GENESIS_HASH;
  }
}
