/**
 * Numbered schema migrations, applied in order inside one transaction and recorded in
 * `PRAGMA user_version`. A database from a newer Keydesk is refused, never downgraded.
 */
import type { Database } from 'better-sqlite3';
import { initial } from './0001-initial.ts';
import { auditHead } from './0002-audit-head.ts';
import { liveKeysByAge } from './0003-live-keys-by-age.ts';
import { auditHeadPerWrite } from './0004-audit-head-per-write.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [initial, auditHead, liveKeysByAge, auditHeadPerWrite];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

MIGRATIONS.forEach((migration, i) => {
  if (migration.version !== i + 1) throw new Error(`migration ${migration.name} is out of order`);
});

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrations still to run on this database, in order. */
export function pendingMigrations(db: Database, target = LATEST_VERSION): Migration[] {
  const current = schemaVersion(db);
  return MIGRATIONS.filter((m) => m.version > current && m.version <= target);
}

/**
 * Brings the schema up to `target` (the latest by default). Runs under an immediate
 * transaction so two processes opening a new database at once migrate it exactly once.
 */
export function migrate(db: Database, target = LATEST_VERSION): void {
  db.transaction(() => {
    for (const migration of pendingMigrations(db, target)) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
