/** Key store files as the corruption and startup tests need them (with keys, at the previous schema), and their bytes. */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { OWNER } from '../../main/services/caller.ts';
import { createKeyService } from '../../main/services/keys.ts';
import { APPLICATION_ID, openDatabase, type Database } from '../../main/store/database.ts';
import { LATEST_VERSION, migrate, MIGRATIONS } from '../../main/store/migrations/index.ts';
import type { NewAuditEntry } from '../../main/store/audit-log.ts';
import type { AuditAction } from '../../common/records.ts';
import { createStore, openStore } from '../../main/store/store.ts';
import type { SealKeyring } from '../../main/store/seal-keys.ts';
import { ManualClock } from './temp-store.ts';

/** The schema before the latest: numbers handed out across branches may skip some. */
export const PREVIOUS_VERSION = MIGRATIONS.at(-2)!.version;

export const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The bytes of the store and of its write-ahead log. An empty log and no log are the same to
 * SQLite (a read-only connection may leave an empty one beside the file), so both read as null.
 */
export const storeFingerprint = (file: string) => [sha(file), existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0 ? sha(`${file}-wal`) : null];

/** A store with `keys` keys made through the key service, closed (so checkpointed). */
export function storeWithKeys(file: string, keys: number): string[] {
  const store = openStore(file);
  const service = createKeyService(store, new ManualClock());
  const caller = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
  // One commit for them all (nested writes are savepoints): one fsync instead of one per key.
  const ids = store.write(() => Array.from({ length: keys }, (_, i) => service.create(caller, { name: `key ${i}`, scopes: ['mail.send'] }).api_key_id));
  store.close();
  return ids;
}

/** An audit entry by the owner, through the CLI, on the default account: for tests that write the log below the services. */
export const ownerEntry = (action: AuditAction): NewAuditEntry => ({
  at: '2026-01-15T09:00:00.000Z',
  actor: 'owner',
  via: 'cli',
  action,
  account_id: 1,
  key_id: null,
  before: null,
  after: null,
});

/** A database (in memory unless a file is named) migrated up to `version` and no further: what that schema's Keydesk wrote. */
export function databaseAtSchema(version: number, file = ':memory:', keyring?: SealKeyring): Database {
  const db = openDatabase(file, { migrate: false });
  migrate(db, version, ...(keyring ? [{ keyring }] : []));
  return db;
}

/**
 * A store at the schema before the latest, with keys in it: what an older Keydesk left behind.
 * `keyring`: where its seal key goes when the app under test looks elsewhere than this process.
 */
export function storeAtPreviousSchema(file: string, keys = 3, keyring?: SealKeyring): string[] {
  const db = databaseAtSchema(PREVIOUS_VERSION, file, keyring);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  const store = createStore(db, keyring);
  const service = createKeyService(store, new ManualClock());
  const caller = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
  const ids = Array.from({ length: keys }, (_, i) => service.create(caller, { name: `old ${i}`, scopes: ['mail.send'] }).api_key_id);
  store.close();
  return ids;
}

/**
 * What makes the latest migration fail midway: a name it creates, already taken. Kept per
 * version, so a new migration must say how its failure is staged (the tests of a failed upgrade
 * throw here until it does).
 */
const SQUATTERS: Readonly<Record<number, string>> = {
  2: 'CREATE TABLE audit_head (squatter TEXT)',
  3: 'CREATE INDEX keys_live_by_age ON keys (name)',
  // Migration 4 drops a trigger: with it gone already, the drop fails.
  4: 'DROP TRIGGER audit_log_moves_head',
  // Migration 5 rebuilds the keys table under a new name first: with that name taken, it fails.
  5: 'CREATE TABLE keys_rebuilt (squatter TEXT)',
  6: 'CREATE INDEX keys_issued_by_account ON keys (name)',
  7: 'CREATE INDEX keys_live_listed ON keys (name)',
  // Migration 8 makes the seal's table: with that name taken, it fails.
  8: 'CREATE TABLE audit_seal (squatter TEXT)',
  9: 'CREATE TABLE key_annotations (squatter TEXT)',
};

/** Makes the upgrade of a store at the previous schema fail (it must then roll back whole). */
export function blockLatestMigration(file: string): void {
  const squatter = SQUATTERS[LATEST_VERSION];
  if (!squatter) throw new Error(`no way to make migration ${LATEST_VERSION} fail: add one to SQUATTERS`);
  const raw = new BetterSqlite3(file);
  try {
    raw.exec(squatter);
  } finally {
    raw.close();
  }
}

export const keyCount = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT count(*) FROM keys').pluck().get()!;
  } finally {
    db.close();
  }
};

/** Overwrites the keys table's root page with random bytes: the header and schema stay intact, so only SQLite's quick_check sees it. */
export function overwriteKeysTableWithNoise(file: string): void {
  const raw = new BetterSqlite3(file, { readonly: true });
  const root = raw.prepare<[], number>("SELECT rootpage FROM sqlite_schema WHERE name = 'keys'").pluck().get()!;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const bytes = readFileSync(file);
  randomBytes(pageSize).copy(bytes, (root - 1) * pageSize);
  writeFileSync(file, bytes);
}
