import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestKey, digestsEqual, issueKey, keyIdInText, parseKey, secretId } from '../../../main/core/key-format.ts';

describe('key format', () => {
  it('issues SG.<22>.<43> keys, 69 characters, base64url', () => {
    const key = issueKey();
    expect(key.apiKey).toHaveLength(69);
    expect(key.apiKey).toMatch(/^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(key.apiKey.split('.')[1]).toBe(key.id);
    expect(Buffer.from(key.id, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key.apiKey.split('.')[2]!, 'base64url')).toHaveLength(32);
    expect(key.last4).toBe(key.apiKey.slice(-4));
  });

  it('never issues the same key twice', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => issueKey().apiKey));
    expect(keys.size).toBe(2000);
  });

  it('keeps the ID when rolling a key', () => {
    const first = issueKey();
    const rolled = issueKey(first.id);
    expect(rolled.id).toBe(first.id);
    expect(rolled.apiKey).not.toBe(first.apiKey);
  });

  it('stores a SHA-256 digest of the whole key', () => {
    const key = issueKey();
    expect(key.digest).toEqual(createHash('sha256').update(key.apiKey).digest());
    expect(digestKey(key.apiKey)).toEqual(key.digest);
  });

  it('parses well-formed keys and rejects malformed ones', () => {
    const { apiKey, id } = issueKey();
    expect(parseKey(apiKey)).toEqual({ id, apiKey });
    const malformed = [
      '',
      apiKey.slice(0, -1),
      `${apiKey}x`,
      apiKey.replace(/^SG/, 'sg'),
      apiKey.replace('.', ':'),
      `${apiKey.slice(0, 10)}+${apiKey.slice(11)}`,
      ` ${apiKey}`,
      `SG.${id}`,
    ];
    for (const text of malformed) expect(parseKey(text)).toBeNull();
  });

  it('compares digests in constant time, and only equal lengths match', () => {
    const a = digestKey('a');
    expect(digestsEqual(a, digestKey('a'))).toBe(true);
    expect(digestsEqual(a, digestKey('b'))).toBe(false);
    expect(digestsEqual(a, a.subarray(0, 16))).toBe(false);
  });

  it('finds the API Key ID inside pasted text', () => {
    const { apiKey, id } = issueKey();
    expect(keyIdInText(`SENDGRID_API_KEY="${apiKey}"`)).toBe(id);
    expect(keyIdInText('no key here')).toBeNull();
  });

  it('names a secret by 12 hex characters of SHA-256 over its digest, which reveal neither', () => {
    const key = issueKey();
    const id = secretId(key.digest);
    expect(id).toBe(createHash('sha256').update(key.digest).digest('hex').slice(0, 12));
    expect(key.digest.toString('hex')).not.toContain(id);
    expect(secretId(issueKey(key.id).digest)).not.toBe(id);
  });
});
