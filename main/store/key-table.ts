/**
 * Keys and their secret digests in SQLite. Rows come back as `KeyRecord`s with scopes resolved
 * from their interned scope set; tombstoned (deleted) keys are only returned by `find`, never by
 * listings. A key's current digest sits in its own row (verification reads one row); secrets a
 * rolled key still accepts sit in `retired_secrets` until they retire.
 */
import type { Database, Statement } from 'better-sqlite3';
import { digestsEqual } from '../core/key-format.ts';
import { JsonText } from '../../common/json-text.ts';
import { ACCESS_TYPES, KEY_ORIGINS, NO_LAST4, type KeyColumns } from '../../common/key-list.ts';
import type { KeyRecord } from '../../common/records.ts';

export type { KeyOrigin, KeyRecord } from '../../common/records.ts';
export type { GraceRow } from '../../common/key-results.ts';
import type { GraceRow } from '../../common/key-results.ts';

/** A key row as `COLUMNS` lists it, read raw: arrays cost far less to build than objects. */
type KeyRow = [
  id: string,
  account_id: number,
  name: string,
  access_type: KeyRecord['access_type'],
  scope_set_id: number,
  origin: KeyRecord['origin'],
  last4: string | null,
  created_at: string,
  updated_at: string,
  last_used_at: string | null,
  last_used_by: string | null,
  expires_at: string | null,
  disabled_at: string | null,
  deleted_at: string | null,
];

/** A digest the key accepts: the current one (`retires_at` null) or a rolled one until it retires. */
export interface SecretRow {
  readonly digest: Buffer;
  readonly retires_at: string | null;
}

/**
 * What verification reads about a key: its status and current digest, one indexed lookup. Not
 * its name: the local API checks a key on every request and never shows it (see `nameOf`).
 */
export interface VerificationRow {
  readonly account_id: number;
  readonly scope_set_id: number;
  readonly digest: Buffer | null;
  /** When the key expires, in epoch milliseconds: Infinity when it never does (NaN if unreadable). */
  readonly expires_ms: number;
  readonly deleted: boolean;
  /** Made here, so its secret is in this store (not imported or pulled from SendGrid). */
  readonly issued: boolean;
  readonly disabled: boolean;
}

/**
 * The status columns verification tests, as bits of one integer SQLite computes in the lookup:
 * the row crosses into JavaScript as five values, not seven, and no string (the origin) is built.
 */
const DELETED = 1;
const NOT_ISSUED = 2;
const DISABLED = 4;
const VERIFICATION_STATUS = `(deleted_at IS NOT NULL) * ${DELETED} + (origin <> 'issued') * ${NOT_ISSUED} + (disabled_at IS NOT NULL) * ${DISABLED}`;

const COLUMN_NAMES = ['id', 'account_id', 'name', 'access_type', 'scope_set_id', 'origin', 'last4', 'created_at']
  .concat(['updated_at', 'last_used_at', 'last_used_by', 'expires_at', 'disabled_at', 'deleted_at']);
const COLUMNS = COLUMN_NAMES.join(', ');

/** A column's value as its place in `values` (`KeyColumns` numbers access types and origins). */
const placeIn = (column: string, values: readonly string[]) =>
  `CASE ${column} ${values.map((value, i) => `WHEN '${value}' THEN ${i}`).join(' ')} END`;
/** Four characters a key, `NO_LAST4` for none, or for anything that is not four of a key's characters. */
const FOUR_CHARACTERS = `CASE WHEN last4 GLOB '${'[A-Za-z0-9_-]'.repeat(4)}' THEN last4 ELSE '${NO_LAST4}' END`;

