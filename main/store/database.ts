/**
 * Opening the key store: refuse anything that is not a whole Keydesk database (or is from a newer
 * Keydesk) before writing a byte to it, make its files private to the user, then set the pragmas
 * every connection needs, back the store up if its schema is about to change, and migrate.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KeydeskError } from '../../common/errors.ts';
import { backupStore } from './backups.ts';
import { LATEST_VERSION, migrate, pendingMigrations, schemaVersion } from './migrations/index.ts';
import { judgeFirstLook } from './first-look.ts';
import { APPLICATION_ID } from './sqlite-header.ts';
import { createPrivateStoreFile, makeStoreFilesPrivate, prepareStoreFolder } from './store-files.ts';
import { refuse, StoreRefused } from './store-refused.ts';
import { keyringFor, type SealKeyring } from './seal-keys.ts';

export type { Database } from 'better-sqlite3';
export { APPLICATION_ID } from './sqlite-header.ts';
export { StoreRefused, type RefusalReason } from './store-refused.ts';

/** SQLite's own words for a damaged file, kept; anything else it says (permissions, ...) is passed through. */
const sqliteRefusal = (path: string, error: unknown): StoreRefused => {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return refuse(path, `it is damaged (${message})`);
  return new StoreRefused(path, 'unavailable', String(message), code?.startsWith('SQLITE_BUSY') === true || code === 'SQLITE_LOCKED');
};

/**
 * How long an open waits out another process that holds the store while it opens it: creating a
 * new store (switching it to WAL) or upgrading one takes locks SQLite's busy timeout does not
 * cover, so two CLI commands started together on a new store would otherwise see "database is locked"
 * (or catch its file half-written: see first-look.ts).
 */
const BUSY_OPEN_WAIT_MS = 5000;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export interface OpenOptions {
  /** Skip migrating (tests that step through migrations one by one). */
  readonly migrate?: boolean;
  /** Where the seal key of a store sealed by this open is kept (default: the user's, see seal-keys.ts). */
  readonly keyring?: SealKeyring;
}

/**
 * Judges an existing file through a read-only connection, which writes nothing to it (a
 * read-write one would fold a leftover write-ahead log into it on closing): the schema version
 * must be one we know, the tables ours, and SQLite's quick_check clean.
 */
function judgeContents(path: string): void {
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw sqliteRefusal(path, error);
  }
  try {
    // One read transaction: a process creating the store commits its tables and version together,
    // and two reads apart could see the tables of that commit with the version from before it.
    const { version, tables } = db.transaction(() => ({
      version: schemaVersion(db),
      tables: (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n,
    }))();
    if (version > LATEST_VERSION) {
      throw refuse(path, `it was written by a newer Keydesk (schema ${version}, this one knows up to ${LATEST_VERSION})`, 'newer');
    }
    if (version === 0 && tables > 0) throw refuse(path, 'it is a SQLite database, but not a Keydesk one', 'foreign');
    // quick_check reads every page (about 5 ms per MB): a damaged store is refused at once, by
    // name, instead of failing some later command with SQLite's internal error.
    const problems = db.pragma('quick_check(3)') as { quick_check: string }[];
    if (problems[0]?.quick_check !== 'ok') {
      throw refuse(path, `it is damaged (SQLite's quick_check: ${problems.map((p) => p.quick_check).join('; ')})`);
    }
  } catch (error) {
    if (error instanceof KeydeskError) throw error;
    throw sqliteRefusal(path, error);
  } finally {
    db.close();
  }
}

/** Opens (creating if needed) the key store at `path`, ready for use. `:memory:` works for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const deadline = Date.now() + BUSY_OPEN_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return openOnce(path, options);
    } catch (error) {
      if (!(error instanceof StoreRefused && error.busy) || Date.now() >= deadline) throw error;
      sleepSync(Math.min(10 * attempt, 100));
    }
  }
}

function openOnce(path: string, options: OpenOptions): Database {
  if (path !== ':memory:') {
    const existing = judgeFirstLook(path) === 'existing';
    if (existing) judgeContents(path);
    // Private before SQLite writes a byte: the folder (Keydesk's own, or one made now), a new
    // store's file, and every file of an existing one (an older Keydesk left them 0644).
    prepareStoreFolder(path);
    if (!existing) {
      try {
        createPrivateStoreFile(path);
      } catch {
        // Not creatable (no write access, ...): SQLite's own open below says so, in its words.
      }
    }
    makeStoreFilesPrivate(path);
  }

  let db: Database;
  try {
    // A 5 s busy timeout lets the CLI, the app and the local API write to one store at once.
    db = new BetterSqlite3(path, { timeout: 5000 });
  } catch (error) {
    throw sqliteRefusal(path, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a key whose secret was shown must survive a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A 32 MiB page cache rather than SQLite's 2 MiB: an import of 100,000 keys keeps the keys
    // table's pages at hand instead of spilling and rereading them. It only grows when used.
    db.pragma('cache_size = -32768');
    if (options.migrate !== false) {
      migrateWithBackup(db, path, options.keyring ?? keyringFor(path));
      if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
        db.pragma(`application_id = ${APPLICATION_ID}`);
      }
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof KeydeskError) throw error;
    throw sqliteRefusal(path, error);
  }
}

/**
 * Before a store with data changes schema, a copy of it goes next to it: a migration that goes
 * wrong (or a Keydesk the user wants to go back to) can then be undone with `restore-backup`.
 * New stores have nothing to keep. Two processes upgrading at once may both keep a copy.
 */
function migrateWithBackup(db: Database, path: string, keyring: SealKeyring): void {
  const version = schemaVersion(db);
  let backup: string | null = null;
  if (path !== ':memory:' && version > 0 && pendingMigrations(db).length > 0) {
    try {
      backup = backupStore(db, path, version);
    } catch (error) {
      throw refuse(path, `its schema must be upgraded, and a backup could not be written first (${(error as Error).message})`, 'unavailable');
    }
  }
  try {
    migrate(db, undefined, { keyring });
  } catch (error) {
    const kept = backup ? `; it is unchanged, and a copy from before the upgrade is at ${backup}` : '';
    throw refuse(path, `upgrading its schema failed (${(error as Error).message})${kept}`, 'upgrade_failed');
  }
}
