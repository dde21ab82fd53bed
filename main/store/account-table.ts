/** Accounts: a SendGrid account or subuser, each with its own 100-key limit. */
import type { Database } from 'better-sqlite3';
import type { AccountRecord } from '../core/records.ts';

export type { AccountRecord } from '../core/records.ts';

export const DEFAULT_ACCOUNT = 'default';

export class AccountTable {
  readonly #byName;
  readonly #byId;
  readonly #all;

  constructor(db: Database) {
    this.#byName = db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE name = ?');
    this.#byId = db.prepare<[number], AccountRecord>('SELECT * FROM accounts WHERE id = ?');
    this.#all = db.prepare<[], AccountRecord>('SELECT * FROM accounts ORDER BY id');
  }

  byName(name: string): AccountRecord | undefined {
    return this.#byName.get(name);
  }

  byId(id: number): AccountRecord | undefined {
    return this.#byId.get(id);
  }

  list(): AccountRecord[] {
    return this.#all.all();
  }
}
