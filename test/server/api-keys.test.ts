/**
 * `/v3/api_keys` over raw HTTP: SendGrid's shapes and status codes for each endpoint, every error
 * with its exact body (and no change to the store), scope checks per method, on-behalf-of, and
 * the acting key as the audit actor.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_ACCESS_SCOPES } from '../../common/permissions.ts';
import { addAccount, snapshot } from '../helpers/temp-store.ts';
import { sendgridError, startTestApi, type RawRequest, type RawResponse, type TestApi } from '../helpers/local-api.ts';

let t: TestApi;
beforeEach(async () => (t = await startTestApi()));
afterEach(() => t.stop());

/** The request fails with `status` and exactly `body`, and leaves every table as it was. */
async function expectRefused(req: RawRequest, status: number, body: unknown): Promise<RawResponse> {
  // A key's first use records "last used" (bookkeeping, not a change): get that out of the way.
  if (req.key !== undefined) expect((await t.request({ path: '/v3/scopes', key: req.key })).status).toBe(200);
  const before = snapshot(t.store);
  const response = await t.request(req);
  expect(response.status).toBe(status);
  expect(response.body).toEqual(body);
  expect(snapshot(t.store)).toEqual(before);
  return response;
}

const API_KEYS_SCOPES = ['api_keys.create', 'api_keys.delete', 'api_keys.read', 'api_keys.update'];

describe('endpoints', () => {
  it('POST creates (201), GET lists and gets, PATCH renames, PUT replaces, DELETE deletes (204, no body)', async () => {
    const admin = t.admin.api_key;
    const created = await t.request({ method: 'POST', path: '/v3/api_keys', key: admin, body: { name: 'CI', scopes: ['mail.send'] } });
    expect(created.status).toBe(201);
    const { api_key_id, api_key } = created.body as { api_key_id: string; api_key: string };
    expect(created.body).toEqual({ api_key, api_key_id, name: 'CI', scopes: ['mail.send'] });

    expect((await t.request({ path: `/v3/api_keys/${api_key_id}`, key: admin })).body).toEqual({ api_key_id, name: 'CI', scopes: ['mail.send'] });

    const renamed = await t.request({ method: 'PATCH', path: `/v3/api_keys/${api_key_id}`, key: admin, body: { name: 'CI mailer' } });
    expect([renamed.status, renamed.body]).toEqual([200, { api_key_id, name: 'CI mailer' }]);

    const replaced = await t.request({ method: 'PUT', path: `/v3/api_keys/${api_key_id}`, key: admin, body: { name: 'CI mailer', scopes: ['alerts.read'] } });
    expect([replaced.status, replaced.body]).toEqual([200, { api_key_id, name: 'CI mailer', scopes: ['alerts.read'] }]);

    const deleted = await t.request({ method: 'DELETE', path: `/v3/api_keys/${api_key_id}`, key: admin });
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expect((await t.request({ path: '/v3/api_keys', key: admin })).body).toEqual({ result: [{ name: 'admin', api_key_id: t.admin.api_key_id }] });
  });

  it('POST without scopes gives Full Access, as SendGrid does', async () => {
    const created = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 'everything' } });
    expect(created.status).toBe(201);
    expect((created.body as { scopes: string[] }).scopes).toEqual(FULL_ACCESS_SCOPES);
  });

  it('GET /v3/api_keys?limit=N returns the first N keys', async () => {
    for (const name of ['b', 'c', 'd']) {
      t.clock.advance(1000);
      t.keys.create(t.owner(), { name, scopes: ['mail.send'] });
    }
    const page = await t.request({ path: '/v3/api_keys?limit=2', key: t.admin.api_key });
    expect((page.body as { result: { name: string }[] }).result.map((k) => k.name)).toEqual(['admin', 'b']);
    const all = await t.request({ path: '/v3/api_keys', key: t.admin.api_key });
    expect((all.body as { result: unknown[] }).result).toHaveLength(4);
    for (const bad of ['0', '-1', 'ten', '2.5']) {
      await expectRefused({ path: `/v3/api_keys?limit=${bad}`, key: t.admin.api_key }, 400, sendgridError('limit must be a positive integer', 'limit'));
    }
    // A positive limit past any account's size means all of them, however many digits it has.
    for (const large of ['1000000000', '99999999999999999999', '0005']) {
      const response = await t.request({ path: `/v3/api_keys?limit=${large}`, key: t.admin.api_key });
      expect([response.status, (response.body as { result: unknown[] }).result.length]).toEqual([200, 4]);
    }
  });
});

