/**
 * The renderer's key store over the real preload API factory and main's real dispatcher and
 * handlers (a temp store): loads coalesce, actions refresh the list, and no secret is ever kept.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKeydeskApi } from '../../../preload/api.ts';
import { createStores, loadStores } from '../../../renderer/stores/stores.ts';
import { appFrame, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const storesOver = (h: IpcHost) =>
  createStores(createKeydeskApi({ invoke: (channel, input) => h.ipc.invoke(channel, appFrame, input), subscribe: () => () => undefined }));

it('coalesces a burst of refreshes into at most two loads', async () => {
  const stores = storesOver(host);
  await Promise.all(Array.from({ length: 10 }, () => stores.keys.getState().refresh()));
  expect(host.handlerCalls.filter((c) => c === 'keys:list').length).toBeLessThanOrEqual(2);
  expect(stores.keys.getState().status).toBe('ready');
});

it('creates, renames, replaces and deletes through main, refreshing the list and the count', async () => {
  const stores = storesOver(host);
  expect(await loadStores(stores)).toBe(true);
  const created = await stores.keys.getState().create({ name: 'made here', scopes: ['alerts.read'] });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  expect(stores.keys.getState().keys.map((k) => k.name)).toEqual(['made here']);
  await expect.poll(() => stores.account.getState().summary?.issued_keys).toBe(1);

  await stores.keys.getState().rename({ api_key_id: created.data.api_key_id, name: 'renamed' });
  await stores.keys.getState().replace({ api_key_id: created.data.api_key_id, name: 'renamed', scopes: ['alerts.read', 'stats.read'] });
  expect(stores.keys.getState().keys[0]).toMatchObject({ name: 'renamed', scopes: ['alerts.read', 'stats.read'] });
  // The store state never holds the secret the create call returned.
  expect(JSON.stringify(stores.keys.getState())).not.toContain(created.data.api_key.split('.')[2]);

  const deleted = await stores.keys.getState().remove(created.data.api_key_id);
  expect(deleted.ok).toBe(true);
  expect(stores.keys.getState().keys).toEqual([]);
  await expect.poll(() => stores.account.getState().summary?.issued_keys).toBe(0);
});

it('a refused action returns main\'s errors and leaves the list as it was', async () => {
  const stores = storesOver(host);
  await loadStores(stores);
  const refused = await stores.keys.getState().create({ name: '' });
  expect(refused).toEqual({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'name', message: 'missing required argument' }] });
  expect(stores.keys.getState()).toMatchObject({ keys: [], errors: [] });
});
