/** Batched audit appends: the same rows, the same hash chain, as one append per entry; one seal per write. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NewAuditEntry } from '../../../main/store/audit-log.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let one: TempStore;
let many: TempStore;
beforeEach(() => {
  one = openTempStore();
  many = openTempStore();
});
afterEach(() => {
  one.close();
  many.close();
});

const scopes = Object.freeze(['mail.send', 'stats.read']);
/** Names snapshotJson must escape exactly as JSON.stringify does, or the chain will not verify. */
const names = ['plain', 'a "quoted" name', 'back\\slash', 'line\u2028separator', 'emoji 🔑 and é'];
const entries: NewAuditEntry[] = Array.from({ length: 5 }, (_, i) => ({
  at: '2026-01-15T09:00:00.000Z',
  actor: 'owner',
  via: 'cli',
  action: 'key.import',
  account_id: 1,
  key_id: `key-${i}`,
  before: i % 2 ? { name: `old ${names[i]}`, scopes } : null,
  after: { name: names[i]!, scopes, disabled: false, expires_at: null, gone: undefined },
}));

it('appendMany writes the rows and hashes that one append per entry writes, after what is there', () => {
  // verifyChain recomputes every hash from the stored text: appended hashes must match it exactly.
  for (const t of [one, many]) t.store.write(() => t.store.audit.append({ ...entries[0]!, action: 'key.create' }));
  one.store.write(() => entries.forEach((entry) => one.store.audit.append(entry)));
  many.store.write(() => many.store.audit.appendMany(entries));

  // Each store has its own seal key, so the seals are compared by where they are, not by value.
  const rows = (t: TempStore) => t.store.db.prepare('SELECT seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash FROM audit_log ORDER BY seq').all();
  expect(rows(many)).toEqual(rows(one));
  expect(rows(many)).toHaveLength(6);
  const sealed = (t: TempStore) => t.store.db.prepare<[], number>('SELECT seq FROM audit_log WHERE seal IS NOT NULL ORDER BY seq').pluck().all();
  expect(sealed(one)).toEqual([1, 2, 3, 4, 5, 6]);
  // One write, one seal, on its last row: the chain ties the others to it.
  expect(sealed(many)).toEqual([1, 6]);
  expect(many.store.audit.checkSeal()).toEqual({ status: 'sealed' });
  expect(many.store.audit.verifyChain()).toEqual({ intact: true, rows: 6 });
  expect(many.store.audit.list()[3]).toMatchObject({ key_id: 'key-2', after: { name: names[2], scopes: ['mail.send', 'stats.read'] } });
});

it('appendMany refuses to run outside a write transaction', () => {
  expect(() => many.store.audit.appendMany(entries)).toThrow(/inside a write transaction/);
  expect(many.store.audit.list()).toEqual([]);
});
