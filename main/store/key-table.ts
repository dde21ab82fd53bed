/**
 * Keys and their secret digests in SQLite. Rows come back as `KeyRecord`s with scopes parsed;
 * tombstoned (deleted) keys are only returned by `find`, never by listings.
 */
import type { Database } from 'better-sqlite3';
import type { AccessType } from '../core/catalog.ts';

export type KeyOrigin = 'issued' | 'imported';

/** A key's metadata as stored. Never holds a secret. */
export interface KeyRecord {
  readonly api_key_id: string;
  readonly account_id: number;
  readonly name: string;
  readonly access_type: AccessType;
  readonly scopes: readonly string[];
  readonly origin: KeyOrigin;
  readonly last4: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_used_at: string | null;
  readonly last_used_by: string | null;
  readonly expires_at: string | null;
  readonly disabled_at: string | null;
  readonly deleted_at: string | null;
}

interface KeyRow extends Omit<KeyRecord, 'api_key_id' | 'scopes'> {
  readonly id: string;
  readonly scopes: string;
}

export interface SecretRow {
  readonly digest: Buffer;
  readonly created_at: string;
  readonly retires_at: string | null;
}

const fromRow = ({ id, scopes, ...rest }: KeyRow): KeyRecord => ({
  api_key_id: id,
  ...rest,
  scopes: JSON.parse(scopes) as string[],
});

const COLUMN_NAMES = ['id', 'account_id', 'name', 'access_type', 'scopes', 'origin', 'last4', 'created_at']
  .concat(['updated_at', 'last_used_at', 'last_used_by', 'expires_at', 'disabled_at', 'deleted_at']);
const COLUMNS = COLUMN_NAMES.join(', ');

export type KeyChanges = Partial<
  Pick<KeyRecord, 'name' | 'access_type' | 'scopes' | 'last4' | 'updated_at' | 'expires_at' | 'disabled_at'>
>;

export class KeyTable {
  readonly #db: Database;
  readonly #find;
  readonly #live;
  readonly #countIssued;
  readonly #insert;
  readonly #insertSecret;
  readonly #secrets;
  readonly #withSecrets;
  readonly #dropSecrets;
  readonly #tombstone;
  readonly #dropRetired;
  readonly #retireCurrent;
  readonly #countLive;
  readonly #deleteAccountKeys;

