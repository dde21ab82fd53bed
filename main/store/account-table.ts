/** Accounts: a SendGrid account or subuser, each with its own 100-key limit. */
import type { Database } from 'better-sqlite3';

export interface AccountRecord {
  readonly id: number;
  readonly name: string;
  readonly parent_id: number | null;
  readonly max_key_lifetime_days: number | null;
  readonly created_at: string;
}

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
