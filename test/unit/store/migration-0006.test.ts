import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { createStore } from '../../../main/store/store.ts';
import { OWNER } from '../../../main/services/caller.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { ManualClock } from '../../helpers/temp-store.ts';

const COUNT_ISSUED = "SELECT count(*) FROM keys WHERE account_id = 1 AND deleted_at IS NULL AND origin = 'issued'";
const plan = (db: Database, sql: string) => db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail).join('; ');

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:', { migrate: false });
  migrate(db, 5);
});
afterEach(() => db.close());

describe('migration 0006: issued keys by account', () => {
  it('counts an account\'s issued keys from an index of them alone, not from every key\'s row', () => {
    expect(plan(db, COUNT_ISSUED)).not.toMatch(/keys_issued_by_account/);
    migrate(db, 6);
    expect(plan(db, COUNT_ISSUED)).toMatch(/USING COVERING INDEX keys_issued_by_account/);
  });

  it('keeps counting what the limit counts: live keys issued here, not imported or deleted ones', () => {
    const store = createStore(db);
    const keys = createKeyService(store, new ManualClock());
    const owner = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
    const before = keys.create(owner, { name: 'made before', scopes: ['mail.send'] });
    migrate(db, 6);
    const after = keys.create(owner, { name: 'made after', scopes: ['mail.send'] });
    keys.create(owner, { name: 'kept', scopes: ['mail.send'] });
    store.write(() => store.keys.insert({ ...store.keys.find(after.api_key_id)!, api_key_id: 'importedimportedimport', origin: 'imported', last4: null }));
    keys.remove(owner, before.api_key_id);
    expect(store.keys.countIssued(owner.account.id)).toBe(2);
    expect(db.prepare(`SELECT count(*) FROM keys INDEXED BY keys_issued_by_account WHERE account_id = 1 AND deleted_at IS NULL AND origin = 'issued'`).pluck().get()).toBe(2);
  });
});
