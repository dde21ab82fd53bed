/** Who may call: Bearer keys from the store, SendGrid's 401 bodies, and the failed-auth rate limit. */
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
    // A fresh client address per key, so the rate limit (5 here) does not step in.
    let n = 2;
    for (const [why, key] of Object.entries(rejected)) {
      const response = await t.request({ path: '/v3/scopes', key, from: `127.0.0.${n++}` });
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

describe('failed-authentication rate limit', () => {
  it('turns a client away with 429 after 5 failures a minute, even with a good key, until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await scopes(issueKey().apiKey)).status).toBe(401);

    const blocked = await scopes(t.admin.api_key);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(sendgridError('too many requests'));
    expect(blocked.headers['retry-after']).toBe('60');

    t.clock.advance(59_000);
    const later = await scopes(t.admin.api_key);
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('1');

    t.clock.advance(1_000);
    expect((await scopes(t.admin.api_key)).status).toBe(200);
  });

  it('counts per client address: one guessing client does not lock out another', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.request({ path: '/v3/scopes', key: issueKey().apiKey, from: '127.0.0.2' })).status).toBe(401);
    }
    expect((await t.request({ path: '/v3/scopes', key: t.admin.api_key, from: '127.0.0.2' })).status).toBe(429);
    expect((await t.request({ path: '/v3/scopes', key: t.admin.api_key, from: '127.0.0.1' })).status).toBe(200);
  });

  it('does not count successful calls or refused permissions as failures', async () => {
    const reader = t.key(['mail.send']);
    for (let i = 0; i < 10; i++) {
      expect((await scopes(t.admin.api_key)).status).toBe(200);
      expect((await t.request({ path: '/v3/api_keys', key: reader.api_key })).status).toBe(403);
    }
    expect((await scopes(t.admin.api_key)).status).toBe(200);
  });
});
