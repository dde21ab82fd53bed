import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { databaseAtSchema } from '../../helpers/store-files.ts';

const LIST_NEWEST = 'SELECT id FROM keys WHERE account_id = 1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 100';
const LIST_ALL = 'SELECT id FROM keys WHERE account_id = 1 AND deleted_at IS NULL ORDER BY created_at, id';
const plan = (db: Database, sql: string) => db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail);

let db: Database;
beforeEach(() => (db = databaseAtSchema(2)));
afterEach(() => db.close());

describe('migration 0003: live keys by age', () => {
  it('lets the key list, whole or newest first, be read in order without sorting every key', () => {
    expect(plan(db, LIST_NEWEST).join('; ')).toMatch(/TEMP B-TREE FOR ORDER BY/);
    migrate(db, 3);
    for (const sql of [LIST_NEWEST, LIST_ALL]) {
      const steps = plan(db, sql).join('; ');
      expect(steps).toMatch(/USING INDEX keys_live_by_age/);
      expect(steps).not.toMatch(/TEMP B-TREE/);
    }
  });
});
