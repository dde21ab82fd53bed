import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeydeskError } from '../../../common/errors.ts';
import { BILLING_SCOPES, FULL_ACCESS_SCOPES, scopesForLevels } from '../../../common/permissions.ts';
import { refusedWithoutChange, thrownBy } from '../../helpers/expect-error.ts';
import { addAccount, openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

/** The call fails with the given body and leaves every table exactly as it was. */
const expectRejectedWithoutChange = (work: () => unknown, code: string, body: unknown) =>
  expect(refusedWithoutChange(t.store, work, code).toBody()).toEqual(body);

describe('create', () => {
  it('returns the key once, in SendGrid\'s shape, and stores only its metadata', () => {
    const created = t.keys.create(t.owner(), { name: 'Prod mailer', scopes: ['mail.send', 'alerts.read'] });
    expect(created).toEqual({
      api_key: expect.stringMatching(/^SG\.[\w-]{22}\.[\w-]{43}$/),
      api_key_id: created.api_key.split('.')[1],
      name: 'Prod mailer',
      scopes: ['alerts.read', 'mail.send'],
    });
    const stored = t.keys.get(t.owner(), created.api_key_id);
    expect(stored).toMatchObject({ name: 'Prod mailer', access_type: 'restricted', origin: 'issued', last4: created.api_key.slice(-4) });
    expect(JSON.stringify(stored)).not.toContain(created.api_key.split('.')[2]);
  });

  it('gives Full Access when no scopes are asked for, as SendGrid does', () => {
    const created = t.keys.create(t.owner(), { name: 'all' });
    expect(created.scopes).toEqual(FULL_ACCESS_SCOPES);
    expect(t.keys.get(t.owner(), created.api_key_id).access_type).toBe('full');
  });

  it('creates Billing keys', () => {
    const created = t.keys.create(t.owner(), { name: 'billing', scopes: BILLING_SCOPES });
    expect(t.keys.get(t.owner(), created.api_key_id).access_type).toBe('billing');
  });

  it('stores exactly the catalog scopes for chosen levels', () => {
    const scopes = scopesForLevels({ mail_send: 'full', stats: 'read', template_engine: 'read' });
    const created = t.keys.create(t.owner(), { name: 'levels', scopes });
    expect(t.keys.get(t.owner(), created.api_key_id).scopes).toEqual(scopes);
  });

  it('audits the creation without the secret', () => {
    const created = t.keys.create(t.owner('default', 'cli'), { name: 'audited', scopes: ['mail.send'] });
    const [entry] = t.store.audit.list();
    expect(entry).toMatchObject({ action: 'key.create', actor: 'owner', via: 'cli', key_id: created.api_key_id, before: null });
    expect(entry!.after).toEqual({
      name: 'audited',
      access_type: 'restricted',
      scopes: ['mail.send'],
      origin: 'issued',
      expires_at: null,
      disabled: false,
      // The secret's short id (from its digest), so a replay of the log can vouch for the digest.
      secret_id: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(JSON.stringify(entry)).not.toContain(created.api_key);
  });

  it('rejects a missing name, changing nothing', () => {
    expectRejectedWithoutChange(() => t.keys.create(t.owner(), { name: '', scopes: ['mail.send'] }), 'BAD_REQUEST', {
      errors: [{ field: 'name', message: 'missing required argument' }],
    });
  });

  it('rejects billing mixed with other scopes, changing nothing', () => {
    const error = thrownBy(() => t.keys.create(t.owner(), { name: 'mixed', scopes: ['billing.read', 'mail.send'] }), KeydeskError);
    expect(error.errors[0]!.field).toBe('scopes');
    expect(t.keys.list(t.owner())).toEqual([]);
  });

  it('stops at 100 keys per account with SendGrid\'s 403, and deleting one frees a slot', () => {
    const owner = t.owner();
    const ids = Array.from({ length: 100 }, (_, i) => t.keys.create(owner, { name: `k${i}`, scopes: ['mail.send'] }).api_key_id);
    expectRejectedWithoutChange(() => t.keys.create(owner, { name: 'k100', scopes: ['mail.send'] }), 'FORBIDDEN', {
      errors: [{ field: null, message: 'Cannot create more than 100 API Keys' }],
    });
    t.keys.remove(owner, ids[0]!);
    expect(() => t.keys.create(owner, { name: 'k100', scopes: ['mail.send'] })).not.toThrow();
  });

  it('counts the limit per account', () => {
    addAccount(t.store, 'subuser-eu');
    for (let i = 0; i < 100; i++) t.keys.create(t.owner(), { name: `k${i}`, scopes: ['mail.send'] });
    expect(() => t.keys.create(t.owner('subuser-eu'), { name: 'first', scopes: ['mail.send'] })).not.toThrow();
  });
});

describe('acting as a key', () => {
  it('needs api_keys scopes for each operation, else 403 access forbidden', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'target', scopes: ['mail.send'] });
    const reader = t.asKey('reader', ['api_keys.read', 'mail.send']);
    expect(t.keys.list(reader)).toHaveLength(1);
    const forbidden = { errors: [{ field: null, message: 'access forbidden' }] };
    expectRejectedWithoutChange(() => t.keys.create(reader, { name: 'x', scopes: ['mail.send'] }), 'FORBIDDEN', forbidden);
    expectRejectedWithoutChange(() => t.keys.rename(reader, api_key_id, 'x'), 'FORBIDDEN', forbidden);
    expectRejectedWithoutChange(() => t.keys.replace(reader, api_key_id, { name: 'x', scopes: ['mail.send'] }), 'FORBIDDEN', forbidden);
    expectRejectedWithoutChange(() => t.keys.remove(reader, api_key_id), 'FORBIDDEN', forbidden);
    expect(thrownBy(() => t.keys.list(t.asKey('mailer', ['mail.send'])), KeydeskError).code).toBe('FORBIDDEN');
  });

  it('cannot grant beyond its own scopes', () => {
    const minter = t.asKey('minter', ['api_keys.create', 'api_keys.update', 'api_keys.read', 'alerts.read']);
    expectRejectedWithoutChange(() => t.keys.create(minter, { name: 'x', scopes: ['alerts.read', 'mail.send'] }), 'BAD_REQUEST', {
      errors: [{ field: 'scopes', message: 'unauthorized scopes: [mail.send]' }],
    });
    const ok = t.keys.create(minter, { name: 'x', scopes: ['alerts.read'] });
    expect(t.store.audit.list().at(-1)).toMatchObject({ actor: 'key:minter', via: 'api', key_id: ok.api_key_id });
    expect(thrownBy(() => t.keys.replace(minter, ok.api_key_id, { name: 'x', scopes: ['mail.send'] }), KeydeskError).errors[0]!.message).toBe(
      'unauthorized scopes: [mail.send]',
    );
  });

  it("cannot see or touch another account's keys", () => {
    addAccount(t.store, 'other');
    const { api_key_id } = t.keys.create(t.owner('other'), { name: 'theirs', scopes: ['mail.send'] });
    const admin = t.asKey('admin', ['api_keys.read', 'api_keys.delete']);
    expect(t.keys.list(admin)).toEqual([]);
    expect(thrownBy(() => t.keys.get(admin, api_key_id), KeydeskError).code).toBe('NOT_FOUND');
    expect(thrownBy(() => t.keys.remove(admin, api_key_id), KeydeskError).code).toBe('NOT_FOUND');
  });
});

