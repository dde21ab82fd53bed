/**
 * The account channels (`accounts:list|create|rename|delete|policy`) through main's real
 * dispatcher and handlers over a temp store: counts per account, subusers, the guarded delete and
 * the lifetime policy, each change audit-logged, bad payloads refused before any handler.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { callAsApp, okAsApp, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';
import { snapshot } from '../../helpers/temp-store.ts';
import type { AccountSummary, PolicyChange } from '../../../common/accounts.ts';
import type { CreatedKey } from '../../../common/key-results.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const call = (channel: string, input?: unknown) => callAsApp(host, channel, input);

const ok = <T,>(channel: string, input?: unknown) => okAsApp<T>(host, channel, input);

it('lists every account with its parent and its key counts against its own limit', async () => {
  await ok('accounts:create', { name: 'Acme' });
  await ok('accounts:create', { name: 'Acme EU', parent: 'Acme' });
  await ok('keys:create', { account: 'Acme EU', name: 'eu mailer' });
  await ok('keys:create', { account: 'Acme EU', name: 'eu stats', scopes: ['stats.read'] });
  await ok('keys:create', { name: 'default key' });

  const list = await ok<AccountSummary[]>('accounts:list');
  expect(list.map(({ name, parent_name, keys, issued_keys, key_limit }) => ({ name, parent_name, keys, issued_keys, key_limit }))).toEqual([
    { name: 'default', parent_name: null, keys: 1, issued_keys: 1, key_limit: 100 },
    { name: 'Acme', parent_name: null, keys: 0, issued_keys: 0, key_limit: 100 },
    { name: 'Acme EU', parent_name: 'Acme', keys: 2, issued_keys: 2, key_limit: 100 },
  ]);
  expect(list[2]!.parent_id).toBe(list[1]!.id);
});

it('refuses a duplicate name and a subuser of a subuser, naming the field', async () => {
  await ok('accounts:create', { name: 'Acme' });
  await ok('accounts:create', { name: 'Acme EU', parent: 'Acme' });
  const before = snapshot(host.store);
  expect(await call('accounts:create', { name: 'acme' })).toEqual({
    ok: false,
    code: 'CONFLICT',
    errors: [{ field: 'name', message: 'an account named "Acme" already exists' }],
  });
  expect(await call('accounts:create', { name: 'Acme EU West', parent: 'Acme EU' })).toMatchObject({
    ok: false,
    errors: [{ field: 'parent', message: '"Acme EU" is a subuser; a subuser cannot have subusers' }],
  });
  expect(await call('accounts:create', { name: '' })).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'name' }] });
  expect(snapshot(host.store)).toEqual(before);
});

it('renames an account (never "default") and audits it', async () => {
  await ok('accounts:create', { name: 'Acme' });
  expect(await ok<AccountSummary>('accounts:rename', { account: 'Acme', name: 'Acme Corp' })).toMatchObject({ name: 'Acme Corp' });
  expect(await call('accounts:rename', { account: 'default', name: 'main' })).toMatchObject({
    ok: false,
    code: 'CONFLICT',
    errors: [{ field: 'account', message: expect.stringContaining('cannot be renamed') }],
  });
  const renamed = host.store.accounts.byName('Acme Corp')!;
  expect(host.store.audit.list({ accountId: renamed.id }).map((e) => e.action)).toEqual(['account.create', 'account.rename']);
});

it('refuses to delete an account that has keys, saying how many, unless forced; forced, its keys go too', async () => {
  await ok('accounts:create', { name: 'Acme' });
  const keys = [
    await ok<CreatedKey>('keys:create', { account: 'Acme', name: 'one' }),
    await ok<CreatedKey>('keys:create', { account: 'Acme', name: 'two' }),
  ];
  const before = snapshot(host.store);
  expect(await call('accounts:delete', { account: 'Acme' })).toEqual({
    ok: false,
    code: 'CONFLICT',
    errors: [{ field: 'account', message: 'account "Acme" still has 2 keys; delete them first, or force the deletion to delete them too' }],
  });
  expect(snapshot(host.store)).toEqual(before);

  const id = host.store.accounts.byName('Acme')!.id;
  const { deleted_keys } = await ok<{ deleted_keys: string[] }>('accounts:delete', { account: 'Acme', force: true });
  expect([...deleted_keys].sort()).toEqual(keys.map((k) => k.api_key_id).sort());
  expect(host.store.accounts.byName('Acme')).toBeUndefined();
  for (const key of keys) expect(host.verifier.verify(key.api_key).ok).toBe(false);
  expect(host.store.audit.list({ accountId: id }).map((e) => e.action)).toEqual(['account.create', 'key.create', 'key.create', 'key.delete', 'key.delete', 'account.delete']);
});

it('sets and clears the lifetime policy, reporting the keys it does not cover yet', async () => {
  const key = await ok<CreatedKey>('keys:create', { name: 'forever' });
  const change = await ok<PolicyChange>('accounts:policy', { account: 'default', max_key_lifetime_days: 90 });
  expect(change).toMatchObject({ account: { name: 'default', max_key_lifetime_days: 90 }, keys_beyond_policy: [key.api_key_id] });
  expect(await ok<PolicyChange>('accounts:policy', { account: 'default', max_key_lifetime_days: null })).toMatchObject({
    account: { max_key_lifetime_days: null },
    keys_beyond_policy: [],
  });
  expect(host.store.audit.list({ accountId: 1 }).filter((e) => e.action === 'account.policy')).toHaveLength(2);
});

it('validates policy days and account names before any handler runs', async () => {
  const before = snapshot(host.store);
  for (const [channel, input] of [
    ['accounts:policy', { account: 'default', max_key_lifetime_days: 0 }],
    ['accounts:policy', { account: 'default', max_key_lifetime_days: 3651 }],
    ['accounts:policy', { account: 'default', max_key_lifetime_days: 1.5 }],
    ['accounts:policy', { account: 'default' }],
    ['accounts:delete', { account: 'default', force: 'yes' }],
    ['accounts:rename', { name: 'x' }],
    ['accounts:create', { name: 'x', parent: '' }],
  ] as const) {
    expect(await call(channel, input), `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  }
  expect(host.handlerCalls).toEqual([]);
  expect(snapshot(host.store)).toEqual(before);
});

it('accounts are the owner\'s: a key acting through the app lists and changes none', async () => {
  const keyHost = openIpcHost({ actor: { kind: 'key', keyId: 'full', accountId: 1, scopes: ['api_keys.read', 'api_keys.create', 'subusers.create', 'subusers.read', 'subusers.update', 'subusers.delete'] } });
  try {
    const before = snapshot(keyHost.store);
    for (const [channel, input] of [
      ['accounts:list', undefined],
      ['accounts:create', { name: 'x' }],
      ['accounts:rename', { account: 'default', name: 'y' }],
      ['accounts:delete', { account: 'default' }],
      ['accounts:policy', { account: 'default', max_key_lifetime_days: 30 }],
    ] as const) {
      expect(await callAsApp(keyHost, channel, input), channel).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(snapshot(keyHost.store)).toEqual(before);
  } finally {
    keyHost.close();
  }
});
