import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { createStore } from '../../../main/store/store.ts';
import { databaseAtSchema, ownerEntry } from '../../helpers/store-files.ts';

const head = (db: Database) => db.prepare('SELECT seq, hash FROM audit_head').get();
const triggers = (db: Database) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'audit_head%' OR name LIKE 'audit_log_moves%' ORDER BY name").pluck().all();

let db: Database;
beforeEach(() => (db = databaseAtSchema(3)));
afterEach(() => db.close());

describe('migration 0004: the audit head moves once per write', () => {
  it('drops the per-row trigger and keeps the guards; appends, one or many, still leave the head on the last row', () => {
    const store = createStore(db);
    store.write(() => store.audit.append(ownerEntry('key.create')));
    migrate(db, 4);
    expect(triggers(db)).toEqual(['audit_head_follows_log', 'audit_head_no_delete']);

    const upgraded = createStore(db);
    const one = upgraded.write(() => upgraded.audit.append(ownerEntry('key.rename')));
    expect(head(db)).toEqual({ seq: 2, hash: one.hash });
    upgraded.write(() => upgraded.audit.appendMany([3, 4, 5].map(() => ownerEntry('key.update'))));
    expect(head(db)).toEqual({ seq: 5, hash: upgraded.audit.headHash() });
    expect(upgraded.audit.verifyChain()).toEqual({ intact: true, rows: 5 });
    // The guard still refuses a head that does not point at the last row.
    expect(() => db.exec('UPDATE audit_head SET seq = 4')).toThrow(/follows the audit log/);
  });

  it('a row appended with raw SQL no longer moves the head, so it shows as added outside Keydesk', () => {
    migrate(db, 4);
    const store = createStore(db);
    const last = store.write(() => store.audit.append(ownerEntry('key.rename')));
    // Chained and hashed as Keydesk would: only the head can tell.
    const hash = createHash('sha256').update(JSON.stringify([last.hash, 2, 'now', 'owner', 'cli', 'forged', 1, null, null, null])).digest('hex');
    db.prepare(`INSERT INTO audit_log (seq, at, actor, via, action, account_id, prev_hash, hash) VALUES (2, 'now', 'owner', 'cli', 'forged', 1, ?, ?)`).run(last.hash, hash);
    expect(head(db)).toEqual({ seq: 1, hash: last.hash });
    expect(store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 2, reason: expect.stringMatching(/added outside Keydesk/) });
  });
});