  constructor(db: Database) {
    this.#db = db;
    this.#find = db.prepare<[string], KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE id = ?`);
    this.#live = db.prepare<[number], KeyRow>(
      `SELECT ${COLUMNS} FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
    );
    this.#countIssued = db.prepare<[number], { n: number }>(
      "SELECT count(*) AS n FROM keys WHERE account_id = ? AND deleted_at IS NULL AND origin = 'issued'",
    );
    this.#insert = db.prepare(
      `INSERT INTO keys (${COLUMNS}) VALUES (${COLUMN_NAMES.map((c) => `@${c}`).join(', ')})`,
    );
    this.#insertSecret = db.prepare(
      'INSERT INTO key_secrets (key_id, digest, created_at, retires_at) VALUES (?, ?, ?, ?)',
    );
    this.#secrets = db.prepare<[string], SecretRow>(
      'SELECT digest, created_at, retires_at FROM key_secrets WHERE key_id = ?',
    );
    // Verification's hot path: the key and its digests in one indexed lookup.
    this.#withSecrets = db.prepare<[string], KeyRow & { digest: Buffer | null; secret_created_at: string | null; retires_at: string | null }>(
      `SELECT ${COLUMN_NAMES.map((c) => `k.${c}`).join(', ')}, s.digest, s.created_at AS secret_created_at, s.retires_at
       FROM keys k LEFT JOIN key_secrets s ON s.key_id = k.id WHERE k.id = ?`,
    );
    this.#dropSecrets = db.prepare<[string]>('DELETE FROM key_secrets WHERE key_id = ?');
    this.#tombstone = db.prepare<[string, string, string]>('UPDATE keys SET deleted_at = ?, updated_at = ? WHERE id = ?');
    this.#dropRetired = db.prepare<[string]>('DELETE FROM key_secrets WHERE key_id = ? AND retires_at IS NOT NULL');
    this.#retireCurrent = db.prepare<[string, string]>('UPDATE key_secrets SET retires_at = ? WHERE key_id = ? AND retires_at IS NULL');
    this.#countLive = db.prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM keys WHERE account_id = ? AND deleted_at IS NULL',
    );
    this.#deleteAccountKeys = db.prepare<[number]>('DELETE FROM keys WHERE account_id = ?');
  }

  /** Any key by ID, deleted ones included. */
  find(id: string): KeyRecord | undefined {
    const row = this.#find.get(id);
    return row && fromRow(row);
  }

  /** The account's keys that are not deleted, oldest first. */
  listLive(accountId: number): KeyRecord[] {
    return this.#live.all(accountId).map(fromRow);
  }

  /** Keys issued here and not deleted: what the 100-key limit counts. */
  countIssued(accountId: number): number {
    return this.#countIssued.get(accountId)!.n;
  }

  /** Every key of the account that is not deleted, imported ones included. */
  countLive(accountId: number): number {
    return this.#countLive.get(accountId)!.n;
  }

  /** A key (deleted ones included) with its secret digests, in one query. */
  findWithSecrets(id: string): { key: KeyRecord; secrets: SecretRow[] } | undefined {
    const rows = this.#withSecrets.all(id);
    if (rows.length === 0) return undefined;
    const { digest: _d, secret_created_at: _c, retires_at: _r, ...key } = rows[0]!;
    const secrets = rows.flatMap((row) =>
      row.digest ? [{ digest: row.digest, created_at: row.secret_created_at!, retires_at: row.retires_at }] : [],
    );
    return { key: fromRow(key), secrets };
  }

  insert(record: KeyRecord): void {
    const { api_key_id, scopes, ...rest } = record;
    this.#insert.run({ id: api_key_id, scopes: JSON.stringify(scopes), ...rest });
  }

  addSecret(keyId: string, digest: Buffer, createdAt: string, retiresAt: string | null = null): void {
    this.#insertSecret.run(keyId, digest, createdAt, retiresAt);
  }

  secrets(keyId: string): SecretRow[] {
    return this.#secrets.all(keyId);
  }

  update(id: string, changes: KeyChanges): void {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const values = Object.fromEntries(
      entries.map(([column, value]) => [column, column === 'scopes' ? JSON.stringify(value) : value]),
    );
    const assignments = entries.map(([column]) => `${column} = @${column}`).join(', ');
    this.#db.prepare(`UPDATE keys SET ${assignments} WHERE id = @id`).run({ ...values, id });
  }

  /**
   * Makes `digest` the key's current secret and gives the one it replaces until `retiresAt`. A key
   * keeps at most two secrets, the current one and the one before it: a secret rolled out earlier
   * (even one still in its grace period) is dropped. Call inside a write transaction.
   */
  rollSecret(keyId: string, digest: Buffer, createdAt: string, retiresAt: string): void {
    this.#dropRetired.run(keyId);
    this.#retireCurrent.run(retiresAt, keyId);
    this.#insertSecret.run(keyId, digest, createdAt, null);
  }

  /** Tombstones the key and drops every secret digest, so nothing can verify against it again. */
  markDeleted(id: string, at: string): void {
    this.#dropSecrets.run(id);
    this.#tombstone.run(at, at, id);
  }

  /** Removes every row of the account's keys, tombstones included (their secrets go with them). */
  deleteAllOf(accountId: number): void {
    this.#deleteAccountKeys.run(accountId);
  }
}

/**
 * The part of a key the audit log records before and after each change: its configuration and
 * status, never a secret or digest, and not usage (last used), which is not a change.
 */
export function auditedState(key: KeyRecord) {
  return {
    name: key.name,
    access_type: key.access_type,
    scopes: key.scopes,
    origin: key.origin,
    expires_at: key.expires_at,
    disabled: key.disabled_at !== null,
  };
}
export type AuditedKeyState = ReturnType<typeof auditedState>;
