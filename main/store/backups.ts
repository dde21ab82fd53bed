/**
 * Backups of the key store, next to it: one is taken automatically before a schema migration
 * (SQLite's VACUUM INTO, a consistent copy made while others may keep writing), and any of them
 * can be restored over a damaged or wrongly migrated store. A restore never destroys the file it
 * replaces: that is renamed aside, so a wrong restore can be undone by hand.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KeydeskError } from '../../common/errors.ts';
import { makeFilePrivate, touchPrivateFile } from '../core/private-files.ts';
import { APPLICATION_ID, readSqliteHeader } from './sqlite-header.ts';
import { namesBesideStore } from './store-files.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import type { BackupInfo, RestoreResult } from '../../common/app-info.ts';

/** `keydesk.db.schema-1.2026-01-15T09-00-00-000Z.backup`: colons are not allowed in Windows file names. */
const BACKUP_NAME = /^(?<store>.+)\.schema-(?<version>\d+)\.(?<stamp>\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.backup$/;

/** Stores made before the application id was written carry 0, as `openDatabase` accepts. */
const isOurs = (applicationId: number) => applicationId === APPLICATION_ID || applicationId === 0;

const stamp = (at: Date) => at.toISOString().replace(/[:.]/g, '-');
const unstamp = (text: string) => text.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z');

const refuse = (file: string, why: string, field = 'backup'): KeydeskError =>
  new KeydeskError('CONFLICT', [{ field, message: `cannot restore ${file}: ${why}` }]);

/** Flushes a file or folder to disk; folders cannot be opened everywhere (Windows), hence best effort there. */
function flush(path: string, folder = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!folder) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Copies the open store to `<store>.schema-N.<time>.backup` beside it and returns the path. The
 * copy is written under a temp name, flushed, then renamed: a crash leaves no half backup.
 */
export function backupStore(db: Database, storePath: string, schemaVersion: number, at = new Date()): string {
  const target = join(dirname(storePath), `${basename(storePath)}.schema-${schemaVersion}.${stamp(at)}.backup`);
  const temp = `${target}.partial`;
  rmSync(temp, { force: true });
  try {
    // VACUUM INTO fills an empty file as it finds it: created 0600 here, the copy is never readable by others.
    touchPrivateFile(temp);
    db.prepare('VACUUM INTO ?').run(temp);
    flush(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  flush(dirname(storePath), true);
  return target;
}

/** Backups of the store at `storePath`, newest first. Files that are not Keydesk stores are left out. */
export function listBackups(storePath: string): BackupInfo[] {
  const folder = dirname(storePath);
  const store = basename(storePath);
  const backups: BackupInfo[] = [];
  for (const name of namesBesideStore(storePath)) {
    const match = BACKUP_NAME.exec(name);
    if (!match || match.groups!.store !== store) continue;
    const path = join(folder, name);
    try {
      const head = readSqliteHeader(path);
      if (!head?.isSqlite || !isOurs(head.applicationId)) continue;
      backups.push({
        name,
        path,
        schema_version: head.schemaVersion,
        created_at: unstamp(match.groups!.stamp!),
        bytes: statSync(path).size,
      });
    } catch {
      // Unreadable: not offered.
    }
  }
  return backups.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

/** Checks that `file` is a whole Keydesk store this version can open; returns what it holds. */
export function checkBackup(file: string): { readonly schema_version: number } {
  let head: ReturnType<typeof readSqliteHeader>;
  try {
    head = readSqliteHeader(file);
  } catch {
    throw refuse(file, 'it cannot be read');
  }
  if (!head?.isSqlite) throw refuse(file, 'it is not a SQLite database');
  if (!isOurs(head.applicationId)) throw refuse(file, 'it is not a Keydesk store');
  const version = head.schemaVersion;
  // Backups are only ever taken of stores with a schema; version 0 is some other SQLite file.
  if (version === 0) throw refuse(file, 'it is not a Keydesk store');
  if (version > LATEST_VERSION) throw refuse(file, `it was written by a newer Keydesk (schema ${version})`);
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems[0]?.integrity_check !== 'ok') throw refuse(file, `it is damaged (${problems[0]?.integrity_check ?? 'unknown'})`);
  } catch (error) {
    if (error instanceof KeydeskError) throw error;
    throw refuse(file, `it is damaged (${(error as Error).message})`);
  } finally {
    db?.close();
  }
  return { schema_version: version };
}

/**
 * Whether another connection (the app, `keydesk serve`, a running command) has the store open:
 * an exclusive lock is refused then. A store that cannot be opened at all is not in use by Keydesk.
 */
function assertNotInUse(storePath: string): void {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(storePath, { timeout: 0, fileMustExist: true });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    // Fold the write-ahead log into the file, so the file moved aside is whole on its own.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new KeydeskError('CONFLICT', [
        { field: 'database', message: 'the key store is in use (the app, keydesk serve or another command): close it first' },
      ]);
    }
  } finally {
    db?.close();
  }
}

/**
 * Replaces the store at `storePath` with `backupFile`. Checks the backup first and refuses while
 * the store is open anywhere; the current store (with its -wal and -shm) is renamed to
 * `<store>.replaced-<time>`, never deleted. The restored store is opened (and migrated) as usual.
 */
export function restoreBackup(storePath: string, backupFile: string, at = new Date()): RestoreResult {
  checkBackup(backupFile);
  const exists = existsSync(storePath);
  if (exists) assertNotInUse(storePath);
  const temp = `${storePath}.restoring`;
  rmSync(temp, { force: true });
  copyFileSync(backupFile, temp);
  // A copy takes its source's mode: a backup from elsewhere, or an older Keydesk's, may be 0644.
  makeFilePrivate(temp);
  flush(temp);
  let replaced: string | null = null;
  if (exists) {
    replaced = `${storePath}.replaced-${stamp(at)}`;
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(storePath + suffix)) renameSync(storePath + suffix, replaced + suffix);
      makeFilePrivate(replaced + suffix);
    }
    renameSync(storePath, replaced);
    makeFilePrivate(replaced);
  }
  renameSync(temp, storePath);
  flush(dirname(storePath), true);
  return { restored_from: backupFile, replaced_file: replaced };
}

/** When a backup was taken, to the minute, as people are told it: `2026-01-15 09:00 UTC`. */
export const backupTakenAt = (backup: BackupInfo): string => `${backup.created_at.slice(0, 16).replace('T', ' ')} UTC`;

/** The newest backup that passes `checkBackup`: what the app offers, and `restore-backup --latest` takes. */
export function newestUsableBackup(storePath: string): BackupInfo | null {
  for (const backup of listBackups(storePath)) {
    try {
      checkBackup(backup.path);
      return backup;
    } catch {
      // Damaged or from a newer Keydesk: try an older one.
    }
  }
  return null;
}
