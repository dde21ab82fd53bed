/**
 * The renderer's key store over the real preload API factory and main's real dispatcher and
 * handlers (a temp store): loads coalesce, actions refresh the list, and no secret is ever kept.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKeydeskApi } from '../../../preload/api.ts';
import { generateKeyId } from '../../../main/core/key-format.ts';
import { FIRST_SCREEN_KEYS } from '../../../renderer/stores/keys-store.ts';
import { createStores, loadStores } from '../../../renderer/stores/stores.ts';
import { openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const storesOver = (h: IpcHost) =>
  createStores(createKeydeskApi({ invoke: (channel, input) => h.invokeOverWire(channel, input), subscribe: () => () => undefined }));

it('coalesces a burst of refreshes into at most two loads', async () => {
  const stores = storesOver(host);
  await Promise.all(Array.from({ length: 10 }, () => stores.keys.getState().refresh()));
  // The first load asks for the newest keys and the whole list at once; the second, the whole list.
  expect(host.handlerCalls.filter((c) => c === 'keys:list').length).toBeLessThanOrEqual(3);
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

it('a large account paints its newest keys first, then the whole list follows', async () => {
  // 150 keys a minute apart (imported: the 100-key limit counts only keys issued here).
  host.store.write(() => {
    for (let i = 0; i < 150; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      host.store.keys.insert({
        api_key_id: generateKeyId(), account_id: host.owner().account.id, name: `key ${String(i).padStart(3, '0')}`, access_type: 'restricted',
        scopes: ['mail.send'], origin: 'imported', last4: null, created_at: at, updated_at: at, last_used_at: null, last_used_by: null,
        expires_at: null, disabled_at: null, deleted_at: null,
      });
    }
  });
  const stores = storesOver(host);
  const seen: { count: number; complete: boolean; asked: number }[] = [];
  const asked = () => host.handlerCalls.filter((c) => c === 'keys:list').length;
  stores.keys.subscribe((state) => seen.push({ count: state.keys.length, complete: state.complete, asked: asked() }));
  await stores.keys.getState().refresh();

  // The whole list was asked for with the newest keys, not after they were shown: main reads it meanwhile.
  expect(seen).toEqual([
    { count: FIRST_SCREEN_KEYS, complete: false, asked: 2 },
    { count: 150, complete: true, asked: 2 },
  ]);
  // The first screen held the newest keys, which the default order (newest first) shows on top.
  expect(host.handlerCalls.filter((c) => c === 'keys:list')).toHaveLength(2);
  const names = stores.keys.getState().keys.map((k) => k.name);
  expect(names[0]).toBe('key 000');
  expect(names.at(-1)).toBe('key 149');
});

it('an account that fits on the first screen is shown whole from the first answer, with its keys in grace', async () => {
  const made = host.keys.create(host.owner(), { name: 'only one', scopes: ['mail.send'] });
  const rolled = await storesOver(host).keys.getState().roll(made.api_key_id, '24h');
  if (!rolled.ok) throw new Error(JSON.stringify(rolled.errors));
  const stores = storesOver(host);
  const seen: { count: number; complete: boolean }[] = [];
  stores.keys.subscribe((state) => seen.push({ count: state.keys.length, complete: state.complete }));
  await stores.keys.getState().refresh();
  expect(stores.keys.getState()).toMatchObject({ status: 'ready', complete: true, keys: [{ name: 'only one' }] });
  // Never a partial list: the first answer held every key.
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((state) => state.count === 1 && state.complete)).toBe(true);
  expect(stores.keys.getState().grace.size).toBe(1);
});
