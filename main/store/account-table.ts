/** Accounts: a SendGrid account or subuser, each with its own 100-key limit. */
import type { Database } from 'better-sqlite3';
import type { AccountRecord } from '../../common/records.ts';

export type { AccountRecord } from '../../common/records.ts';

export const DEFAULT_ACCOUNT = 'default';

export class AccountTable {
  readonly #byName;
  readonly #byNameAnyCase;
  readonly #byId;
  readonly #all;
  readonly #children;
  readonly #nextId;
  readonly #insert;
  readonly #rename;
  readonly #setPolicy;
  readonly #delete;
  #writes = 0;

  constructor(db: Database) {
    this.#byName = db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE name = ?');
    this.#byNameAnyCase = db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE lower(name) = lower(?)');
    this.#byId = db.prepare<[number], AccountRecord>('SELECT * FROM accounts WHERE id = ?');
    this.#all = db.prepare<[], AccountRecord>('SELECT * FROM accounts ORDER BY id');
    this.#children = db.prepare<[number], AccountRecord>('SELECT * FROM accounts WHERE parent_id = ? ORDER BY id');
    // SQLite would hand a deleted account's id to the next new one, which would then inherit the
    // deleted account's audit history (the log is filtered by account id). Never reuse an id.
    this.#nextId = db.prepare<[], { id: number }>(
      `SELECT max(coalesce((SELECT max(id) FROM accounts), 0), coalesce((SELECT max(account_id) FROM audit_log), 0)) + 1 AS id`,
    );
    this.#insert = db.prepare<[number, string, number | null, string]>(
      'INSERT INTO accounts (id, name, parent_id, created_at) VALUES (?, ?, ?, ?)',
    );
    this.#rename = db.prepare<[string, number]>('UPDATE accounts SET name = ? WHERE id = ?');
    this.#setPolicy = db.prepare<[number | null, number]>('UPDATE accounts SET max_key_lifetime_days = ? WHERE id = ?');
    this.#delete = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?');
  }

  /**
   * How many account writes (insert, rename, policy, delete) this connection has made, for what
   * keeps accounts between calls (accounts-by-name.ts). Counted before each runs, and rollbacks do
   * not undo it: a cache drops too often, never too rarely.
   */
  get writes(): number {
    return this.#writes;
  }

  byName(name: string): AccountRecord | undefined {
    return this.#byName.get(name);
  }

  /** An account whose name differs from `name` at most in letter case (names must not). */
  byNameAnyCase(name: string): AccountRecord | undefined {
    return this.#byNameAnyCase.get(name);
  }

  byId(id: number): AccountRecord | undefined {
    return this.#byId.get(id);
  }

  list(): AccountRecord[] {
    return this.#all.all();
  }

  /** The subusers of an account. */
  children(id: number): AccountRecord[] {
    return this.#children.all(id);
  }

  /** Adds an account with an id no account or audit entry has used. Call inside a write transaction. */
  insert(name: string, parentId: number | null, createdAt: string): AccountRecord {
    this.#writes++;
    const { id } = this.#nextId.get()!;
    this.#insert.run(id, name, parentId, createdAt);
    return this.byId(id)!;
  }

  rename(id: number, name: string): void {
    this.#writes++;
    this.#rename.run(name, id);
  }

  setMaxKeyLifetime(id: number, days: number | null): void {
    this.#writes++;
    this.#setPolicy.run(days, id);
  }

  /** Deletes the account row; its keys must be gone first. */
  delete(id: number): void {
    this.#writes++;
    this.#delete.run(id);
  }
}

/** What the audit log records of an account before and after each change. */
export function auditedAccountState(account: AccountRecord) {
  return {
    name: account.name,
    parent_id: account.parent_id,
    max_key_lifetime_days: account.max_key_lifetime_days,
  };
}
export type AuditedAccountState = ReturnType<typeof auditedAccountState>;
