/**
 * The key list as the window gets it (`KeyTable.liveColumns`: columns written as JSON by SQLite)
 * holds exactly the records `listLive` and `listNewestLive` return, in their order, whatever order
 * the rows were written in, and names of any shape survive SQLite's JSON writer.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { keyRecordsOf } from '../../../common/key-list.ts';
import { generateKeyId } from '../../../main/core/key-format.ts';
import { addAccount, openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const HOSTILE = ['quote " and \\ backslash', 'ünïcödé ✓ 名前', '=HYPERLINK("x")', 'tab\tand line\u2028sep', '😀 emoji'];

/** Imported and pulled keys written straight to the table, newest first, so table order and list order differ. */
function insertOutOfOrder(count: number, accountId: number): void {
  t.store.write(() => {
    for (let i = count - 1; i >= 0; i--) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, i % 7 === 0 ? 0 : i)).toISOString(); // some share a time: the ID breaks the tie
      t.store.keys.insert({
        api_key_id: generateKeyId(), account_id: accountId, name: HOSTILE[i % HOSTILE.length]! + ` ${i}`,
        access_type: i % 2 ? 'restricted' : 'full', scopes: i % 3 ? ['mail.send'] : ['stats.read', 'mail.send'],
        origin: i % 2 ? 'imported' : 'pulled', last4: null, created_at: at, updated_at: at, last_used_at: i % 4 ? null : at, last_used_by: i % 4 ? null : 'ci',
        expires_at: i % 5 ? null : '2099-01-01T00:00:00.000Z', disabled_at: i % 6 ? null : at, deleted_at: null,
      });
    }
  });
}

it('holds the records listLive returns, in its order, each scope set once', () => {
  addAccount(t.store, 'other');
  const accountId = t.owner().account.id;
  insertOutOfOrder(60, accountId);
  insertOutOfOrder(5, t.owner('other').account.id);
  const issued = t.keys.create(t.owner(), { name: 'issued here', scopes: ['alerts.read'] });
  t.verifier.verify(issued.api_key, { caller: 'worker' });
  const gone = t.keys.create(t.owner(), { name: 'deleted', scopes: ['mail.send'] });
  t.keys.remove(t.owner(), gone.api_key_id);

  const columns = t.store.keys.liveColumns(accountId).parse();
  expect(keyRecordsOf(columns)).toEqual(t.store.keys.listLive(accountId));
  expect(columns.api_key_id).toHaveLength(61);
  const held = new Set(t.store.keys.listLive(accountId).map((k) => k.scopes.join(',')));
  expect(Object.values(columns.scope_sets).map((s) => s.join(',')).sort()).toEqual([...held].sort());
  expect(held.size).toBe(3);
});

it('holds the newest keys listNewestLive returns, newest first', () => {
  const accountId = t.owner().account.id;
  insertOutOfOrder(40, accountId);
  expect(keyRecordsOf(t.store.keys.liveColumns(accountId, 10).parse())).toEqual(t.store.keys.listNewestLive(accountId, 10));
});

it('is empty columns for an account without keys', () => {
  const columns = t.store.keys.liveColumns(t.owner().account.id).parse();
  expect(columns).toMatchObject({ account_id: t.owner().account.id, scope_sets: {}, api_key_id: [], name: [], created_at: [] });
  expect(keyRecordsOf(columns)).toEqual([]);
});

it('sends four characters a key for the last four, and none for a value that is not four of a key\'s characters', () => {
  const accountId = t.owner().account.id;
  const issued = t.keys.create(t.owner(), { name: 'issued', scopes: ['mail.send'] });
  t.clock.advance(1000);
  const odd = t.keys.create(t.owner(), { name: 'odd', scopes: ['mail.send'] });
  t.clock.advance(1000);
  // Written by hand: nothing Keydesk writes looks like this, and it must not shift the keys after it.
  t.store.db.prepare('UPDATE keys SET last4 = ? WHERE id = ?').run('ü?', odd.api_key_id);
  const after = t.keys.create(t.owner(), { name: 'after', scopes: ['mail.send'] });
  const columns = t.store.keys.liveColumns(accountId).parse();
  expect(columns.last4).toBe(`${issued.api_key.slice(-4)}....${after.api_key.slice(-4)}`);
  expect(keyRecordsOf(columns).map((k) => k.last4)).toEqual([issued.api_key.slice(-4), null, after.api_key.slice(-4)]);
});
