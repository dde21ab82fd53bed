/**
 * The official `@sendgrid/client` (which nobody here wrote) drives the local API through a key's
 * whole life: create a restricted key, list, get, rename, replace its scopes, read its own scopes
 * with it, delete it, and see it refused.
 */
import sendgrid from '@sendgrid/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INVALID_GRANT } from '../../main/server/authenticate.ts';
import { addAccount } from '../helpers/temp-store.ts';
import { sendgridError, startTestApi, type TestApi } from '../helpers/local-api.ts';

type SendGridClient = typeof sendgrid;
const { Client } = sendgrid as SendGridClient & { Client: new () => SendGridClient };

let t: TestApi;
beforeEach(async () => (t = await startTestApi()));
afterEach(() => t.stop());

/** A client of our own (not the shared singleton) that talks to the local server with `key`. */
function clientFor(key: string): SendGridClient {
  const client = new Client();
  client.setApiKey(key); // resets baseUrl to api.sendgrid.com, so point it home afterwards
  client.setDefaultRequest('baseUrl', t.api.url);
  return client;
}

/** The SDK rejects with a ResponseError carrying the status and parsed body. */
async function failure(promise: Promise<unknown>): Promise<{ code: number; body: unknown }> {
  const error = (await promise.then(
    () => expect.fail('expected the request to fail'),
    (e: unknown) => e,
  )) as { code: number; response: { body: unknown } };
  return { code: error.code, body: error.response.body };
}

it('manages a restricted key end to end, and the deleted key is then refused', async () => {
  const admin = clientFor(t.admin.api_key);
  t.clock.advance(1000); // listings are oldest first

  const [created, createdBody] = await admin.request({
    method: 'POST',
    url: '/v3/api_keys',
    body: { name: 'Restricted mailer', scopes: ['mail.send', 'api_keys.read'] },
  });
  expect(created.statusCode).toBe(201);
  const { api_key, api_key_id } = createdBody as { api_key: string; api_key_id: string };
  expect(createdBody).toEqual({ api_key, api_key_id, name: 'Restricted mailer', scopes: ['api_keys.read', 'mail.send'] });
  expect(api_key).toMatch(new RegExp(`^SG\\.${api_key_id}\\.[\\w-]{43}$`));

  const [listed, listBody] = await admin.request({ method: 'GET', url: '/v3/api_keys', qs: { limit: 10 } });
  expect(listed.statusCode).toBe(200);
  expect(listBody).toEqual({
    result: [
      { name: 'admin', api_key_id: t.admin.api_key_id },
      { name: 'Restricted mailer', api_key_id },
    ],
  });

  const [, one] = await admin.request({ method: 'GET', url: `/v3/api_keys/${api_key_id}` });
  expect(one).toEqual({ api_key_id, name: 'Restricted mailer', scopes: ['api_keys.read', 'mail.send'] });

  const [renamed, renamedBody] = await admin.request({ method: 'PATCH', url: `/v3/api_keys/${api_key_id}`, body: { name: 'Mailer' } });
  expect(renamed.statusCode).toBe(200);
  expect(renamedBody).toEqual({ api_key_id, name: 'Mailer' });

  const [replaced, replacedBody] = await admin.request({
    method: 'PUT',
    url: `/v3/api_keys/${api_key_id}`,
    body: { name: 'Mailer', scopes: ['mail.send', 'alerts.read'] },
  });
  expect(replaced.statusCode).toBe(200);
  expect(replacedBody).toEqual({ api_key_id, name: 'Mailer', scopes: ['alerts.read', 'mail.send'] });

  const restricted = clientFor(api_key);
  const [own, ownBody] = await restricted.request({ method: 'GET', url: '/v3/scopes' });
  expect(own.statusCode).toBe(200);
  expect(ownBody).toEqual({ scopes: ['alerts.read', 'mail.send'] });
  // PUT replaced everything: api_keys.read is gone, so listing is now forbidden to this key.
  expect(await failure(restricted.request({ method: 'GET', url: '/v3/api_keys' }))).toEqual({
    code: 403,
    body: sendgridError('access forbidden'),
  });

  const [deleted, deletedBody] = await admin.request({ method: 'DELETE', url: `/v3/api_keys/${api_key_id}` });
  expect(deleted.statusCode).toBe(204);
  expect(deletedBody).toBe('');

  expect(await failure(restricted.request({ method: 'GET', url: '/v3/scopes' }))).toEqual({
    code: 401,
    body: sendgridError(INVALID_GRANT),
  });
  expect(await failure(admin.request({ method: 'GET', url: `/v3/api_keys/${api_key_id}` }))).toEqual({
    code: 404,
    body: sendgridError('unable to find API Key', 'api_key_id'),
  });
});

it('acts on a subuser with setImpersonateSubuser (the on-behalf-of header)', async () => {
  addAccount(t.store, 'eu-subuser', t.store.accounts.byName('default')!.id);
  const admin = clientFor(t.admin.api_key);
  admin.setImpersonateSubuser('eu-subuser');

  const [, created] = await admin.request({ method: 'POST', url: '/v3/api_keys', body: { name: 'Subuser mailer', scopes: ['mail.send'] } });
  const { api_key_id } = created as { api_key_id: string };
  const [, subuserKeys] = await admin.request({ method: 'GET', url: '/v3/api_keys' });
  expect(subuserKeys).toEqual({ result: [{ name: 'Subuser mailer', api_key_id }] });

  const [, parentKeys] = await clientFor(t.admin.api_key).request({ method: 'GET', url: '/v3/api_keys' });
  expect(parentKeys).toEqual({ result: [{ name: 'admin', api_key_id: t.admin.api_key_id }] });
});
