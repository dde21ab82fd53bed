/** The renderer's key store over the real preload API and dispatcher (no browser needed for the logic). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKeydeskApi } from '../../../preload/api.ts';
import type { EventName } from '../../../preload/contract.ts';
import { createStores, connectStores } from '../../../renderer/stores/stores.ts';
import { appFrame, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
let listeners: Map<EventName, (payload: unknown) => void>;
beforeEach(() => {
  host = openIpcHost();
  listeners = new Map();
});
afterEach(() => host.close());

const api = () =>
  createKeydeskApi({
    invoke: (channel, input) => host.ipc.invoke(channel, appFrame, input),
    subscribe: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  });

it('loads, creates (returning the secret to the caller only) and deletes keys', async () => {
  const { keys } = createStores(api());
  expect(keys.getState().status).toBe('loading');
  await keys.getState().refresh();
  expect(keys.getState()).toMatchObject({ status: 'ready', keys: [] });

  const created = await keys.getState().create({ name: 'store test' });
  if (!created.ok) throw new Error('create failed');
  expect(keys.getState().keys.map((k) => k.name)).toEqual(['store test']);
  expect(JSON.stringify(keys.getState())).not.toContain(created.data.api_key);

  expect(await keys.getState().remove(created.data.api_key_id)).toBe(true);
  expect(keys.getState().keys).toEqual([]);
});

it("keeps main's errors, naming the field, and changes nothing", async () => {
  const { keys } = createStores(api());
  await keys.getState().refresh();
  const result = await keys.getState().create({ name: '' });
  expect(result.ok).toBe(false);
  expect(keys.getState().errors).toEqual([{ field: 'name', message: 'missing required argument' }]);
  expect(await keys.getState().remove('nope')).toBe(false);
  expect(keys.getState().errors).toEqual([{ field: 'api_key_id', message: 'unable to find API Key' }]);
});

it('reloads on store:changed and forwards menu commands until disconnected', async () => {
  const keydesk = api();
  const stores = createStores(keydesk);
  await stores.keys.getState().refresh();
  const commands: string[] = [];
  const disconnect = connectStores(keydesk, stores, (command) => commands.push(command));

  host.keys.create(host.owner('default', 'cli'), { name: 'from elsewhere', scopes: ['mail.send'] });
  listeners.get('store:changed')?.({ external: true });
  await expect.poll(() => stores.keys.getState().keys.map((k) => k.name)).toEqual(['from elsewhere']);
  listeners.get('menu:command')?.({ command: 'new-key' });
  expect(commands).toEqual(['new-key']);

  disconnect();
  expect(listeners.size).toBe(0);
});
