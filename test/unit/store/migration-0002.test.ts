import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../main/store/database.ts';
import { GENESIS_HASH } from '../../../main/store/audit-log.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { createStore, type Store } from '../../../main/store/store.ts';
import type { AuditAction } from '../../../common/records.ts';
import { databaseAtSchema, ownerEntry } from '../../helpers/store-files.ts';

const append = (store: Store, action: AuditAction) => store.write(() => store.audit.append(ownerEntry(action)));
const head = (db: Database) => db.prepare('SELECT seq, hash FROM audit_head').all();

let db: Database;
beforeEach(() => (db = databaseAtSchema(1)));
afterEach(() => db.close());

describe('migration 0002: the audit head', () => {
  it('starts at the last row of a log written under schema 1', () => {
    const before = createStore(db);
    append(before, 'key.create');
    const last = append(before, 'key.rename');
    migrate(db, 2);
    expect(head(db)).toEqual([{ seq: 2, hash: last.hash }]);
    expect(createStore(db).audit.verifyChain()).toEqual({ intact: true, rows: 2 });
  });

  it('starts at the genesis hash when the log is empty', () => {
    migrate(db, 2);
    expect(head(db)).toEqual([{ seq: 0, hash: GENESIS_HASH }]);
    expect(createStore(db).audit.verifyChain()).toEqual({ intact: true, rows: 0 });
  });

  it('moves with every append, and cannot be moved, deleted or doubled by hand', () => {
    migrate(db, 2);
    const store = createStore(db);
    append(store, 'key.create');
    const last = append(store, 'key.rename');
    expect(head(db)).toEqual([{ seq: 2, hash: last.hash }]);
    expect(() => db.exec('UPDATE audit_head SET seq = 1')).toThrow(/follows the audit log/);
    expect(() => db.exec(`UPDATE audit_head SET hash = '${'f'.repeat(64)}'`)).toThrow(/follows the audit log/);
    expect(() => db.exec('DELETE FROM audit_head')).toThrow(/follows the audit log/);
    expect(() => db.exec(`INSERT INTO audit_head (id, seq, hash) VALUES (2, 2, '${last.hash}')`)).toThrow(/CHECK constraint/);
    expect(head(db)).toEqual([{ seq: 2, hash: last.hash }]);
  });
});
