/** Who may call: Bearer keys from the store, SendGrid's 401 bodies, and the failed-authentication limit per API Key ID. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueKey } from '../../main/core/key-format.ts';
import { AUTHORIZATION_REQUIRED, INVALID_GRANT } from '../../main/server/authenticate.ts';
import { sendgridError, startTestApi, type TestApi } from '../helpers/local-api.ts';

let t: TestApi;
beforeEach(async () => (t = await startTestApi({ failedAuthLimit: { maxFailures: 5, windowMs: 60_000 } })));
afterEach(() => t.stop());

const scopes = (key?: string, headers?: Record<string, string>) =>
  t.request({ path: '/v3/scopes', ...(key !== undefined ? { key } : {}), ...(headers ? { headers } : {}) });
/** The same key with its last character changed. */
const altered = (key: string) => key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');

describe('authentication', () => {
  it('answers GET /v3/scopes with the calling key\'s own scopes', async () => {
    const mailer = t.key(['mail.send', 'stats.read']);
    const response = await scopes(mailer.api_key);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ scopes: ['mail.send', 'stats.read'] });
  });

  it('401 "authorization required" without a Bearer header, whatever else is sent', async () => {
    const headers: Record<string, string>[] = [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }, { authorization: t.admin.api_key }];
    for (const h of headers) {
      const response = await scopes(undefined, h);
      expect(response.status, JSON.stringify(h)).toBe(401);
      expect(response.body).toEqual(sendgridError(AUTHORIZATION_REQUIRED));
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('401 with the same message for unknown, malformed, wrong, deleted, disabled and expired keys', async () => {
    const disabled = t.key(['mail.send']);
    t.store.keys.update(disabled.api_key_id, { disabled_at: t.clock.now().toISOString() });
    const expired = t.key(['mail.send']);
    t.store.keys.update(expired.api_key_id, { expires_at: t.clock.now().toISOString() });
    const deleted = t.key(['mail.send']);
    t.keys.remove(t.owner(), deleted.api_key_id);
    const rejected = {
      unknown: issueKey().apiKey,
      malformed: 'SG.not-a-key',
      wrongSecret: altered(t.admin.api_key),
      deleted: deleted.api_key,
      disabled: disabled.api_key,
      expired: expired.api_key,
    };
    for (const [why, key] of Object.entries(rejected)) {
      const response = await t.request({ path: '/v3/scopes', key });
      expect(response.status, why).toBe(401);
      expect(response.body, why).toEqual(sendgridError(INVALID_GRANT));
    }
    expect((await scopes(t.admin.api_key)).status).toBe(200);
  });

  it('accepts the scheme in any case and surrounding spaces, as HTTP allows', async () => {
    const response = await scopes(undefined, { authorization: `bearer   ${t.admin.api_key} ` });
    expect(response.status).toBe(200);
  });
});

describe('failed-authentication limit, per API Key ID', () => {
  /** `key` with another secret: the same API Key ID, a failure counted against it. */
  const wrongSecretFor = (key: string) => `${key.slice(0, 26)}${issueKey().apiKey.slice(26)}`;

  it('a valid key still gets 200 after 50 keyless and 50 wrong-key requests, its own ID among them', async () => {
    const other = t.key(['mail.send']);
    const keyless: Record<string, string>[] = [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }, { authorization: 'Bearer SG.not-a-key' }];
    for (let i = 0; i < 50; i++) expect((await scopes(undefined, keyless[i % keyless.length])).status).toBe(401);
    const wrong = [() => wrongSecretFor(t.admin.api_key), () => wrongSecretFor(other.api_key), () => issueKey().apiKey];
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) statuses.add((await scopes(wrong[i % wrong.length]!())).status);
    expect([...statuses].sort()).toEqual([401, 429]); // the limit did step in, for the wrong keys

    expect((await scopes(t.admin.api_key)).status).toBe(200);
    expect((await scopes(other.api_key)).status).toBe(200);
  });

  it('after 5 wrong keys naming one ID, more wrong keys naming it get 429 until the window passes; its real key, and other IDs, are unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await scopes(wrongSecretFor(t.admin.api_key))).status).toBe(401);

    const blocked = await scopes(wrongSecretFor(t.admin.api_key));
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(sendgridError('too many requests'));
    expect(blocked.headers['retry-after']).toBe('60');
    expect((await scopes(t.admin.api_key)).status).toBe(200);
    expect((await scopes(issueKey().apiKey)).status).toBe(401);

    t.clock.advance(59_000);
    const later = await scopes(wrongSecretFor(t.admin.api_key));
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('1');

    // The first five leave the window; the two refused meanwhile still count, but not up to five.
    t.clock.advance(1_000);
    expect((await scopes(wrongSecretFor(t.admin.api_key))).status).toBe(401);
  });

  it('counts every failing key naming an ID, whether the ID exists or not, and nothing without a key', async () => {
    const unknownId = issueKey();
    for (let i = 0; i < 5; i++) expect((await scopes(wrongSecretFor(unknownId.apiKey))).status).toBe(401);
    expect((await scopes(wrongSecretFor(unknownId.apiKey))).status).toBe(429); // no hint that the ID does not exist

    const deleted = t.key(['mail.send']);
    t.keys.remove(t.owner(), deleted.api_key_id);
    for (let i = 0; i < 5; i++) expect((await scopes(deleted.api_key)).status).toBe(401);
    expect((await scopes(deleted.api_key)).status).toBe(429);

    for (let i = 0; i < 20; i++) expect((await scopes(undefined, { authorization: `Bearer ${t.admin.api_key.slice(0, -1)}` })).status).toBe(401);
  });

  it('does not count successful calls or refused permissions as failures', async () => {
    const reader = t.key(['mail.send']);
    for (let i = 0; i < 10; i++) {
      expect((await scopes(t.admin.api_key)).status).toBe(200);
      expect((await t.request({ path: '/v3/api_keys', key: reader.api_key })).status).toBe(403);
    }
    for (let i = 0; i < 5; i++) expect((await scopes(wrongSecretFor(reader.api_key))).status).toBe(401);
    expect((await scopes(wrongSecretFor(reader.api_key))).status).toBe(429);
  });
});
