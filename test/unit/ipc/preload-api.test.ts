import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKeydeskApi, createKeydeskBridge } from '../../../preload/api.ts';
import { CHANNELS, methodPath } from '../../../common/ipc/contract.ts';
import { openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const apiOver = (h: IpcHost) =>
  createKeydeskApi({
    invoke: (channel, input) => h.invokeOverWire(channel, input),
    subscribe: () => () => undefined,
  });

it('exposes one named function per contract channel, and nothing generic', () => {
  const api = apiOver(host) as unknown as Record<string, Record<string, unknown>>;
  const methods = Object.entries(api).flatMap(([domain, group]) =>
    typeof group === 'function' ? [domain] : Object.keys(group).map((m) => `${domain}.${m}`),
  );
  expect(methods.sort()).toEqual([...CHANNELS.map((c) => methodPath(c).join('.')), 'on'].sort());
  expect(methods).not.toContain('invoke');
  expect(Object.isFrozen(api)).toBe(true);
  expect(Object.isFrozen(api.keys)).toBe(true);
});

it('round-trips through the dispatcher: create, then see the key in a second call', async () => {
  const api = apiOver(host);
  const created = await api.keys.create({ name: 'through the bridge', scopes: ['alerts.read'] });
  expect(created.ok).toBe(true);
  const listed = await api.keys.list();
  expect(listed.ok && listed.data.name).toEqual(['through the bridge']);
  const copy = await api.clipboard.copySecret({ text: created.ok ? created.data.api_key : 'x' });
  expect(copy).toEqual({ ok: true, data: { clearsAfterSeconds: 60 } });
});

it('turns a transport failure into an error value instead of a rejection', async () => {
  const api = createKeydeskApi({ invoke: () => Promise.reject(new Error('main crashed')), subscribe: () => () => undefined });
  expect(await api.keys.list()).toMatchObject({ ok: false, code: 'INTERNAL' });
});

it('hands the window main\'s answer as text, which crosses the context bridge as one string', async () => {
  const bridge = createKeydeskBridge({ invoke: (channel, input) => host.invokeOverWire(channel, input), subscribe: () => () => undefined });
  const wire = await bridge.keys.create({ name: 'as text', scopes: ['mail.send'] });
  expect(typeof wire).toBe('string');
  expect(JSON.parse(wire)).toMatchObject({ ok: true, data: { name: 'as text' } });
});

it('answers an error value when the transport answers anything but wire text', async () => {
  for (const answer of [{ ok: true, data: [] }, 'not json', '{"data":1}', undefined]) {
    const api = createKeydeskApi({ invoke: () => Promise.resolve(answer), subscribe: () => () => undefined });
    expect(await api.keys.list()).toEqual({
      ok: false,
      code: 'INTERNAL',
      errors: [{ field: null, message: 'Keydesk could not complete keys:list; try again or restart the app' }],
    });
  }
});

it('refuses to subscribe to an event the contract does not declare', () => {
  const api = apiOver(host);
  expect(() => api.on('store:changed' as never, () => undefined)).not.toThrow();
  expect(() => api.on('secrets:leaked' as never, () => undefined)).toThrow(/unknown event/);
});