/** `KeyColumns`' fields, each aggregated from its column; account and scope sets are added around them. */
const LIST_COLUMNS: readonly (readonly [keyof KeyColumns, string])[] = [
  ['api_key_id', 'json_group_array(id)'],
  ['name', 'json_group_array(name)'],
  ['access_type', `json_group_array(${placeIn('access_type', ACCESS_TYPES)})`],
  ['scope_set', 'json_group_array(scope_set_id)'],
  ['origin', `json_group_array(${placeIn('origin', KEY_ORIGINS)})`],
  ['last4', `coalesce(group_concat(${FOUR_CHARACTERS}, ''), '')`],
  ['created_at', 'json_group_array(created_at)'],
  ['updated_at', 'json_group_array(updated_at)'],
  ['last_used_at', 'json_group_array(last_used_at)'],
  ['last_used_by', 'json_group_array(last_used_by)'],
  ['expires_at', 'json_group_array(expires_at)'],
  ['disabled_at', 'json_group_array(disabled_at)'],
];

/**
 * The live keys selected by `from` (a subquery in list order) as `KeyColumns`' JSON, built
 * by SQLite in one pass: no JavaScript value is made per key. The aggregates take the rows in the
 * subquery's order: SQLite runs an ordered subquery under an aggregate as a co-routine, row by row
 * (an ORDER BY inside each aggregate would sort the list twelve times).
 * test/unit/store/key-list-columns.test.ts holds it to the order of `listLive`.
 */
const columnsSql = (from: string) =>
  `SELECT json_object(${LIST_COLUMNS.map(([field, aggregate]) => `'${field}', ${aggregate}`).join(', ')}),
          json_group_array(DISTINCT scope_set_id)
   FROM (${from})`;

/** What an audit of the keys looks at: 7 of a key's 14 columns. */
export type KeySummary = Pick<KeyRecord, 'api_key_id' | 'name' | 'access_type' | 'scopes' | 'origin' | 'created_at' | 'last_used_at'>;

type SummaryRow = [
  id: string,
  name: string,
  access_type: KeyRecord['access_type'],
  scope_set_id: number,
  origin: KeyRecord['origin'],
  created_at: string,
  last_used_at: string | null,
];

export type KeyChanges = Partial<
  Pick<KeyRecord, 'name' | 'access_type' | 'scopes' | 'last4' | 'updated_at' | 'expires_at' | 'disabled_at' | 'last_used_at'>
> &
  /** A pull adopts a key imported from a file ('pulled'), and brings back one it had marked removed (no secret either way). */
  Partial<{ readonly origin: 'pulled'; readonly deleted_at: null }>;

/**
 * Interned scope sets: JSON text ↔ id, and id → parsed, frozen array. Sets are immutable and never
 * removed, so both maps stay valid for the life of the connection, across processes too.
 */
class ScopeSets {
  readonly #ids = new Map<string, number>();
  /**
   * Ids by array: arrays handed out by `scopes()` (or reused by a caller) skip the JSON. Whatever
   * forgets the ids above (after a rollback, say) must forget these too.
   */
  #idsByArray = new WeakMap<readonly string[], number>();
  readonly #scopes = new Map<number, readonly string[]>();
  readonly #upsert;
  readonly #byId;

  constructor(db: Database) {
    this.#upsert = db
      .prepare<[string], number>(
        'INSERT INTO scope_sets (scopes) VALUES (?) ON CONFLICT (scopes) DO UPDATE SET scopes = excluded.scopes RETURNING id',
      )
      .pluck();
    this.#byId = db.prepare<[number], string>('SELECT scopes FROM scope_sets WHERE id = ?').pluck();
  }

  /** The id of a (sorted) scope set, adding it if new. Call inside a write transaction. */
  intern(scopes: readonly string[]): number {
    // Only frozen arrays are known by identity: one that can still change may not hold the set it held.
    let id = this.#idsByArray.get(scopes);
    if (id !== undefined) return id;
    const json = JSON.stringify(scopes);
    id = this.#ids.get(json);
    if (id === undefined) {
      id = this.#upsert.get(json)!;
      this.#ids.set(json, id);
    }
    if (Object.isFrozen(scopes)) this.#idsByArray.set(scopes, id);
    return id;
  }

  /**
   * Forgets every id: after a rolled-back transaction, an id it handed out may never have been
   * committed, and another connection may give that id to a different set.
   */
  forget(): void {
    this.#ids.clear();
    this.#scopes.clear();
    this.#idsByArray = new WeakMap();
  }

