/** One open key store: the database and the tables over it, shared by every service. */
import type { Database } from 'better-sqlite3';
import { AccountTable } from './account-table.ts';
import { AnnotationTable } from './annotation-table.ts';
import { AuditLog } from './audit-log.ts';
import { openDatabase } from './database.ts';
import { KeyTable } from './key-table.ts';
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

export function createStore(db: Database): Store {
  const keys = new KeyTable(db);
  return {
    db,
    keys,
    accounts: new AccountTable(db),
    audit: new AuditLog(db),
    annotations: new AnnotationTable(db),
    reviews: new ReviewTable(db),
    write: (work) => {
      try {
        return db.transaction(work).immediate();
      } catch (error) {
        keys.forgetCachedScopeSets();
        throw error;
      }
    },
    close: () => db.close(),
  };
}

export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}
