import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { createStore } from '../../../main/store/store.ts';
import { OWNER } from '../../../main/services/caller.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { ManualClock } from '../../helpers/temp-store.ts';

const plan = (db: Database, sql: string) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1).map((row) => (row as { detail: string }).detail).join('; ');

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:', { migrate: false });
  migrate(db, 6);
});
afterEach(() => db.close());

describe('migration 0007: live keys listed', () => {
  it('reads the key list, the newest keys and the audit\'s summaries from the index alone', () => {
    const reads = [
      'SELECT id, name, created_at, last_used_by, disabled_at, deleted_at FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id',
      'SELECT id, name, created_at FROM keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 100',
    ];
    for (const sql of reads) expect(plan(db, sql)).not.toMatch(/COVERING INDEX/);
    migrate(db, 7);
    for (const sql of reads) expect(plan(db, sql)).toMatch(/USING COVERING INDEX keys_live_listed/);
    // The key table's own statements prepare and answer over the new index (the one they used is gone).
    const table = createStore(db).keys;
    for (const read of [() => table.listLive(1), () => table.listNewestLive(1, 100), () => table.liveColumns(1), () => table.listLiveSummaries(1)]) {
      expect(read).not.toThrow();
    }
  });

  it('lists the same keys in the same order after the upgrade', () => {
    const store = createStore(db);
    const keys = createKeyService(store, new ManualClock());
    const owner = { actor: OWNER, account: store.accounts.byName('default')!, via: 'cli' as const };
    for (const name of ['c', 'a', 'b']) keys.create(owner, { name, scopes: ['mail.send'] });
    const before = store.keys.listLive(1);
    migrate(db, 7);
    expect(createStore(db).keys.listLive(1)).toEqual(before);
  });
});