describe('rename, replace, delete', () => {
  it('renames (PATCH) and audits before and after', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'old', scopes: ['mail.send'] });
    t.clock.advance(1000);
    const renamed = t.keys.rename(t.owner(), api_key_id, 'new');
    expect(renamed).toMatchObject({ name: 'new', scopes: ['mail.send'] });
    expect(renamed.updated_at > renamed.created_at).toBe(true);
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: 'key.rename', before: { name: 'old' }, after: { name: 'new' } });
  });

  it('rejects a bad new name, changing nothing', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'old', scopes: ['mail.send'] });
    expectRejectedWithoutChange(() => t.keys.rename(t.owner(), api_key_id, ' '), 'BAD_REQUEST', {
      errors: [{ field: 'name', message: 'missing required argument' }],
    });
  });

  it('replaces the whole scope set (PUT), recomputing the access type', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'k', scopes: ['mail.send', 'alerts.read'] });
    const replaced = t.keys.replace(t.owner(), api_key_id, { name: 'k', scopes: ['categories.read'] });
    expect(replaced.scopes).toEqual(['categories.read']);
    const full = t.keys.replace(t.owner(), api_key_id, { name: 'k2', scopes: FULL_ACCESS_SCOPES });
    expect(full).toMatchObject({ name: 'k2', access_type: 'full' });
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: 'key.update', before: { scopes: ['categories.read'] } });
  });

  it('needs a name on replace, with SendGrid\'s message', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'k', scopes: ['mail.send'] });
    const body = { errors: [{ field: null, message: "expected JSON request body with 'name' property" }] };
    expectRejectedWithoutChange(() => t.keys.replace(t.owner(), api_key_id, { scopes: ['alerts.read'] } as never), 'BAD_REQUEST', body);
  });

  it('deletes for good: gone from list and get, secret digests removed, audited', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'doomed', scopes: ['mail.send'] });
    t.keys.remove(t.owner(), api_key_id);
    expect(t.keys.list(t.owner())).toEqual([]);
    expect(thrownBy(() => t.keys.get(t.owner(), api_key_id), KeydeskError).toBody()).toEqual({
      errors: [{ field: 'api_key_id', message: 'unable to find API Key' }],
    });
    expect(t.store.keys.secrets(api_key_id)).toEqual([]);
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: 'key.delete', key_id: api_key_id, after: null });
    expect(thrownBy(() => t.keys.remove(t.owner(), api_key_id), KeydeskError).code).toBe('NOT_FOUND');
  });

  it('answers 404 for unknown keys with SendGrid\'s messages', () => {
    expect(thrownBy(() => t.keys.get(t.owner(), 'nope'), KeydeskError).errors[0]!.message).toBe('unable to find API Key');
    expect(thrownBy(() => t.keys.replace(t.owner(), 'nope', { name: 'x', scopes: ['mail.send'] }), KeydeskError).errors[0]!.message).toBe(
      'unable to find API Key to update',
    );
  });
});

describe('secrets at rest', () => {
  it('never writes a secret to the database files (db, -wal, -shm) or the audit log', () => {
    const issued = Array.from({ length: 5 }, (_, i) => t.keys.create(t.owner(), { name: `k${i}`, scopes: ['mail.send'] }).api_key);
    t.keys.rename(t.owner(), issued[0]!.split('.')[1]!, 'renamed');
    const files = ['', '-wal', '-shm'].map((suffix) => {
      try {
        return readFileSync(t.path + suffix);
      } catch {
        return Buffer.alloc(0);
      }
    });
    expect(files[1]!.length).toBeGreaterThan(0); // the WAL really holds the writes we scan
    for (const key of issued) {
      const secret = key.split('.')[2]!;
      const rawSecret = Buffer.from(secret, 'base64url');
      for (const bytes of files) {
        expect(bytes.includes(key)).toBe(false);
        expect(bytes.includes(secret)).toBe(false);
        expect(bytes.includes(rawSecret)).toBe(false);
      }
    }
  });
});