describe('scopes required per method', () => {
  const cases: { method: string; path: (id: string) => string; scope: string; body?: unknown }[] = [
    { method: 'GET', path: () => '/v3/api_keys', scope: 'api_keys.read' },
    { method: 'GET', path: (id) => `/v3/api_keys/${id}`, scope: 'api_keys.read' },
    { method: 'POST', path: () => '/v3/api_keys', scope: 'api_keys.create', body: { name: 'n', scopes: ['api_keys.create'] } },
    { method: 'PATCH', path: (id) => `/v3/api_keys/${id}`, scope: 'api_keys.update', body: { name: 'n' } },
    { method: 'PUT', path: (id) => `/v3/api_keys/${id}`, scope: 'api_keys.update', body: { name: 'n', scopes: ['api_keys.update'] } },
    { method: 'DELETE', path: (id) => `/v3/api_keys/${id}`, scope: 'api_keys.delete' },
  ];

  for (const { method, path, scope, body } of cases) {
    it(`${method} ${path(':id')} needs ${scope}: 403 "access forbidden" with every other api_keys scope`, async () => {
      const target = t.key(['api_keys.read']);
      const without = t.key(API_KEYS_SCOPES.filter((s) => s !== scope));
      await expectRefused({ method, path: path(target.api_key_id), key: without.api_key, body }, 403, sendgridError('access forbidden'));

      // A key holding just this scope gets through (granting only what it holds itself).
      const withIt = t.key([scope]);
      const allowed = await t.request({ method, path: path(target.api_key_id), key: withIt.api_key, body });
      expect(allowed.status).toBeLessThan(300);
    });
  }
});

describe('errors, with SendGrid\'s bodies, changing nothing', () => {
  it('400 "unauthorized scopes: [...]" when a key grants a scope it does not hold, on POST and PUT', async () => {
    const manager = t.key([...API_KEYS_SCOPES, 'mail.send']);
    const body = sendgridError('unauthorized scopes: [alerts.read, stats.read]', 'scopes');
    await expectRefused(
      { method: 'POST', path: '/v3/api_keys', key: manager.api_key, body: { name: 'more', scopes: ['mail.send', 'alerts.read', 'stats.read'] } },
      400,
      body,
    );
    const target = t.key(['mail.send']);
    await expectRefused(
      { method: 'PUT', path: `/v3/api_keys/${target.api_key_id}`, key: manager.api_key, body: { name: 'more', scopes: ['alerts.read', 'stats.read'] } },
      400,
      body,
    );
    // Omitting scopes asks for Full Access, which this key does not hold either.
    const full = await expectRefused({ method: 'POST', path: '/v3/api_keys', key: manager.api_key, body: { name: 'all' } }, 400, expect.anything());
    expect(JSON.stringify(full.body)).toMatch(/"field":"scopes","message":"unauthorized scopes: \[access_settings/);
  });

  it('400 "missing required argument" on name for POST and PATCH; PUT\'s own message without a name', async () => {
    const missing = sendgridError('missing required argument', 'name');
    await expectRefused({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { scopes: ['mail.send'] } }, 400, missing);
    await expectRefused({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 42 } }, 400, missing);
    await expectRefused({ method: 'PATCH', path: `/v3/api_keys/${t.admin.api_key_id}`, key: t.admin.api_key, body: {} }, 400, missing);
    await expectRefused(
      { method: 'PUT', path: `/v3/api_keys/${t.admin.api_key_id}`, key: t.admin.api_key, body: { scopes: ['mail.send'] } },
      400,
      sendgridError("expected JSON request body with 'name' property"),
    );
  });

  it('400 when scopes is not a list of strings, and when PUT would leave no scope', async () => {
    for (const scopes of ['mail.send', [1], { 0: 'mail.send' }]) {
      await expectRefused(
        { method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 'x', scopes } },
        400,
        sendgridError('scopes must be an array of strings', 'scopes'),
      );
    }
    await expectRefused(
      { method: 'PUT', path: `/v3/api_keys/${t.admin.api_key_id}`, key: t.admin.api_key, body: { name: 'x' } },
      400,
      sendgridError('choose at least one permission', 'scopes'),
    );
  });

  it('404 for an unknown ID, a deleted key, and another account\'s key', async () => {
    addAccount(t.store, 'other');
    const foreign = t.key(['mail.send'], 'other');
    const gone = t.key(['mail.send']);
    t.keys.remove(t.owner(), gone.api_key_id);
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', gone.api_key_id, foreign.api_key_id]) {
      const notFound = sendgridError('unable to find API Key', 'api_key_id');
      await expectRefused({ path: `/v3/api_keys/${id}`, key: t.admin.api_key }, 404, notFound);
      await expectRefused({ method: 'PATCH', path: `/v3/api_keys/${id}`, key: t.admin.api_key, body: { name: 'x' } }, 404, notFound);
      await expectRefused({ method: 'DELETE', path: `/v3/api_keys/${id}`, key: t.admin.api_key }, 404, notFound);
      await expectRefused(
        { method: 'PUT', path: `/v3/api_keys/${id}`, key: t.admin.api_key, body: { name: 'x', scopes: ['mail.send'] } },
        404,
        sendgridError('unable to find API Key to update', 'api_key_id'),
      );
    }
  });

  it('403 "Cannot create more than 100 API Keys" for the 101st key', async () => {
    for (let i = 1; i < 100; i++) t.keys.create(t.owner(), { name: `k${i}`, scopes: ['mail.send'] });
    await expectRefused(
      { method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 'one too many', scopes: ['mail.send'] } },
      403,
      sendgridError('Cannot create more than 100 API Keys'),
    );
    const someKey = t.keys.list(t.owner())[1]!.api_key_id;
    expect((await t.request({ method: 'DELETE', path: `/v3/api_keys/${someKey}`, key: t.admin.api_key })).status).toBe(204);
    const room = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 'fits now', scopes: ['mail.send'] } });
    expect(room.status).toBe(201);
  });

  it('404 "not found" for paths and methods the API does not have', async () => {
    await expectRefused({ path: '/v3/mail/send', key: t.admin.api_key }, 404, sendgridError('not found'));
    await expectRefused({ method: 'POST', path: '/v3/scopes', key: t.admin.api_key, body: {} }, 404, sendgridError('not found'));
  });
});