  scopes(id: number): readonly string[] {
    let scopes = this.#scopes.get(id);
    if (scopes === undefined) {
      const json = this.#byId.get(id);
      if (json === undefined) throw new Error(`scope set ${id} is missing`);
      scopes = Object.freeze(JSON.parse(json) as string[]);
      this.#scopes.set(id, scopes);
      this.#idsByArray.set(scopes, id);
    }
    return scopes;
  }
}

export class KeyTable {
  readonly #db: Database;
  readonly #sets: ScopeSets;
  readonly #find;
  readonly #findMany;
  readonly #live;
  readonly #liveSummaries;
  readonly #newestLive;
  readonly #countIssued;
  readonly #insert;
  readonly #setDigest;
  readonly #retired;
  readonly #verification;
  readonly #name;
  readonly #liveColumns: Statement<[number], [string, string]>;
  readonly #newestColumns: Statement<[number, number], [string, string]>;

  constructor(db: Database) {
    this.#db = db;
    this.#sets = new ScopeSets(db);
    this.#find = db.prepare<[string], KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE id = ?`).raw();
    this.#findMany = db
      .prepare<[string], KeyRow>(`SELECT ${COLUMN_NAMES.map((c) => `k.${c}`).join(', ')} FROM json_each(?) j JOIN keys k ON k.id = j.value`)
      .raw();
    this.#live = db
      .prepare<[number], KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`)
      .raw();
    this.#newestLive = db
      .prepare<[number, number], KeyRow>(
        `SELECT ${COLUMNS} FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .raw();
    const listed = COLUMN_NAMES.filter((c) => c !== 'deleted_at' && c !== 'account_id').join(', ');
    this.#liveColumns = db
      .prepare<[number], [string, string]>(
        columnsSql(`SELECT ${listed} FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`),
      )
      .raw();
    this.#newestColumns = db
      .prepare<[number, number], [string, string]>(
        columnsSql(`SELECT ${listed} FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?`),
      )
      .raw();
    this.#liveSummaries = db
      .prepare<[number], SummaryRow>(
        `SELECT id, name, access_type, scope_set_id, origin, created_at, last_used_at
         FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
      )
      .raw();
    this.#countIssued = db.prepare<[number], { n: number }>(
      "SELECT count(*) AS n FROM keys WHERE account_id = ? AND deleted_at IS NULL AND origin = 'issued'",
    );
    this.#insert = db.prepare<[...KeyRow, Buffer | null]>(`INSERT INTO keys (${COLUMNS}, digest) VALUES (${COLUMN_NAMES.map(() => '?').join(', ')}, ?)`);
    this.#setDigest = db.prepare<[Buffer | null, string]>('UPDATE keys SET digest = ? WHERE id = ?');
    this.#retired = db.prepare<[string], SecretRow>('SELECT digest, retires_at FROM retired_secrets WHERE key_id = ?');
    this.#verification = db
      .prepare<[string], [number, number, Buffer | null, string | null, number]>(
        `SELECT account_id, scope_set_id, digest, expires_at, ${VERIFICATION_STATUS} FROM keys WHERE id = ?`,
      )
      .raw();
    this.#name = db.prepare<[string], string>('SELECT name FROM keys WHERE id = ?').pluck();
  }

  // Built member by member (listing 100,000 keys runs this 100,000 times), in the order records
  // have always had, scopes last, so JSON made from them keeps its shape.
  #fromRow = (row: KeyRow): KeyRecord => ({
    api_key_id: row[0],
    account_id: row[1],
    name: row[2],
    access_type: row[3],
    origin: row[5],
    last4: row[6],
    created_at: row[7],
    updated_at: row[8],
    last_used_at: row[9],
    last_used_by: row[10],
    expires_at: row[11],
    disabled_at: row[12],
    deleted_at: row[13],
    scopes: this.#sets.scopes(row[4]),
  });

  /** Any key by ID, deleted ones included. */
  find(id: string): KeyRecord | undefined {
    const row = this.#find.get(id);
    return row && this.#fromRow(row);
  }

  /**
   * The keys among `ids` that exist, deleted ones included, by ID: one statement, the lookups made
   * in SQLite (an import checks 100,000 IDs; one call each cost it about a third of a second).
   */
  findMany(ids: readonly string[]): Map<string, KeyRecord> {
    const found = new Map<string, KeyRecord>();
    for (const row of this.#findMany.all(JSON.stringify(ids))) found.set(row[0], this.#fromRow(row));
    return found;
  }

  /** The account's keys that are not deleted, oldest first. */
  listLive(accountId: number): KeyRecord[] {
    return this.#live.all(accountId).map(this.#fromRow);
  }

  /** The account's `limit` newest keys that are not deleted, newest first: a list's first screen. */
  listNewestLive(accountId: number, limit: number): KeyRecord[] {
    return this.#newestLive.all(accountId, limit).map(this.#fromRow);
  }

  /**
   * `listLive` (or with `newest`, `listNewestLive`) as `KeyColumns` in JSON text, for the window:
   * SQLite writes the text, about 170 bytes a key, and the scope sets are added from this
   * connection's cache.
   */
  liveColumns(accountId: number, newest?: number): JsonText<KeyColumns> {
    const [columns, setIds] = newest === undefined ? this.#liveColumns.get(accountId)! : this.#newestColumns.get(accountId, newest)!;
    const sets = Object.fromEntries((JSON.parse(setIds) as (number | null)[]).flatMap((id) => (id === null ? [] : [[id, this.#sets.scopes(id)]])));
    // The columns object's text starts with '{': the account and the sets go in front of its fields.
    return new JsonText(`{"account_id":${accountId},"scope_sets":${JSON.stringify(sets)},${columns.slice(1)}`);
  }

  /**
   * The account's live keys as an audit sees them, oldest first: half the columns of `listLive`,
   * which over 100,000 keys is a third less to read, sort and build.
   */
  listLiveSummaries(accountId: number): KeySummary[] {
    return this.#liveSummaries.all(accountId).map((row) => ({
      api_key_id: row[0],
      name: row[1],
      access_type: row[2],
      scopes: this.#sets.scopes(row[3]),
      origin: row[4],
      created_at: row[5],
      last_used_at: row[6],
    }));
  }

  /** Every key of the account that is not deleted, imported ones included. */
  countLive(accountId: number): number {
    return this.#db
      .prepare<[number], number>('SELECT count(*) FROM keys WHERE account_id = ? AND deleted_at IS NULL')
      .pluck()
      .get(accountId)!;
  }

  /** Keys issued here and not deleted: what the 100-key limit counts. */
  countIssued(accountId: number): number {
    return this.#countIssued.get(accountId)!.n;
  }

  /** A key's status and current digest, for verification: one indexed lookup of one narrow row. */
  verificationRow(id: string): VerificationRow | undefined {
    const row = this.#verification.get(id);
    if (!row) return undefined;
    const [account_id, scope_set_id, digest, expires_at, status] = row;
    return {
      account_id,
      scope_set_id,
      digest,
      expires_ms: expires_at === null ? Infinity : Date.parse(expires_at),
      deleted: (status & DELETED) !== 0,
      issued: (status & NOT_ISSUED) === 0,
      disabled: (status & DISABLED) !== 0,
    };
  }

  /** A key's name, deleted keys included. */
  nameOf(id: string): string | undefined {
    return this.#name.get(id);
  }

  /** Secrets a rolled key still accepts besides its current one. */
  retiredSecrets(keyId: string): SecretRow[] {
    return this.#retired.all(keyId);
  }

  /** Drops what the connection remembers of scope sets; call when a write transaction rolls back. */
  forgetCachedScopeSets(): void {
    this.#sets.forget();
  }

  /** The scopes of an interned set (parsed once per connection). */
  scopesOf(scopeSetId: number): readonly string[] {
    return this.#sets.scopes(scopeSetId);
  }

  /** Adds a key; `digest` makes a secret current at once (a key issued here), in the same row write. */
  insert(record: KeyRecord, digest: Buffer | null = null): void {
    const r = record;
    // Bound by position, in COLUMNS order: an import inserts 100,000 rows, and named parameters
    // cost an object per row and a lookup per column.
    this.#insert.run(
      r.api_key_id, r.account_id, r.name, r.access_type, this.#sets.intern(r.scopes), r.origin, r.last4, r.created_at,
      r.updated_at, r.last_used_at, r.last_used_by, r.expires_at, r.disabled_at, r.deleted_at, digest,
    );
  }

  /** Makes `digest` the key's current secret. */
  setCurrentSecret(keyId: string, digest: Buffer): void {
    this.#setDigest.run(digest, keyId);
  }

  /**
   * Rolling: `digest` becomes current and the secret it replaces keeps working until `retiresAt`.
   * A key keeps at most two secrets, the current one and the one before it: a secret rolled out
   * earlier (even one still in its grace period) is dropped. Call inside a write transaction.
   */
  rollSecret(keyId: string, digest: Buffer, retiresAt: string): void {
    const current = this.#db.prepare<[string], Buffer | null>('SELECT digest FROM keys WHERE id = ?').pluck().get(keyId);
    this.#db.prepare('DELETE FROM retired_secrets WHERE key_id = ?').run(keyId);
    if (current) {
      this.#db.prepare('INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES (?, ?, ?)').run(keyId, current, retiresAt);
    }
    this.setCurrentSecret(keyId, digest);
  }

  /** The secret the key was rolled away from, if `digest` is it (with the time it retires). Constant time. */
  rolledSecret(keyId: string, digest: Buffer): SecretRow | undefined {
    return this.retiredSecrets(keyId).find((s) => digestsEqual(s.digest, digest));
  }

  /** Every digest the key accepts: the current one first, then rolled ones until they retire. */
  secrets(keyId: string): SecretRow[] {
    const current = this.#db.prepare<[string], Buffer | null>('SELECT digest FROM keys WHERE id = ?').pluck().get(keyId);
    return [...(current ? [{ digest: current, retires_at: null }] : []), ...this.retiredSecrets(keyId)];
  }

  update(id: string, changes: KeyChanges): void {
    const { scopes, ...plain } = changes;
    const columns: Record<string, unknown> = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
    if (scopes !== undefined) columns.scope_set_id = this.#sets.intern(scopes);
    const names = Object.keys(columns);
    if (names.length === 0) return;
    const assignments = names.map((column) => `${column} = @${column}`).join(', ');
    this.#db.prepare(`UPDATE keys SET ${assignments} WHERE id = @id`).run({ ...columns, id });
  }

  /** Tombstones the key and drops every secret digest, so nothing can verify against it again. */
  markDeleted(id: string, at: string): void {
    this.#db.prepare('DELETE FROM retired_secrets WHERE key_id = ?').run(id);
    this.#db.prepare('UPDATE keys SET digest = NULL, deleted_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
  }

  /**
   * The account's live keys that were rolled and whose previous secret still works at `now`
   * (ISO-8601), with when it stops: one indexed read for the list's grace tags and the audit.
   */
  inGrace(accountId: number, now: string): GraceRow[] {
    return this.#db
      .prepare<[number, string], GraceRow>(
        `SELECT r.key_id AS api_key_id, MAX(r.retires_at) AS retires_at FROM retired_secrets r JOIN keys k ON k.id = r.key_id
         WHERE k.account_id = ? AND k.deleted_at IS NULL AND r.retires_at > ? GROUP BY r.key_id`,
      )
      .all(accountId, now);
  }

  /** Removes every row of the account's keys, tombstones included, with their secrets. */
  deleteAllOf(accountId: number): void {
    this.#db.prepare('DELETE FROM retired_secrets WHERE key_id IN (SELECT id FROM keys WHERE account_id = ?)').run(accountId);
    this.#db.prepare('DELETE FROM keys WHERE account_id = ?').run(accountId);
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
