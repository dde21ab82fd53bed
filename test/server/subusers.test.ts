/**
 * `GET /v3/subusers` over raw HTTP, as SendGrid answers it and a pull reads it: the calling key's
 * account's subusers as a JSON array, paged with limit and offset, `subusers.read` required.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sendgridError, startTestApi, type TestApi } from '../helpers/local-api.ts';

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
  for (const name of ['acme-eu', 'acme-us', 'acme-apac']) t.accounts.create(t.owner(), { name, parent: 'default' });
  t.accounts.create(t.owner(), { name: 'unrelated' });
});
afterEach(() => t.stop());

const ids = (name: string) => t.store.accounts.byName(name)!.id;
const list = async (query: string, key = t.key(['subusers.read']).api_key, headers: Record<string, string> = {}) => {
  const response = await t.request({ path: `/v3/subusers${query}`, key, headers });
  return { status: response.status, body: response.body };
};

it("lists the key's account's subusers in SendGrid's shape, oldest first", async () => {
  expect(await list('')).toEqual({
    status: 200,
    body: ['acme-eu', 'acme-us', 'acme-apac'].map((username) => ({ disabled: false, id: ids(username), username, email: '' })),
  });
});

it('pages with limit and offset, filters by username, and adds the region when asked', async () => {
  const key = t.key(['subusers.read']).api_key;
  const names = async (query: string) => ((await list(query, key)).body as { username: string }[]).map((s) => s.username);
  expect(await names('?limit=2')).toEqual(['acme-eu', 'acme-us']);
  expect(await names('?limit=2&offset=2')).toEqual(['acme-apac']);
  expect(await names('?offset=3')).toEqual([]);
  expect(await names('?limit=99999999999')).toEqual(['acme-eu', 'acme-us', 'acme-apac']);
  expect(await names('?username=acme-us')).toEqual(['acme-us']);
  expect((await list('?username=acme-us&include_region=true', key)).body).toEqual([{ disabled: false, id: ids('acme-us'), username: 'acme-us', email: '', region: 'global' }]);
});

it('a subuser has none; a key without subusers.read is refused; bad paging is named', async () => {
  expect(await list('', t.key(['subusers.read'], 'acme-eu').api_key)).toEqual({ status: 200, body: [] });
  expect(await list('', t.key(['subusers.read']).api_key, { 'on-behalf-of': 'acme-eu' })).toEqual({ status: 200, body: [] });
  expect(await list('', t.key(['api_keys.read', 'subusers.create']).api_key)).toEqual({ status: 403, body: sendgridError('access forbidden') });
  expect(await list('?limit=0')).toEqual({ status: 400, body: sendgridError('limit must be a positive integer', 'limit') });
  expect(await list('?offset=-1')).toEqual({ status: 400, body: sendgridError('offset must be a whole number, 0 or more', 'offset') });
  expect(await list('?username=a&username=b')).toEqual({ status: 400, body: sendgridError('username must be given once', 'username') });
});
