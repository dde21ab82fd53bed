/**
 * Migration 0008: an existing store is sealed and its log goes lean without one row changing, so
 * its chain (and any head written down before the upgrade) still holds; a backup comes first.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAuditIntegrity } from '../../../main/services/audit-integrity.ts';
import { OWNER } from '../../../main/services/caller.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { openDatabase } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { sealedLeanAuditLog } from '../../../main/store/migrations/0008-sealed-lean-audit-log.ts';
import { fileKeyring, SEAL_KEY_FOLDER, type SealKeyring } from '../../../main/store/seal-keys.ts';
import { createStore, openStore, type Store } from '../../../main/store/store.ts';
import { listBackups } from '../../../main/store/backups.ts';
import { ManualClock, tempDir } from '../../helpers/temp-store.ts';

let dir: string;
let path: string;
let keyring: SealKeyring;
beforeEach(() => {
  dir = tempDir();
  path = join(dir, 'keydesk.db');
  keyring = fileKeyring(join(dir, 'config', SEAL_KEY_FOLDER));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const owner = (store: Store) => ({ actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const });

/** A store as Keydesk left it at the schema before this migration: keys created, renamed and rescoped, whole scope lists in its log. */
function storeBeforeSeal(): { rows: unknown[]; head: unknown } {
  const db = openDatabase(path, { migrate: false });
  migrate(db, sealedLeanAuditLog.version - 1);
  const store = createStore(db);
  const keys = createKeyService(store, new ManualClock());
  for (const name of ['one', 'two']) {
    const { api_key_id } = keys.create(owner(store), { name, scopes: ['mail.send', 'stats.read'] });
    keys.replace(owner(store), api_key_id, { name: `${name} v2`, scopes: ['mail.send'] });
  }
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all();
  const head = db.prepare('SELECT seq, hash FROM audit_head').get();
  db.close();
  return { rows, head };
}

const raw = () => new BetterSqlite3(path);

describe('migration 0008: the sealed, lean audit log', () => {
  it('keeps every row as it was, seals the last one and the head, and the chain, the seal and the replay hold', () => {
    const before = storeBeforeSeal();
    expect((before.rows[0] as { after: string }).after).toContain('"scopes":["mail.send","stats.read"]');
    const store = openStore(path, { keyring });
    try {
      const rows = store.db.prepare('SELECT seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash FROM audit_log ORDER BY seq').all();
      expect(rows).toEqual(before.rows);
      expect(store.db.prepare('SELECT seq FROM audit_log WHERE seal IS NOT NULL').pluck().all()).toEqual([4]);
      expect(store.audit.head()).toEqual(before.head);
      const report = checkAuditIntegrity(store, { head: before.head as { seq: number; hash: string } });
      expect(report).toMatchObject({ intact: true, chain: { intact: true, rows: 4 }, seal: { status: 'sealed' }, replay: { consistent: true }, witness: { holds: true } });
      // A backup of the store at the schema before came first, as for every upgrade.
      expect(listBackups(path).map((b) => b.schema_version)).toEqual([sealedLeanAuditLog.version - 1]);
    } finally {
      store.close();
    }
  });

  it('writes after it are lean and sealed, and old and new entries read the same', () => {
    storeBeforeSeal();
    const store = openStore(path, { keyring });
    try {
      const keys = createKeyService(store, new ManualClock());
      keys.create(owner(store), { name: 'three', scopes: ['mail.send', 'stats.read'] });
      const entries = store.audit.list();
      expect(entries[0]!.after).toMatchObject({ name: 'one', scopes: ['mail.send', 'stats.read'] });
      expect(entries[4]!.after).toMatchObject({ name: 'three', scopes: ['mail.send', 'stats.read'] });
      expect(store.db.prepare<[], string>('SELECT after FROM audit_log WHERE seq = 5').pluck().get()).toMatch(/"scopes":"[0-9a-f]{64}"/);
      expect(store.db.prepare('SELECT seq FROM audit_log WHERE seal IS NOT NULL').pluck().all()).toEqual([4, 5]);
      expect(checkAuditIntegrity(store)).toMatchObject({ intact: true, seal: { status: 'sealed' } });
    } finally {
      store.close();
    }
  });

  it('makes the store an id and a key (kept in the keyring, never in the store), and seals an empty log too', () => {
    const db = openDatabase(path, { migrate: false });
    migrate(db, sealedLeanAuditLog.version - 1);
    migrate(db, sealedLeanAuditLog.version, { keyring });
    const { store_id } = db.prepare<[], { store_id: string }>('SELECT store_id FROM audit_seal').get()!;
    expect(store_id).toMatch(/^[0-9a-f]{32}$/);
    expect(keyring.read(store_id)).toHaveLength(32);
    const store = createStore(db, keyring);
    expect(store.audit.checkSeal()).toEqual({ status: 'sealed' });
    db.close();
  });

  it('a head moved by hand before the upgrade stays unsealed, and the upgrade still opens the store to show it', () => {
    storeBeforeSeal();
    const db = raw();
    db.exec(`DROP TRIGGER audit_head_follows_log; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)`);
    db.close();
    const store = openStore(path, { keyring });
    try {
      expect(store.db.prepare('SELECT seal FROM audit_head').pluck().get()).toBeNull();
      const report = checkAuditIntegrity(store);
      expect(report.chain).toMatchObject({ intact: false, brokenAt: 4 });
      expect(report.seal).toMatchObject({ status: 'broken', brokenAt: null });
    } finally {
      store.close();
    }
  });

  it('an upgrade that fails takes its key back: no key is left that no store names', () => {
    storeBeforeSeal();
    const db = raw();
    // Fails after the key is made: sealing the last row.
    db.exec("CREATE TRIGGER stop BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'stopped'); END");
    db.close();
    expect(() => openStore(path, { keyring })).toThrow(/upgrading its schema failed \(stopped\)/);
    expect(readdirSync(join(dir, 'config', SEAL_KEY_FOLDER), { withFileTypes: false }).filter((f) => String(f).endsWith('.key'))).toEqual([]);
  });
});
