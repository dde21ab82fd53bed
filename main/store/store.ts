/** One open key store: the database and the tables over it, shared by every service. */
import type { Database } from 'better-sqlite3';
import { AccountTable } from './account-table.ts';
import { AnnotationTable } from './annotation-table.ts';
import { AuditLog } from './audit-log.ts';
import { openDatabase } from './database.ts';
import { KeyTable } from './key-table.ts';
import { keyringFor, type SealKeyring } from './seal-keys.ts';
import { ReviewTable } from './review-table.ts';

export interface Store {
  readonly db: Database;
  readonly keys: KeyTable;
  readonly accounts: AccountTable;
  readonly audit: AuditLog;
  readonly annotations: AnnotationTable;
  readonly reviews: ReviewTable;
  /** Runs `work` as one immediate write transaction: all of it commits, or none of it. */
  write<T>(work: () => T): T;
  close(): void;
}

/** `keyring`: where the store's seal key is found (default: the user's config area, see seal-keys.ts). */
export function createStore(db: Database, keyring: SealKeyring = keyringFor(db.name)): Store {
  const keys = new KeyTable(db);
  // One transaction function for every write: better-sqlite3 builds four wrappers for each
  // `db.transaction` call, which a single create would otherwise pay for.
  const inTransaction = db.transaction((work: () => unknown) => work());
  return {
    db,
    keys,
    accounts: new AccountTable(db),
    audit: new AuditLog(db, keyring),
    annotations: new AnnotationTable(db),
    reviews: new ReviewTable(db),
    write: <T>(work: () => T): T => {
      try {
        return inTransaction.immediate(work) as T;
      } catch (error) {
        keys.forgetCachedScopeSets();
        throw error;
      }
    },
    close: () => db.close(),
  };
}

export interface StoreOptions {
  readonly keyring?: SealKeyring;
}

export function openStore(path: string, { keyring = keyringFor(path) }: StoreOptions = {}): Store {
  return createStore(openDatabase(path, { keyring }), keyring);
}
