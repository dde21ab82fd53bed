import { afterEach, beforeEach, expect, it } from 'vitest';
import { OWNER } from '../../../main/services/caller.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { openStore, type Store } from '../../../main/store/store.ts';
import { ManualClock, openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
let other: Store;
beforeEach(() => {
  t = openTempStore();
  other = openStore(t.path); // a second process, say the CLI
});
afterEach(() => {
  other.close();
  t.close();
});

it('a scope set interned by a rolled-back transaction is forgotten: its id may go to another set', () => {
  // The app interns ["alerts.read"] in a transaction that then fails.
  expect(() =>
    t.store.write(() => {
      t.keys.create(t.owner(), { name: 'never committed', scopes: ['alerts.read'] });
      throw new Error('disk full, say');
    }),
  ).toThrow('disk full');
  // Meanwhile the CLI commits another set, which takes the id the failed transaction had used.
  const cli = createKeyService(other, new ManualClock());
  const cliKey = cli.create({ actor: OWNER, account: other.accounts.byName('default')!, via: 'cli' }, { name: 'cli', scopes: ['billing.read'] });

  // The app's next key with ["alerts.read"] must get those scopes, not the CLI's.
  const appKey = t.keys.create(t.owner(), { name: 'app', scopes: ['alerts.read'] });
  expect(other.keys.find(appKey.api_key_id)!.scopes).toEqual(['alerts.read']);
  expect(other.keys.find(cliKey.api_key_id)!.scopes).toEqual(['billing.read']);
});

it('so is one known by its frozen array: the same array interned again after the rollback gets the id its set now has', () => {
  // An import hands the store one frozen array per distinct list; the same array may come again.
  const scopes = Object.freeze(['alerts.read']);
  const record = (name: string) => ({ ...t.keys.create(t.owner(), { name, scopes: ['mail.send'] }), scopes });
  const first = record('first');
  expect(() =>
    t.store.write(() => {
      t.store.keys.update(first.api_key_id, { scopes });
      throw new Error('disk full, say');
    }),
  ).toThrow('disk full');
  const cli = createKeyService(other, new ManualClock());
  cli.create({ actor: OWNER, account: other.accounts.byName('default')!, via: 'cli' }, { name: 'cli', scopes: ['billing.read'] });

  t.store.write(() => t.store.keys.update(first.api_key_id, { scopes }));
  expect(other.keys.find(first.api_key_id)!.scopes).toEqual(['alerts.read']);
});
