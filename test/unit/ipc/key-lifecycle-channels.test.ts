/**
 * The key-lifecycle channels (`keys:disable|enable|expire|roll|bulk`, `keys:secrets` and `keys:grace`, `keys:create` with an expiry,
 * and `account` on every key call) through main's real dispatcher and handlers over a temp store:
 * what `verify` says afterwards, what the audit log holds, and that bad payloads change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../common/durations.ts';
import { callAsApp, okAsApp, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';
import { snapshot } from '../../helpers/temp-store.ts';
import type { BulkOutcome, CreatedKey, RolledKey } from '../../../common/key-results.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

const call = (channel: string, input?: unknown) => callAsApp(host, channel, input);

const ok = <T,>(channel: string, input?: unknown) => okAsApp<T>(host, channel, input);

const create = (name: string, extra: Record<string, unknown> = {}) => ok<CreatedKey>('keys:create', { name, scopes: ['mail.send'], ...extra });
const actions = () => host.store.audit.list({ accountId: 1 }).map((entry) => `${entry.action} ${entry.via}`);
const inDays = (days: number) => new Date(host.clock.now().getTime() + days * DAY_MS).toISOString();

describe('keys:create with an expiry', () => {
  it('stores the expiry; verify accepts the key until then and rejects it as expired after', async () => {
    const key = await create('Expires soon', { expires_at: inDays(5) });
    expect(key.expires_at).toBe(inDays(5));
    expect(host.store.keys.find(key.api_key_id)?.expires_at).toBe(inDays(5));
    expect(host.verifier.verify(key.api_key).ok).toBe(true);
    host.clock.advance(5 * DAY_MS);
    expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it("refuses an expiry in the past, or one the account's policy does not allow, naming expires_at and changing nothing", async () => {
    const before = snapshot(host.store);
    expect(await call('keys:create', { name: 'x', expires_at: inDays(-1) })).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
      errors: [{ field: 'expires_at', message: 'expires_at must be in the future' }],
    });
    expect(await call('keys:create', { name: 'x', expires_at: 'next tuesday' })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at', message: expect.stringMatching(/^expires_at must be an ISO-8601 date or time/) }],
    });
    expect(snapshot(host.store)).toEqual(before);

    await ok('accounts:policy', { account: 'default', max_key_lifetime_days: 90 });
    expect(await call('keys:create', { name: 'x' })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at', message: 'this account requires keys to expire within 90 days' }],
    });
    expect(await call('keys:create', { name: 'x', expires_at: inDays(91) })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at', message: expect.stringContaining('this account allows keys to live at most 90 days') }],
    });
    expect((await create('within policy', { expires_at: inDays(90) })).expires_at).toBe(inDays(90));
  });
});

describe('keys:disable and keys:enable', () => {
  it('disabling makes verify reject the key with its own reason; enabling makes it work again; both are audited', async () => {
    const key = await create('Mailer');
    const disabled = await ok<{ disabled_at: string | null }>('keys:disable', { api_key_id: key.api_key_id });
    expect(disabled.disabled_at).toBe(host.clock.now().toISOString());
    expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'disabled', message: 'this key is disabled' });

    const enabled = await ok<{ disabled_at: string | null }>('keys:enable', { api_key_id: key.api_key_id });
    expect(enabled.disabled_at).toBeNull();
    expect(host.verifier.verify(key.api_key).ok).toBe(true);
    expect(actions()).toEqual(['key.create app', 'key.disable app', 'key.enable app']);
  });

  it('acts only in the account the call names', async () => {
    await ok('accounts:create', { name: 'marketing' });
    const theirs = await ok<CreatedKey>('keys:create', { account: 'marketing', name: 'Theirs' });
    expect(await call('keys:disable', { api_key_id: theirs.api_key_id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      errors: [{ field: 'api_key_id', message: 'unable to find API Key' }],
    });
    await ok('keys:disable', { account: 'marketing', api_key_id: theirs.api_key_id });
    expect(host.verifier.verify(theirs.api_key)).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await call('keys:enable', { account: 'nowhere', api_key_id: theirs.api_key_id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      errors: [{ field: 'account', message: 'unknown account "nowhere"' }],
    });
  });
});

describe('keys:expire', () => {
  it('sets an expiry and removes it with null', async () => {
    const key = await create('Reports');
    expect(await ok('keys:expire', { api_key_id: key.api_key_id, expires_at: inDays(30) })).toMatchObject({ expires_at: inDays(30) });
    expect(await ok('keys:expire', { api_key_id: key.api_key_id, expires_at: null })).toMatchObject({ expires_at: null });
    expect(actions()).toEqual(['key.create app', 'key.expire app', 'key.expire app']);
  });

  it('requires expires_at (null to remove it) and bounds its length, before any handler runs', async () => {
    const key = await create('Reports');
    const before = snapshot(host.store);
    expect(await call('keys:expire', { api_key_id: key.api_key_id })).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'expires_at' }] });
    expect(await call('keys:expire', { api_key_id: key.api_key_id, expires_at: '2'.repeat(65) })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at' }],
    });
    expect(host.handlerCalls).toEqual(['keys:create']);
    expect(snapshot(host.store)).toEqual(before);
  });
});

describe('keys:roll', () => {
  it('returns the new secret once; with 24 hours of grace both secrets verify, then only the new one', async () => {
    const key = await create('Webhook');
    const rolled = await ok<RolledKey>('keys:roll', { api_key_id: key.api_key_id, grace: '24h' });
    expect(rolled).toMatchObject({ api_key_id: key.api_key_id, name: 'Webhook', previous_secret_retires_at: new Date(host.clock.now().getTime() + DAY_MS).toISOString() });
    expect(rolled.api_key).toMatch(new RegExp(`^SG\\.${key.api_key_id}\\.`));
    expect(rolled.api_key).not.toBe(key.api_key);

    expect(host.verifier.verify(key.api_key).ok).toBe(true);
    expect(host.verifier.verify(rolled.api_key).ok).toBe(true);
    host.clock.advance(DAY_MS);
    expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'retired_secret' });
    expect(host.verifier.verify(rolled.api_key).ok).toBe(true);

    // Neither secret is stored or logged; the audit entry names the secrets by their ids.
    const stored = JSON.stringify(snapshot(host.store));
    for (const secret of [key.api_key, rolled.api_key]) expect(stored).not.toContain(secret.split('.')[2]);
    const entry = host.store.audit.list({ accountId: 1 }).at(-1)!;
    expect(entry).toMatchObject({ action: 'key.roll', via: 'app', after: { secret_id: rolled.secret_id, previous_secret_id: rolled.previous_secret_id } });
  });

  it('"now" retires the old secret at once', async () => {
    const key = await create('Leaked');
    const rolled = await ok<RolledKey>('keys:roll', { api_key_id: key.api_key_id, grace: 'now' });
    expect(rolled.previous_secret_retires_at).toBe(host.clock.now().toISOString());
    expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'retired_secret' });
    expect(host.verifier.verify(rolled.api_key).ok).toBe(true);
  });

  it('offers the four grace presets and nothing else', async () => {
    const key = await create('Webhook');
    for (const grace of ['2h', 0, 3_600_000, null]) {
      expect(await call('keys:roll', { api_key_id: key.api_key_id, grace })).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'grace' }] });
    }
    expect(host.handlerCalls).toEqual(['keys:create']);
    const hour = await ok<RolledKey>('keys:roll', { api_key_id: key.api_key_id, grace: '1h' });
    expect(Date.parse(hour.previous_secret_retires_at) - host.clock.now().getTime()).toBe(HOUR_MS);
  });
});

describe('keys:secrets and keys:grace', () => {
  it("name a rolled key's secrets by short ID with the old one's end, list it as in grace until then, and for its account only", async () => {
    const key = await create('Webhook');
    await create('Not rolled');
    host.accounts.create(host.owner(), { name: 'Other' });
    expect(await ok('keys:grace', undefined)).toEqual([]);
    const rolled = await ok<RolledKey>('keys:roll', { api_key_id: key.api_key_id, grace: '24h' });
    const ends = rolled.previous_secret_retires_at;

    expect(await ok('keys:secrets', { api_key_id: key.api_key_id })).toEqual([
      { secret_id: rolled.secret_id, retires_at: null, state: 'current' },
      { secret_id: rolled.previous_secret_id, retires_at: ends, state: 'in_grace' },
    ]);
    expect(await ok('keys:grace', undefined)).toEqual([{ api_key_id: key.api_key_id, retires_at: ends }]);
    expect(await ok('keys:grace', { account: 'Other' })).toEqual([]);

    host.clock.advance(DAY_MS);
    expect(await ok('keys:grace', { account: 'default' })).toEqual([]);
    expect(await ok('keys:secrets', { api_key_id: key.api_key_id })).toMatchObject([{ state: 'current' }, { state: 'retired' }]);
    // Never a secret or a digest: short IDs only.
    expect(JSON.stringify(await ok('keys:secrets', { api_key_id: key.api_key_id }))).not.toContain(rolled.api_key.split('.')[2]);
  });

  it('refuse an unknown key or a stray field, naming it', async () => {
    expect(await call('keys:secrets', { api_key_id: 'AAAAAAAAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await call('keys:grace', { account: 'default', all: true })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});

describe('keys:bulk', () => {
  it('disables many keys in one call, one audit entry each, and reports keys already so as unchanged', async () => {
    const keys = await Promise.all(['a', 'b', 'c'].map((name) => create(name)));
    await ok('keys:disable', { api_key_id: keys[0]!.api_key_id });
    const outcome = await ok<BulkOutcome>('keys:bulk', { action: 'disable', api_key_ids: keys.map((k) => k.api_key_id) });
    expect(outcome).toEqual({
      action: 'disable',
      applied: true,
      results: [
        { api_key_id: keys[0]!.api_key_id, ok: true, changed: false },
        { api_key_id: keys[1]!.api_key_id, ok: true, changed: true },
        { api_key_id: keys[2]!.api_key_id, ok: true, changed: true },
      ],
    });
    for (const key of keys) expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'disabled' });
    expect(actions().filter((a) => a.startsWith('key.disable'))).toHaveLength(3);
  });

  it('changes nothing when one key cannot be changed, and names that key', async () => {
    const keys = await Promise.all(['a', 'b'].map((name) => create(name)));
    await ok('keys:delete', { api_key_id: keys[1]!.api_key_id });
    const before = snapshot(host.store);
    const outcome = await ok<BulkOutcome>('keys:bulk', { action: 'expire', api_key_ids: keys.map((k) => k.api_key_id), expires_at: inDays(7) });
    expect(outcome).toEqual({
      action: 'expire',
      applied: false,
      results: [
        { api_key_id: keys[0]!.api_key_id, ok: true, changed: false },
        { api_key_id: keys[1]!.api_key_id, ok: false, changed: false, error: { field: 'api_key_id', message: 'unable to find API Key' } },
      ],
    });
    expect(snapshot(host.store)).toEqual(before);
  });

  it('sets and removes expiries, under the policy, and deletes', async () => {
    const keys = await Promise.all(['a', 'b'].map((name) => create(name)));
    const ids = keys.map((k) => k.api_key_id);
    await ok('keys:bulk', { action: 'expire', api_key_ids: ids, expires_at: inDays(30) });
    expect(ids.map((id) => host.store.keys.find(id)?.expires_at)).toEqual([inDays(30), inDays(30)]);
    await ok('keys:bulk', { action: 'expire', api_key_ids: ids, expires_at: null });
    expect(ids.map((id) => host.store.keys.find(id)?.expires_at)).toEqual([null, null]);
    expect(await call('keys:bulk', { action: 'expire', api_key_ids: ids })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at', message: 'choose an expiry, or null to remove it' }],
    });
    await ok('accounts:policy', { account: 'default', max_key_lifetime_days: 30 });
    expect(await call('keys:bulk', { action: 'expire', api_key_ids: ids, expires_at: inDays(31) })).toMatchObject({
      ok: false,
      errors: [{ field: 'expires_at', message: expect.stringContaining('at most 30 days') }],
    });

    await ok('keys:bulk', { action: 'delete', api_key_ids: ids });
    for (const key of keys) expect(host.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'deleted' });
  });

  it('validates the action and the IDs before any handler runs', async () => {
    const before = snapshot(host.store);
    for (const input of [
      { action: 'purge', api_key_ids: ['x'] },
      { action: 'disable', api_key_ids: [] },
      { action: 'disable', api_key_ids: ['../etc'] },
      { action: 'disable', api_key_ids: 'abc' },
      { action: 'disable', api_key_ids: ['abc'], extra: 1 },
    ]) {
      expect(await call('keys:bulk', input), JSON.stringify(input)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    }
    expect(host.handlerCalls).toEqual([]);
    expect(snapshot(host.store)).toEqual(before);
  });

  it('needs api_keys.delete to delete and api_keys.update for the rest', async () => {
    /** One bulk action by a key holding `scopes`, on a key of its account; the result and the key after. */
    const asKey = async (scopes: string[], action: string) => {
      const keyHost = openIpcHost({ actor: { kind: 'key', keyId: 'actor', accountId: 1, scopes } });
      try {
        const { api_key_id } = keyHost.keys.create(keyHost.owner(), { name: 'target', scopes: ['mail.send'] });
        const result = await callAsApp(keyHost, 'keys:bulk', { action, api_key_ids: [api_key_id] });
        return { result, key: keyHost.store.keys.find(api_key_id)! };
      } finally {
        keyHost.close();
      }
    };
    const updater = ['api_keys.read', 'api_keys.update'];
    const refusedDelete = await asKey(updater, 'delete');
    expect(refusedDelete.result).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: 'access forbidden' }] });
    expect(refusedDelete.key.deleted_at).toBeNull();
    const disabled = await asKey(updater, 'disable');
    expect(disabled.result).toMatchObject({ ok: true, data: { applied: true } });
    expect(disabled.key.disabled_at).not.toBeNull();

    const refusedEnable = await asKey(['api_keys.delete'], 'enable');
    expect(refusedEnable.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const deleted = await asKey(['api_keys.delete'], 'delete');
    expect(deleted.result).toMatchObject({ ok: true, data: { applied: true } });
    expect(deleted.key.deleted_at).not.toBeNull();
  });
});
