/**
 * Migration 0005 rebuilds the keys table so `origin` may say 'pulled'. Every row, secret and index
 * comes through unchanged, the references into it still hold, the store is backed up first (as
 * before every upgrade), and the audit log's replay still matches the tables afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { OWNER } from '../../../main/services/caller.ts';
import { checkAuditIntegrity } from '../../../main/services/audit-integrity.ts';
import { createKeyLifecycleService } from '../../../main/services/key-lifecycle.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { listBackups } from '../../../main/store/backups.ts';
import { APPLICATION_ID, openDatabase, type Database } from '../../../main/store/database.ts';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../main/store/migrations/index.ts';
import { createStore, openStore } from '../../../main/store/store.ts';
import { databaseAtSchema } from '../../helpers/store-files.ts';
import { ManualClock, tempStoreFile } from '../../helpers/temp-store.ts';

const rows = (db: Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
const schemaOf = (db: Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'keys' AND type = 'index' AND sql IS NOT NULL ORDER BY name").all();

let path: string;

/** A store at schema 4 holding an issued key, a rolled one (with a retired secret) and a deleted one. */
function storeAtSchema4(): void {
  const db = databaseAtSchema(4, path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  const store = createStore(db);
  const clock = new ManualClock();
  const keys = createKeyService(store, clock);
  const caller = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
  keys.create(caller, { name: 'plain', scopes: ['mail.send'] });
  const rolled = keys.create(caller, { name: 'rolled', scopes: ['stats.read'] });
  createKeyLifecycleService(store, clock).roll(caller, rolled.api_key_id, { grace_ms: 3_600_000 });
  keys.remove(caller, keys.create(caller, { name: 'gone' }).api_key_id);
  store.close();
}

beforeEach(() => {
  path = tempStoreFile().path;
  storeAtSchema4();
});

describe('migration 0005: origin may be "pulled"', () => {
  it('keeps every key row, retired secret and index exactly, behind a backup, and the audit replay still agrees', () => {
    const old = openDatabase(path, { migrate: false });
    const before = { keys: rows(old, 'keys'), retired: rows(old, 'retired_secrets'), indexes: schemaOf(old) };
    old.close();
    expect(before.retired).toHaveLength(1);

    const store = openStore(path);
    try {
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(rows(store.db, 'keys')).toEqual(before.keys);
      expect(rows(store.db, 'retired_secrets')).toEqual(before.retired);
      expect(schemaOf(store.db)).toEqual(before.indexes);
      expect(listBackups(path).map((b) => b.schema_version)).toEqual([4]);
      expect(checkAuditIntegrity(store)).toMatchObject({ intact: true });
      // Foreign keys are enforced again once the upgrade is done.
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() => store.db.prepare("INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES ('nobody', zeroblob(32), 'x')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  it('accepts "pulled" as an origin, and still refuses anything else', () => {
    const store = openStore(path);
    try {
      const insert = (id: string, origin: string) =>
        store.db
          .prepare(`INSERT INTO keys (id, account_id, name, access_type, scope_set_id, origin, created_at, updated_at) VALUES (?, 1, 'k', 'restricted', 1, ?, 'now', 'now')`)
          .run(id, origin);
      expect(() => insert('pulledpulledpulledpull', 'pulled')).not.toThrow();
      expect(() => insert('strangestrangestranges', 'found on the street')).toThrow(/CHECK constraint/);
    } finally {
      store.close();
    }
  });

  it('a migration that would leave a reference dangling is refused whole, and the store stays at its old schema', () => {
    // A retired secret whose key row is missing: legal while enforcement was off, refused by the check.
    const raw = openDatabase(path, { migrate: false });
    raw.pragma('foreign_keys = OFF');
    raw.prepare("INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES ('orphan', zeroblob(32), 'x')").run();
    expect(() => migrate(raw)).toThrow(/retired_secrets would point at missing rows of keys/);
    expect(schemaVersion(raw)).toBe(4);
    raw.close();
  });
});
