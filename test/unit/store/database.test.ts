import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeydeskError } from '../../../common/errors.ts';
import { APPLICATION_ID, openDatabase } from '../../../main/store/database.ts';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../main/store/migrations/index.ts';
import { tempStoreFile } from '../../helpers/temp-store.ts';
import { thrownBy } from '../../helpers/expect-error.ts';
import { databaseAtSchema } from '../../helpers/store-files.ts';

const newPath = () => tempStoreFile().path;

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('opening the store', () => {
  it('creates a new store with WAL, foreign keys, a busy timeout and the latest schema', () => {
    const db = openDatabase(newPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.prepare('SELECT name FROM accounts').all()).toEqual([{ name: 'default' }]);
    db.close();
  });

  it('creates missing parent folders', () => {
    const path = join(tempStoreFile().dir, 'nested', 'deeper', 'keydesk.db');
    openDatabase(path).close();
    expect(readFileSync(path).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('reopens an existing store without migrating it again', () => {
    const path = newPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a garbage file and leaves it untouched', () => {
    const path = newPath();
    writeFileSync(path, Buffer.from('this is not a database at all, just some text'.repeat(100)));
    const before = fileHash(path);
    expect(thrownBy(() => openDatabase(path), KeydeskError).message).toMatch(/not a SQLite database/);
    expect(fileHash(path)).toBe(before);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const path = newPath();
    const other = new BetterSqlite3(path);
    other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (\'hello\')');
    other.close();
    const before = fileHash(path);
    expect(thrownBy(() => openDatabase(path), KeydeskError).message).toMatch(/not a Keydesk one/);
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a store written by a newer Keydesk and leaves it untouched', () => {
    const path = newPath();
    openDatabase(path).close();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fileHash(path);
    const error = thrownBy(() => openDatabase(path), KeydeskError);
    expect(error.errors[0]).toMatchObject({ field: 'database', message: expect.stringMatching(/newer Keydesk/) });
    expect(fileHash(path)).toBe(before);
  });
});

describe('migrations', () => {
  it('are numbered in ascending order, each number once, starting at 1', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('0001 creates the tables, a default account, and an append-only audit log', () => {
    const db = databaseAtSchema(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['accounts', 'audit_log', 'keys', 'retired_secrets', 'scope_sets']);
    db.prepare(`INSERT INTO audit_log (seq, at, actor, via, action, account_id, prev_hash, hash)
                VALUES (1, 'now', 'owner', 'cli', 'test', 1, 'p', 'h')`).run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('leave an up-to-date store alone when a second connection migrates it', () => {
    const path = newPath();
    const a = new BetterSqlite3(path, { timeout: 5000 });
    const b = new BetterSqlite3(path, { timeout: 5000 });
    migrate(a);
    migrate(b); // reads the version inside its own write lock, and does nothing
    expect(b.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 1 });
    a.close();
    b.close();
  });
});
