/**
 * Opening the store for a command, loaded only when a command runs (see session.ts): which file
 * (never an empty name, which SQLite would take as a throwaway database), whether it may be
 * created, who is acting, and what to say when SQLite or the disk refuses.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KeydeskError, notFound } from '../../common/errors.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import { backupTakenAt, newestUsableBackup } from '../store/backups.ts';
import { StoreRefused } from '../store/database.ts';
import { resolveDatabasePath } from '../store/location.ts';
import { openStore, type Store } from '../store/store.ts';
import { OWNER } from '../services/caller.ts';
import { createServices } from '../services/services.ts';
import { storeFailure } from './failures.ts';
import type { Output } from './output.ts';
import type { Env, GlobalOptions, Session, StoreAccess } from './session.ts';
import { usageError } from './usage-error.ts';

/** Where the store's name came from, for errors about it. */
function pathSource(options: GlobalOptions, env: Env): '--db' | 'KEYDESK_DB' | 'database' {
  if (options.db !== undefined) return '--db';
  return env.KEYDESK_DB !== undefined ? 'KEYDESK_DB' : 'database';
}

/** `--db`, else KEYDESK_DB, else the per-user default; an empty name is a usage mistake. */
export function storePathFrom(options: GlobalOptions, env: Env): string {
  if (options.db !== undefined && options.db.trim() === '') throw usageError('--db', '--db is empty: name the key store file');
  if (options.db === undefined && env.KEYDESK_DB !== undefined && env.KEYDESK_DB.trim() === '') {
    throw usageError('KEYDESK_DB', 'KEYDESK_DB is set but empty: name the key store file, or unset it for the default one');
  }
  return resolveDatabasePath(options.db, env);
}

const isStoreFile = (path: string): boolean => {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
};

/**
 * A store that is not there is created only by a command that may create one, and only where its
 * folder exists (the per-user default folder is Keydesk's own, and made when missing).
 */
function checkPresence(path: string, access: StoreAccess, field: ReturnType<typeof pathSource>): 'exists' | 'new' {
  if (isStoreFile(path)) return 'exists';
  const where = resolve(path);
  if (access === 'existing') {
    throw notFound(`no key store at ${where}: nothing was read or changed (a key store is made by keys create, accounts create or import)`, field);
  }
  if (field !== 'database' && !existsSync(dirname(where))) {
    throw notFound(`cannot create a key store at ${where}: the folder ${dirname(where)} does not exist`, field);
  }
  return 'new';
}

/**
 * SQLite writes beside a store even to read it (its -wal and -shm files), so a store on a
 * read-only disk, or in a folder this user cannot write, cannot be used at all: say which.
 */
function checkWritable(path: string, presence: 'exists' | 'new'): void {
  const where = resolve(path);
  // A new store in the per-user default folder makes that folder first: what must be writable then
  // is the nearest folder above it that exists.
  let folder = dirname(where);
  while (presence === 'new' && !existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  const targets = presence === 'exists' ? [[where, 'the file'], [folder, 'its folder']] : [[folder, 'its folder']];
  for (const [target, what] of targets) {
    try {
      accessSync(target!, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
      const why = code === 'EROFS' ? 'it is on a read-only file system' : `${what} is read-only for this user (${code})`;
      throw new KeydeskError('CONFLICT', [
        { field: 'database', message: `cannot use the key store at ${where}: ${why}; Keydesk must be able to write the store and its folder, even to read it (SQLite keeps its -wal and -shm files beside it)` },
      ]);
    }
  }
}

/** Opens the store; when it is refused as damaged, the error also names the backup that can replace it. */
function openStoreOrPointAtBackup(path: string): Store {
  try {
    return openStore(path);
  } catch (error) {
    if (!(error instanceof StoreRefused) || (error.reason !== 'damaged' && error.reason !== 'upgrade_failed')) throw storeFailure(path, error);
    const backup = newestUsableBackup(path);
    if (!backup) throw error;
    throw new KeydeskError(error.code, [
      ...error.errors,
      { field: 'backup', message: `a backup taken ${backupTakenAt(backup)} (${backup.name}) can replace it: keydesk restore-backup --latest` },
    ]);
  }
}

/** The store the options name, opened for a command that may (or may not) create it. */
export function openCommandStore(options: GlobalOptions, env: Env, access: StoreAccess, output: Output): Store {
  const path = storePathFrom(options, env);
  const presence = checkPresence(path, access, pathSource(options, env));
  checkWritable(path, presence);
  const store = openStoreOrPointAtBackup(path);
  if (presence === 'new') output.err(`Created a new key store at ${resolve(path)}.`);
  return store;
}

export function openSession(options: GlobalOptions, env: Env, access: StoreAccess, output: Output): Session {
  const store = openCommandStore(options, env, access, output);
  try {
    const services = createServices(store);
    const presented = env.KEYDESK_API_KEY;
    if (presented !== undefined) {
      const result = services.verifier.verify(presented.trim(), { caller: 'cli' });
      if (!result.ok) {
        throw new KeydeskError('UNAUTHORIZED', [{ field: 'KEYDESK_API_KEY', message: result.message }]);
      }
      const account = store.accounts.byId(result.key.account_id)!;
      if (options.account !== undefined && options.account !== account.name) {
        throw new KeydeskError('FORBIDDEN', [{ field: '--account', message: 'access forbidden' }]);
      }
      const actor = { kind: 'key', keyId: result.key.api_key_id, accountId: account.id, scopes: result.key.scopes } as const;
      return { ...services, caller: { actor, account, via: 'cli' } };
    }
    const name = options.account ?? DEFAULT_ACCOUNT;
    const account = store.accounts.byName(name);
    if (!account) throw notFound(`unknown account "${name}"`, '--account');
    return { ...services, caller: { actor: OWNER, account, via: 'cli' } };
  } catch (error) {
    store.close();
    throw storeFailure(store.db.name, error);
  }
}

/** Runs a command's work on the open store; what SQLite or the disk refuses is said in words, naming the store. */
export function namingStoreFailures<T>(store: Store, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storeFailure(store.db.name, error);
  }
}

export async function namingStoreFailuresAsync<T>(store: Store, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(store.db.name, error);
  }
}
