import { afterEach, beforeEach, expect, it } from 'vitest';
import { accountsByName, ACCOUNTS_STALE_MS } from '../../../main/store/accounts-by-name.ts';
import { createAccountService } from '../../../main/services/accounts.ts';
import { openStore, type Store } from '../../../main/store/store.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let temp: TempStore;
let other: Store;
let ms: number;
beforeEach(() => {
  temp = openTempStore();
  other = openStore(temp.path); // a second connection: the CLI or the local API
  ms = 1_000;
});
afterEach(() => {
  other.close();
  temp.close();
});

const lookup = () => accountsByName(temp.store.db, temp.store.accounts, { now: () => ms });

it("sees this connection's own account changes on the very next call", () => {
  const accounts = lookup();
  temp.accounts.create(temp.owner(), { name: 'Acme', parent: null });
  const acme = accounts.get('Acme')!;
  expect(acme.name).toBe('Acme');

  temp.accounts.rename(temp.owner(), 'Acme', 'Acme Growth');
  expect(accounts.get('Acme')).toBeUndefined();
  expect(accounts.get('Acme Growth')).toMatchObject({ id: acme.id, name: 'Acme Growth' });

  temp.accounts.setPolicy(temp.owner(), 'Acme Growth', 30);
  expect(accounts.get('Acme Growth')!.max_key_lifetime_days).toBe(30);

  temp.accounts.remove(temp.owner(), 'Acme Growth', { force: false });
  expect(accounts.get('Acme Growth')).toBeUndefined();
});

it('does not keep a name that was not found, nor an account whose creation was rolled back', () => {
  const accounts = lookup();
  expect(accounts.get('Later')).toBeUndefined();
  temp.accounts.create(temp.owner(), { name: 'Later', parent: null });
  expect(accounts.get('Later')?.name).toBe('Later');

  expect(() =>
    temp.store.write(() => {
      temp.store.accounts.insert('Undone', null, '2026-01-01T00:00:00.000Z');
      expect(accounts.get('Undone')?.name).toBe('Undone');
      throw new Error('the write fails');
    }),
  ).toThrow('the write fails');
  expect(accounts.get('Undone')).toBeUndefined();
});

it("sees another connection's rename or deletion once staleMs has passed, and not before", () => {
  const accounts = lookup();
  temp.accounts.create(temp.owner(), { name: 'Acme', parent: null });
  const acme = accounts.get('Acme')!;
  ms += ACCOUNTS_STALE_MS;
  expect(accounts.get('Acme')).toBe(acme); // the look at other connections was due, and found nothing new

  const cli = createAccountService(other, temp.clock);
  cli.rename(temp.owner('default', 'cli'), 'Acme', 'Acme Growth');
  ms += ACCOUNTS_STALE_MS - 1;
  expect(accounts.get('Acme')).toBe(acme); // within the bound: still the record read before
  ms += 1;
  expect(accounts.get('Acme')).toBeUndefined();
  expect(accounts.get('Acme Growth')?.id).toBe(acme.id);

  cli.remove(temp.owner('default', 'cli'), 'Acme Growth', { force: false });
  ms += ACCOUNTS_STALE_MS;
  expect(accounts.get('Acme Growth')).toBeUndefined();
});

it('hands out records that cannot be changed in place', () => {
  const account = lookup().get('default')!;
  expect(() => Object.assign(account, { name: 'changed' })).toThrow(TypeError);
});