describe('on-behalf-of', () => {
  it('acts on a subuser of the key\'s own account: the key lands there and the audit says so', async () => {
    const parent = t.store.accounts.byName('default')!;
    addAccount(t.store, 'subuser-a', parent.id);
    const created = await t.request({
      method: 'POST',
      path: '/v3/api_keys',
      key: t.admin.api_key,
      headers: { 'on-behalf-of': 'subuser-a' },
      body: { name: 'for a', scopes: ['mail.send'] },
    });
    expect(created.status).toBe(201);
    const { api_key_id } = created.body as { api_key_id: string };
    const subuser = t.store.accounts.byName('subuser-a')!;
    expect(t.store.keys.find(api_key_id)?.account_id).toBe(subuser.id);
    expect(t.store.audit.list({ keyId: api_key_id })).toEqual([
      expect.objectContaining({ actor: `key:${t.admin.api_key_id}`, via: 'api', account_id: subuser.id, action: 'key.create' }),
    ]);
  });

  it('403 "access forbidden" for an unknown account, the key\'s own, a sibling, a grandchild or an unrelated account', async () => {
    const parent = t.store.accounts.byName('default')!;
    addAccount(t.store, 'child', parent.id);
    addAccount(t.store, 'grandchild', t.store.accounts.byName('child')!.id);
    addAccount(t.store, 'unrelated');
    addAccount(t.store, 'sibling', t.store.accounts.byName('unrelated')!.id);
    const childKey = t.key([...API_KEYS_SCOPES], 'child');
    const attempts: [string, string][] = [
      [t.admin.api_key, 'nobody'],
      [t.admin.api_key, 'default'],
      [t.admin.api_key, 'grandchild'],
      [t.admin.api_key, 'unrelated'],
      [t.admin.api_key, 'sibling'],
      [t.admin.api_key, ''],
      [childKey.api_key, 'default'],
    ];
    for (const [key, account] of attempts) {
      await expectRefused({ path: '/v3/api_keys', key, headers: { 'on-behalf-of': account } }, 403, sendgridError('access forbidden'));
    }
  });
});

describe('audit', () => {
  it('logs every change made through the API with the acting key as actor, via api', async () => {
    const manager = t.key([...API_KEYS_SCOPES, 'mail.send', 'alerts.read']);
    const key = manager.api_key;
    const created = await t.request({ method: 'POST', path: '/v3/api_keys', key, body: { name: 'audited', scopes: ['mail.send'] } });
    const { api_key_id } = created.body as { api_key_id: string };
    await t.request({ method: 'PATCH', path: `/v3/api_keys/${api_key_id}`, key, body: { name: 'renamed' } });
    await t.request({ method: 'PUT', path: `/v3/api_keys/${api_key_id}`, key, body: { name: 'renamed', scopes: ['alerts.read'] } });
    await t.request({ method: 'DELETE', path: `/v3/api_keys/${api_key_id}`, key });
    await t.request({ path: '/v3/api_keys', key }); // reads are not changes

    const entries = t.store.audit.list({ keyId: api_key_id });
    expect(entries.map((e) => [e.action, e.actor, e.via])).toEqual([
      ['key.create', `key:${manager.api_key_id}`, 'api'],
      ['key.rename', `key:${manager.api_key_id}`, 'api'],
      ['key.update', `key:${manager.api_key_id}`, 'api'],
      ['key.delete', `key:${manager.api_key_id}`, 'api'],
    ]);
    expect(t.store.audit.verifyChain().intact).toBe(true);
    expect(JSON.stringify(t.store.audit.list())).not.toContain((created.body as { api_key: string }).api_key.split('.')[2]);
  });
});
