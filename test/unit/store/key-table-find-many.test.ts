/** Looking up many keys at once (an import's first step): the same records `find` gives, in one statement. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateKeyId } from '../../../main/core/key-format.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

it('finds the keys that exist, deleted ones included, as find does, and nothing for unknown IDs', () => {
  const kept = t.keys.create(t.owner(), { name: 'kept', scopes: ['mail.send'] }).api_key_id;
  const gone = t.keys.create(t.owner(), { name: 'gone', scopes: ['mail.send'] }).api_key_id;
  t.keys.remove(t.owner(), gone);
  const unknown = generateKeyId();

  const found = t.store.keys.findMany([unknown, kept, gone, 'not"an\\id']);
  expect([...found.keys()].sort()).toEqual([kept, gone].sort());
  expect(found.get(kept)).toEqual(t.store.keys.find(kept));
  expect(found.get(gone)).toEqual(t.store.keys.find(gone));
  expect(found.get(gone)?.deleted_at).not.toBeNull();
  expect(t.store.keys.findMany([]).size).toBe(0);
});
