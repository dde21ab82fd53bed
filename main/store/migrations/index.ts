/**
 * Numbered schema migrations, applied in order inside one transaction and recorded in
 * `PRAGMA user_version`. A database from a newer Keydesk is refused, never downgraded.
 */
import type { Database } from 'better-sqlite3';
import { initial } from './0001-initial.ts';
import { auditHead } from './0002-audit-head.ts';
import { liveKeysByAge } from './0003-live-keys-by-age.ts';
import { auditHeadPerWrite } from './0004-audit-head-per-write.ts';
import { pulledOrigin } from './0005-pulled-origin.ts';
import { issuedKeysByAccount } from './0006-issued-keys-by-account.ts';
import { liveKeysListed } from './0007-live-keys-listed.ts';
import { sealedLeanAuditLog } from './0008-sealed-lean-audit-log.ts';
import { keyringFor, type SealKeyring } from '../seal-keys.ts';

/** What a migration may need beyond the database: where a new seal key is kept. */
export interface MigrationContext {
  readonly keyring: SealKeyring;
}
import { keyAnnotationsAndReviews } from './0009-key-annotations-and-reviews.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database, context: MigrationContext): void;
}

export const MIGRATIONS: readonly Migration[] = [initial, auditHead, liveKeysByAge, auditHeadPerWrite, pulledOrigin, issuedKeysByAccount, liveKeysListed, sealedLeanAuditLog, keyAnnotationsAndReviews];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

// Numbers are handed out across branches ahead of merging, so a branch may skip some; each is
// still larger than the one before it, so every store steps through them in one order.
MIGRATIONS.forEach((migration, i) => {
  if (migration.version <= (MIGRATIONS[i - 1]?.version ?? 0)) throw new Error(`migration ${migration.name} is out of order`);
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
 *
 * Foreign-key enforcement is off while migrations run, and every reference is checked before they
 * commit: SQLite's procedure for changing a table's definition, which rebuilds the table, drops
 * the old one (other tables point at it) and renames the new one into its place. The pragma cannot
 * change inside a transaction, so it is set around it.
 */
export function migrate(db: Database, target = LATEST_VERSION, context: MigrationContext = { keyring: keyringFor(db.name) }): void {
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pendingMigrations(db, target)) {
        migration.up(db, context);
        db.pragma(`user_version = ${migration.version}`);
      }
      const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
      if (dangling.length) {
        const [first] = dangling;
        throw new Error(`${dangling.length} rows of ${first!.table} would point at missing rows of ${first!.parent}`);
      }
    }).immediate();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}
