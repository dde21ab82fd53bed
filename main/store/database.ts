/**
 * Opening the key store: refuse anything that is not a Keydesk database (or is from a newer
 * Keydesk) before writing a byte to it, then set the pragmas every connection needs and migrate.
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KeydeskError } from '../core/errors.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations/index.ts';

export type { Database } from 'better-sqlite3';

/** 'KDSK' in the SQLite header, so we recognise our own files and refuse other apps' databases. */
export const APPLICATION_ID = 0x4b44534b;
const SQLITE_MAGIC = 'SQLite format 3\0';

const refuse = (path: string, why: string): KeydeskError =>
  new KeydeskError('CONFLICT', [{ field: 'database', message: `refusing to open ${path}: ${why}` }]);

function readHeader(path: string): Buffer | null {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return null; // no file yet: a new store
  }
  if (size === 0) return null;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

export interface OpenOptions {
  /** Skip migrating (tests that step through migrations one by one). */
  readonly migrate?: boolean;
}

/** Opens (creating if needed) the key store at `path`, ready for use. `:memory:` works for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') {
    const header = readHeader(path);
    if (header) {
      if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
        throw refuse(path, 'it is not a SQLite database');
      }
      const appId = header.readUInt32BE(68);
      if (appId !== 0 && appId !== APPLICATION_ID) throw refuse(path, 'it belongs to another application');
    } else {
      mkdirSync(dirname(path), { recursive: true });
    }
  }

  let db: Database;
  try {
    // A 5 s busy timeout lets the CLI, the app and the local API write to one store at once.
    db = new BetterSqlite3(path, { timeout: 5000 });
  } catch (error) {
    throw refuse(path, (error as Error).message);
  }
  try {
    checkCompatible(db, path);
    db.pragma('journal_mode = WAL');
    // FULL: a key whose secret was shown must survive a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A 32 MiB page cache rather than SQLite's 2 MiB: an import of 100,000 keys keeps the keys
    // table's pages at hand instead of spilling and rereading them. It only grows when used.
    db.pragma('cache_size = -32768');
    if (options.migrate !== false) {
      migrate(db);
      if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
        db.pragma(`application_id = ${APPLICATION_ID}`);
      }
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof KeydeskError) throw error;
    throw refuse(path, (error as Error).message);
  }
}

function checkCompatible(db: Database, path: string): void {
  let version: number;
  try {
    version = schemaVersion(db);
  } catch (error) {
    throw refuse(path, (error as Error).message);
  }
  if (version > LATEST_VERSION) {
    throw refuse(path, `it was written by a newer Keydesk (schema ${version}, this one knows up to ${LATEST_VERSION})`);
  }
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw refuse(path, 'it is a SQLite database, but not a Keydesk one');
  }
}
