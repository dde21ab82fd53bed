import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../common/ipc/contract.ts';
import { createDispatcher, trustFramesFrom } from '../../../main/ipc/dispatcher.ts';
import { appFrame, APP_ORIGIN, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';
import { snapshot } from '../../helpers/temp-store.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const call = (channel: string, input?: unknown, event = appFrame) => host.ipc.invoke(channel, event, input);

describe('IPC dispatcher', () => {
  it('registers a handler for every contract channel, and nothing else', () => {
    expect([...host.ipc.listeners.keys()].sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof host.handlers[channel]).toBe('function');
    expect(CHANNELS.every((c) => /^[a-z]+:[a-z-]+$/.test(c))).toBe(true);
  });

  it('runs a call from the app window and returns the data in an envelope', async () => {
    const created = (await call('keys:create', { name: 'from the UI', scopes: ['mail.send'] })) as { ok: true; data: { api_key_id: string } };
    expect(created).toMatchObject({ ok: true, data: { name: 'from the UI', scopes: ['mail.send'] } });
    const list = await call('keys:list', {});
    expect(list).toMatchObject({ ok: true, data: { api_key_id: [created.data.api_key_id], name: ['from the UI'] } });
  });

  it('refuses a call from a foreign origin without running any handler', async () => {
    const before = snapshot(host.store);
    const foreign = { senderFrame: { url: 'https://evil.example/index.html', parent: null } };
    expect(await call('keys:create', { name: 'x' }, foreign)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      errors: [{ field: null, message: 'calls are accepted only from the Keydesk window' }],
    });
    expect(host.handlerCalls).toEqual([]);
    expect(snapshot(host.store)).toEqual(before);
  });

  it('refuses a call from a sub-frame, or with no frame, even of our origin', async () => {
    const sub = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } };
    expect(await call('keys:list', {}, sub)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('keys:list', {}, { senderFrame: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(host.handlerCalls).toEqual([]);
  });

  it('refuses an unknown channel with a clear error and no handler run', async () => {
    const dispatch = createDispatcher(host.handlers, { isTrustedSender: trustFramesFrom([APP_ORIGIN]) });
    expect(await dispatch('keys:steal', appFrame, {})).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      errors: [{ field: null, message: 'unknown channel "keys:steal"' }],
    });
    expect(await dispatch('__proto__', appFrame, {})).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(host.handlerCalls).toEqual([]);
  });

  it('refuses a payload failing validation, naming the field, with no handler run', async () => {
    const before = snapshot(host.store);
    const result = await call('keys:create', { name: 42, scopes: 'mail.send' });
    expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect((result as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['name', 'scopes']);
    expect(await call('keys:get', { api_key_id: '../../etc/passwd' })).toMatchObject({
      ok: false,
      errors: [{ field: 'api_key_id', message: 'expected an API Key ID' }],
    });
    expect(await call('keys:list', { account: 'default', extra: true })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(host.handlerCalls).toEqual([]);
    expect(snapshot(host.store)).toEqual(before);
  });

  it('acts as the actor its handlers were built for: a read-only key lists, and its create changes nothing', async () => {
    const keyHost = openIpcHost({ actor: { kind: 'key', keyId: 'reader', accountId: 1, scopes: ['api_keys.read'] } });
    try {
      const before = snapshot(keyHost.store);
      expect(await keyHost.ipc.invoke('keys:list', appFrame, {})).toMatchObject({ ok: true });
      expect(await keyHost.ipc.invoke('keys:create', appFrame, { name: 'x' })).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        errors: [{ field: null, message: 'access forbidden' }],
      });
      expect(snapshot(keyHost.store)).toEqual(before);
    } finally {
      keyHost.close();
    }
  });

  it('passes service errors through in SendGrid\'s shape', async () => {
    expect(await call('keys:create', { name: '', scopes: ['mail.send'] })).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
      errors: [{ field: 'name', message: 'missing required argument' }],
    });
    expect(await call('keys:get', { api_key_id: 'nope' })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      errors: [{ field: 'api_key_id', message: 'unable to find API Key' }],
    });
  });

  it('hides the details of unexpected errors', async () => {
    const broken = createDispatcher(
      { ...host.handlers, 'keys:list': () => { throw new Error('SQLITE_CORRUPT at /home/alice/secret.db'); } },
      { isTrustedSender: () => true },
    );
    expect(await broken('keys:list', appFrame, {})).toEqual({ ok: false, code: 'INTERNAL', errors: [{ field: null, message: 'internal error' }] });
  });

  it('reads and validates settings through the real settings file', async () => {
    expect(await call('settings:get')).toMatchObject({ ok: true, data: { theme: 'system', clipboardClearSeconds: 60 } });
    expect(await call('settings:set', { theme: 'dark' })).toMatchObject({ ok: true, data: { theme: 'dark', clipboardClearSeconds: 60 } });
    expect(await call('settings:set', { theme: 'pink' })).toMatchObject({ ok: false, errors: [{ field: 'theme' }] });
    expect(await call('settings:set', { unknownSetting: 1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await call('settings:get')).toMatchObject({ ok: true, data: { theme: 'dark' } });
  });

  it('copies a secret through main with the configured clear delay', async () => {
    await call('settings:set', { clipboardClearSeconds: 30 });
    const { data } = (await call('keys:create', { name: 'k', scopes: ['mail.send'] })) as { data: { api_key: string } };
    expect(await call('clipboard:copy-secret', { text: data.api_key })).toEqual({ ok: true, data: { clearsAfterSeconds: 30 } });
    expect(host.clipboardWrites).toEqual([[data.api_key, 30]]);
  });
});
