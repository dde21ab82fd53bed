/** Interned scope sets: arrays are recognised by identity only when they cannot change. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateKeyId } from '../../../main/core/key-format.ts';
import type { KeyRecord } from '../../../common/records.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const record = (scopes: readonly string[]): KeyRecord => ({
  api_key_id: generateKeyId(),
  account_id: 1,
  name: 'k',
  access_type: 'restricted',
  scopes,
  origin: 'imported',
  last4: null,
  created_at: '2026-01-15T09:00:00.000Z',
  updated_at: '2026-01-15T09:00:00.000Z',
  last_used_at: null,
  last_used_by: null,
  expires_at: null,
  disabled_at: null,
  deleted_at: null,
});
const setCount = () => t.store.db.prepare('SELECT count(*) AS n FROM scope_sets').get() as { n: number };

it('stores what an array holds when inserted, even if the caller changes it afterwards', () => {
  const scopes = ['mail.send'];
  const first = record(scopes);
  t.store.write(() => t.store.keys.insert(first));
  scopes.push('stats.read');
  const second = record(scopes);
  t.store.write(() => t.store.keys.insert(second));

  expect(t.store.keys.find(first.api_key_id)!.scopes).toEqual(['mail.send']);
  expect(t.store.keys.find(second.api_key_id)!.scopes).toEqual(['mail.send', 'stats.read']);
});

it('shares one set between keys made from the array the store handed out', () => {
  const first = record(['alerts.read']);
  t.store.write(() => t.store.keys.insert(first));
  const handedOut = t.store.keys.find(first.api_key_id)!.scopes;
  expect(Object.isFrozen(handedOut)).toBe(true);
  const before = setCount().n;
  const second = record(handedOut);
  t.store.write(() => t.store.keys.insert(second));
  expect(setCount().n).toBe(before);
  expect(t.store.keys.find(second.api_key_id)!.scopes).toBe(handedOut);
});
