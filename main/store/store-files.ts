/**
 * Every file of one store is private to its user: the store, its -wal and -shm, its backups, and
 * the copies a restore set aside. They are all named after the store (`keydesk.db…`), so one
 * sweep of its folder finds them, including those an older Keydesk left readable by others. The
 * folder is made private too when it is Keydesk's own data folder, or when Keydesk creates it; a
 * folder the user chose for a store (`--db`) is left as the user made it.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { makeFilePrivate, makePrivateFolder, touchPrivateFile } from '../core/private-files.ts';
import { defaultDataDir } from './location.ts';

const isDataFolder = (folder: string): boolean => resolve(folder) === resolve(defaultDataDir());

/** The store's folder, made (0700) if missing; brought to 0700 if it is Keydesk's data folder. */
export function prepareStoreFolder(storePath: string): void {
  const folder = dirname(storePath);
  let exists = true;
  try {
    lstatSync(folder);
  } catch {
    exists = false;
  }
  if (!exists || isDataFolder(folder)) makePrivateFolder(folder);
}

/** A new store's file, created empty and 0600 before SQLite writes to it (SQLite would make it 0644). */
export const createPrivateStoreFile = touchPrivateFile;

/**
 * The names of the entries beside the store that are named after it (`keydesk.db-wal`,
 * `keydesk.db.schema-….backup`, ...), not the store itself; none when its folder cannot be read.
 */
export function namesBesideStore(storePath: string): string[] {
  const name = basename(storePath);
  try {
    return readdirSync(dirname(storePath)).filter((entry) => entry.startsWith(name) && ['-', '.'].includes(entry.charAt(name.length)));
  } catch {
    return []; // an unreadable folder: SQLite's own open will say what is wrong
  }
}

/**
 * Brings every file named after the store to 0600: the store itself, then its -wal and -shm (which
 * SQLite creates with the store's own mode), backups (`.schema-N.….backup`), restored-over copies
 * (`.replaced-…`) and leftovers of an interrupted backup or restore. Symbolic links are not followed,
 * except the store's own path.
 */
export function makeStoreFilesPrivate(storePath: string): void {
  makeFilePrivate(storePath);
  for (const entry of namesBesideStore(storePath)) {
    const path = join(dirname(storePath), entry);
    try {
      if (!lstatSync(path).isFile()) continue;
    } catch {
      continue; // gone meanwhile (a checkpoint removed the -wal)
    }
    makeFilePrivate(path);
  }
}
