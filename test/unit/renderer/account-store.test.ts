/**
 * The renderer's current account over the real preload API factory and main's real dispatcher
 * (a temp store): key calls name it, switching loads that account's keys and is remembered in
 * `lastAccount`, and a rename or deletion (here or by another client) keeps the window on a real account.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKeydeskApi } from '../../../preload/api.ts';
import { accountTree } from '../../../renderer/stores/account-store.ts';
import { createStores, loadStores, type Stores } from '../../../renderer/stores/stores.ts';
import { openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const storesOver = (h: IpcHost) =>
  createStores(createKeydeskApi({ invoke: (channel, input) => h.invokeOverWire(channel, input), subscribe: () => () => undefined }));

const names = (stores: Stores) => stores.keys.getState().keys.map((k) => k.name);
const lastAccount = () => host.handlers['settings:get'](undefined) as { lastAccount: string };

it('starts on the remembered account; switching shows that account\'s keys and is remembered', async () => {
  host.accounts.create(host.owner(), { name: 'marketing' });
  host.keys.create(host.owner(), { name: 'default key' });
  host.keys.create(host.owner('marketing'), { name: 'marketing key' });
  await host.handlers['settings:set']({ lastAccount: 'marketing' });

  const stores = storesOver(host);
  expect(await loadStores(stores)).toBe(true);
  expect(stores.account.getState()).toMatchObject({ current: 'marketing', summary: { name: 'marketing', issued_keys: 1 } });
  expect(names(stores)).toEqual(['marketing key']);

  await stores.account.getState().switchTo('default');
  await expect.poll(() => names(stores)).toEqual(['default key']);
  await expect.poll(() => lastAccount().lastAccount).toBe('default');
});

it('a remembered account that no longer exists falls back to "default"', async () => {
  await host.handlers['settings:set']({ lastAccount: 'gone' });
  host.keys.create(host.owner(), { name: 'default key' });
  const stores = storesOver(host);
  await loadStores(stores);
  expect(stores.account.getState().current).toBe('default');
  expect(names(stores)).toEqual(['default key']);
});

it('every key call names the current account', async () => {
  host.accounts.create(host.owner(), { name: 'marketing' });
  const stores = storesOver(host);
  await loadStores(stores);
  await stores.account.getState().switchTo('marketing');
  const created = await stores.keys.getState().create({ name: 'made in marketing', expires_at: '2026-03-01' });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const marketing = host.store.accounts.byName('marketing')!;
  expect(host.store.keys.find(created.data.api_key_id)).toMatchObject({ account_id: marketing.id, expires_at: '2026-03-01T00:00:00.000Z' });

  const id = created.data.api_key_id;
  for (const result of [
    await stores.keys.getState().disable(id),
    await stores.keys.getState().enable(id),
    await stores.keys.getState().setExpiry(id, null),
    await stores.keys.getState().bulk({ action: 'disable', api_key_ids: [id] }),
  ]) {
    expect(result.ok).toBe(true);
  }
  const rolled = await stores.keys.getState().roll(id, 'now');
  expect(rolled.ok && rolled.data.api_key_id).toBe(id);
  expect(host.store.audit.list({ accountId: marketing.id }).map((e) => e.action)).toEqual([
    'account.create',
    'key.create',
    'key.disable',
    'key.enable',
    'key.expire',
    'key.disable',
    'key.roll',
  ]);
  // The store never keeps the rolled secret.
  expect(JSON.stringify(stores.keys.getState())).not.toContain(rolled.ok ? rolled.data.api_key.split('.')[2] : '-');
});

it('a renamed current account stays current under its new name; a deleted one gives way to its parent', async () => {
  host.accounts.create(host.owner(), { name: 'Acme' });
  host.accounts.create(host.owner(), { name: 'Acme EU', parent: 'Acme' });
  host.keys.create(host.owner('Acme EU'), { name: 'eu key' });
  const stores = storesOver(host);
  await loadStores(stores);
  await stores.account.getState().switchTo('Acme EU');

  // Renamed by another client (the CLI), noticed on the next refresh.
  host.accounts.rename(host.owner(), 'Acme EU', 'Acme Europe');
  await stores.account.getState().refresh();
  expect(stores.account.getState().current).toBe('Acme Europe');
  await expect.poll(() => lastAccount().lastAccount).toBe('Acme Europe');
  await expect.poll(() => names(stores)).toEqual(['eu key']);

  const refused = await stores.account.getState().remove(false);
  expect(refused).toMatchObject({ ok: false, code: 'CONFLICT' });
  expect(stores.account.getState().current).toBe('Acme Europe');
  expect(await stores.account.getState().remove(true)).toMatchObject({ ok: true });
  expect(stores.account.getState().current).toBe('Acme');
  await expect.poll(() => names(stores)).toEqual([]);

  // Deleted underneath the app: back to "default".
  host.accounts.remove(host.owner(), 'Acme');
  await stores.account.getState().refresh();
  expect(stores.account.getState().current).toBe('default');
});

it('lists subusers under their parent', async () => {
  host.accounts.create(host.owner(), { name: 'Acme' });
  host.accounts.create(host.owner(), { name: 'Zeta' });
  host.accounts.create(host.owner(), { name: 'Acme EU', parent: 'Acme' });
  const stores = storesOver(host);
  await loadStores(stores);
  expect(accountTree(stores.account.getState().accounts).map(({ account, depth }) => `${'  '.repeat(depth)}${account.name}`)).toEqual([
    'default',
    'Acme',
    '  Acme EU',
    'Zeta',
  ]);
});
