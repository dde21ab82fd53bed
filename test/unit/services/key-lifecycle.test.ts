import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../common/durations.ts';
import { KeydeskError } from '../../../common/errors.ts';
import { digestKey, generateKeyId, secretId } from '../../../main/core/key-format.ts';
import { describeChange } from '../../../main/services/audit-changes.ts';
import type { Caller } from '../../../main/services/caller.ts';
import { openTempStore, snapshot, type TempStore } from '../../helpers/temp-store.ts';
import { refusedWithoutChange, thrownBy } from '../../helpers/expect-error.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const create = (name = 'mailer', scopes = ['mail.send'], caller: Caller = t.owner()) => t.keys.create(caller, { name, scopes });
const inMs = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
const actions = () => t.store.audit.list().map((e) => e.action);

/** The call fails with the given first error and leaves every table exactly as it was. */
const expectRefusedWithoutChange = (work: () => unknown, code: string, first: { field: string | null; message: unknown }) =>
  expect(refusedWithoutChange(t.store, work, code).errors[0]).toEqual(first);

/** A key imported from SendGrid: metadata only, no secret here, and not counted by the 100-key limit. */
function importKey(name: string): string {
  const id = generateKeyId();
  const now = t.clock.now().toISOString();
  t.store.keys.insert({
    api_key_id: id, account_id: t.owner().account.id, name, access_type: 'restricted', scopes: ['mail.send'], origin: 'imported',
    last4: null, created_at: now, updated_at: now, last_used_at: null, last_used_by: null, expires_at: null, disabled_at: null, deleted_at: null,
  });
  return id;
}

describe('disable and enable', () => {
  it('a disabled key fails verify with its own reason; enabling restores it', () => {
    const { api_key, api_key_id } = create();
    const disabled = t.lifecycle.disable(t.owner(), api_key_id);
    expect(disabled.disabled_at).toBe(t.clock.now().toISOString());
    expect(t.verifier.verify(api_key)).toEqual({ ok: false, reason: 'disabled', message: 'this key is disabled' });
    // Unlike delete, the key is still listed and can come back.
    expect(t.keys.list(t.owner()).map((k) => k.api_key_id)).toEqual([api_key_id]);
    expect(t.lifecycle.enable(t.owner(), api_key_id).disabled_at).toBeNull();
    expect(t.verifier.verify(api_key).ok).toBe(true);
  });

  it('audits each change with before and after, and none when nothing changed', () => {
    const { api_key_id } = create();
    t.lifecycle.disable(t.owner(), api_key_id);
    t.lifecycle.disable(t.owner(), api_key_id);
    t.lifecycle.enable(t.owner(), api_key_id);
    t.lifecycle.enable(t.owner(), api_key_id);
    const entries = t.store.audit.list({ keyId: api_key_id });
    expect(entries.map((e) => e.action)).toEqual(['key.create', 'key.disable', 'key.enable']);
    expect(entries[1]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(describeChange(entries[1]!)).toBe('disabled');
    expect(describeChange(entries[2]!)).toBe('enabled');
  });

  it('a deleted key cannot be enabled again: delete stays permanent', () => {
    const { api_key_id } = create();
    t.keys.remove(t.owner(), api_key_id);
    expectRefusedWithoutChange(() => t.lifecycle.enable(t.owner(), api_key_id), 'NOT_FOUND', {
      field: 'api_key_id',
      message: 'unable to find API Key',
    });
  });

  it('needs api_keys.update when a key acts', () => {
    const { api_key_id } = create();
    const reader = t.asKey('reader', ['api_keys.read', 'api_keys.delete']);
    const forbidden = { field: null, message: 'access forbidden' };
    expectRefusedWithoutChange(() => t.lifecycle.disable(reader, api_key_id), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.lifecycle.enable(reader, api_key_id), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.lifecycle.setExpiry(reader, api_key_id, null), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.lifecycle.roll(reader, api_key_id), 'FORBIDDEN', forbidden);
    const updater = t.asKey('updater', ['api_keys.update']);
    expect(t.lifecycle.disable(updater, api_key_id).disabled_at).not.toBeNull();
    expect(t.store.audit.list().at(-1)).toMatchObject({ actor: 'key:updater', action: 'key.disable' });
  });
});

describe('expiry', () => {
  it('an expired key fails verify with its own reason', () => {
    const { api_key, api_key_id, expires_at } = t.keys.create(t.owner(), { name: 'temp', scopes: ['mail.send'], expires_at: inMs(HOUR_MS) });
    expect(expires_at).toBe(inMs(HOUR_MS));
    expect(t.keys.get(t.owner(), api_key_id).expires_at).toBe(expires_at);
    expect(t.verifier.verify(api_key).ok).toBe(true);
    t.clock.advance(HOUR_MS);
    expect(t.verifier.verify(api_key)).toEqual({ ok: false, reason: 'expired', message: 'this key has expired' });
  });

  it('create keeps SendGrid\'s response shape when no expiry is given', () => {
    expect(Object.keys(create())).toEqual(['api_key', 'api_key_id', 'name', 'scopes']);
  });

  it('is set, extended and removed on an existing key, each audited', () => {
    const { api_key, api_key_id } = create();
    t.lifecycle.setExpiry(t.owner(), api_key_id, '2026-02-01');
    expect(t.keys.get(t.owner(), api_key_id).expires_at).toBe('2026-02-01T00:00:00.000Z');
    t.clock.advance(20 * DAY_MS); // 2026-02-04: past it
    expect(t.verifier.verify(api_key)).toMatchObject({ reason: 'expired' });
    t.lifecycle.setExpiry(t.owner(), api_key_id, '2026-03-01T12:00:00Z'); // renewing an expired key is allowed
    expect(t.verifier.verify(api_key).ok).toBe(true);
    t.lifecycle.setExpiry(t.owner(), api_key_id, null);
    expect(t.keys.get(t.owner(), api_key_id).expires_at).toBeNull();
    const entries = t.store.audit.list({ keyId: api_key_id, action: 'key.expire' });
    expect(entries.map((e) => describeChange(e))).toEqual([
      'expiry never → 2026-02-01 00:00',
      'expiry 2026-02-01 00:00 → 2026-03-01 12:00',
      'expiry 2026-03-01 12:00 → never',
    ]);
  });

  it('refuses a date in the past or an unreadable one, changing nothing', () => {
    const { api_key_id } = create();
    expectRefusedWithoutChange(() => t.lifecycle.setExpiry(t.owner(), api_key_id, '2025-12-31'), 'BAD_REQUEST', {
      field: 'expires_at',
      message: 'expires_at must be in the future',
    });
    expectRefusedWithoutChange(() => t.keys.create(t.owner(), { name: 'x', expires_at: '31/12/2026' }), 'BAD_REQUEST', {
      field: 'expires_at',
      message: expect.stringMatching(/ISO-8601/),
    });
  });

  describe('account maximum-lifetime policy', () => {
    beforeEach(() => t.accounts.setPolicy(t.owner(), 'default', 90));

    it('refuses a key without expiry, or beyond the policy, on expires_at, changing nothing', () => {
      expectRefusedWithoutChange(() => t.keys.create(t.owner(), { name: 'forever', scopes: ['mail.send'] }), 'BAD_REQUEST', {
        field: 'expires_at',
        message: 'this account requires keys to expire within 90 days',
      });
      expectRefusedWithoutChange(
        () => t.keys.create(t.owner(), { name: 'long', scopes: ['mail.send'], expires_at: inMs(91 * DAY_MS) }),
        'BAD_REQUEST',
        { field: 'expires_at', message: expect.stringMatching(/at most 90 days: choose an expiry on or before/) },
      );
      expect(t.keys.create(t.owner(), { name: 'ok', scopes: ['mail.send'], expires_at: inMs(90 * DAY_MS) }).expires_at).toBe(inMs(90 * DAY_MS));
    });

    it('bounds later edits too: no removing or stretching the expiry', () => {
      const { api_key_id } = t.keys.create(t.owner(), { name: 'k', scopes: ['mail.send'], expires_at: inMs(30 * DAY_MS) });
      expectRefusedWithoutChange(() => t.lifecycle.setExpiry(t.owner(), api_key_id, null), 'BAD_REQUEST', {
        field: 'expires_at',
        message: 'this account requires keys to expire within 90 days',
      });
      expectRefusedWithoutChange(() => t.lifecycle.setExpiry(t.owner(), api_key_id, inMs(100 * DAY_MS)), 'BAD_REQUEST', {
        field: 'expires_at',
        message: expect.stringMatching(/at most 90 days/),
      });
    });

    it('applies to its own account only', () => {
      t.accounts.create(t.owner(), { name: 'other' });
      expect(t.keys.create(t.owner('other'), { name: 'forever', scopes: ['mail.send'] }).expires_at).toBeUndefined();
    });

    it('applies as soon as it is set, even to a session opened before', () => {
      const caller = t.owner('default'); // holds the account as it was read
      t.accounts.setPolicy(t.owner(), 'default', null);
      expect(() => t.keys.create(caller, { name: 'forever', scopes: ['mail.send'] })).not.toThrow();
      t.accounts.setPolicy(t.owner(), 'default', 7);
      expect(thrownBy(() => t.keys.create(caller, { name: 'long', scopes: ['mail.send'], expires_at: inMs(8 * DAY_MS) }), KeydeskError).errors[0]!.field).toBe(
        'expires_at',
      );
    });
  });
});

describe('roll', () => {
  it('gives a new secret for the same key ID and configuration, revealed once', () => {
    const old = create('mailer', ['mail.send', 'alerts.read']);
    t.lifecycle.disable(t.owner(), old.api_key_id);
    const rolled = t.lifecycle.roll(t.owner(), old.api_key_id, { grace_ms: HOUR_MS });
    expect(rolled).toEqual({
      api_key: expect.stringMatching(new RegExp(`^SG\\.${old.api_key_id.replace(/[-]/g, '\\-')}\\.[\\w-]{43}$`)),
      api_key_id: old.api_key_id,
      name: 'mailer',
      scopes: ['alerts.read', 'mail.send'],
      secret_id: secretId(digestKey(rolled.api_key)),
      previous_secret_id: secretId(digestKey(old.api_key)),
      previous_secret_retires_at: inMs(HOUR_MS),
    });
    expect(rolled.api_key).not.toBe(old.api_key);
    const after = t.keys.get(t.owner(), old.api_key_id);
    expect(after).toMatchObject({ last4: rolled.api_key.slice(-4), scopes: ['alerts.read', 'mail.send'], disabled_at: expect.any(String) });
    expect(JSON.stringify(snapshot(t.store))).not.toContain(rolled.api_key.split('.')[2]);
  });

  it('during the grace period both secrets verify; after it only the new one, and the old one fails as rolled out', () => {
    const old = create();
    const rolled = t.lifecycle.roll(t.owner(), old.api_key_id, { grace_ms: 24 * HOUR_MS });
    expect(t.verifier.verify(old.api_key).ok).toBe(true);
    expect(t.verifier.verify(rolled.api_key).ok).toBe(true);
    t.clock.advance(24 * HOUR_MS - 1);
    expect(t.verifier.verify(old.api_key).ok).toBe(true);
    t.clock.advance(1);
    expect(t.verifier.verify(old.api_key)).toEqual({
      ok: false,
      reason: 'retired_secret',
      message: 'this secret was replaced when the key was rolled, and its grace period is over',
    });
    expect(t.verifier.verify(rolled.api_key).ok).toBe(true);
  });

  it('with no grace (the default), the old secret fails at once', () => {
    const old = create();
    const rolled = t.lifecycle.roll(t.owner(), old.api_key_id);
    expect(rolled.previous_secret_retires_at).toBe(t.clock.now().toISOString());
    expect(t.verifier.verify(old.api_key)).toMatchObject({ ok: false, reason: 'retired_secret' });
    expect(t.verifier.verify(rolled.api_key).ok).toBe(true);
  });

  it('rolled twice within the grace, keeps only the current and the previous secret', () => {
    const first = create();
    const second = t.lifecycle.roll(t.owner(), first.api_key_id, { grace_ms: 7 * DAY_MS });
    t.clock.advance(HOUR_MS);
    const third = t.lifecycle.roll(t.owner(), first.api_key_id, { grace_ms: HOUR_MS });
    expect(t.store.keys.secrets(first.api_key_id)).toHaveLength(2);
    expect(t.verifier.verify(first.api_key)).toMatchObject({ ok: false, reason: 'wrong_secret' }); // its grace ended with the second roll
    expect(t.verifier.verify(second.api_key).ok).toBe(true);
    expect(t.verifier.verify(third.api_key).ok).toBe(true);
    expect(t.lifecycle.secrets(t.owner(), first.api_key_id)).toEqual([
      { secret_id: third.secret_id, retires_at: null, state: 'current' },
      { secret_id: second.secret_id, retires_at: inMs(HOUR_MS), state: 'in_grace' },
    ]);
  });

  it('is audited with the short ids of the old and new secrets, never a secret or digest', () => {
    const old = create();
    const rolled = t.lifecycle.roll(t.owner('default', 'cli'), old.api_key_id, { grace_ms: HOUR_MS });
    const entry = t.store.audit.list({ action: 'key.roll' })[0]!;
    expect(entry).toMatchObject({
      actor: 'owner',
      via: 'cli',
      key_id: old.api_key_id,
      before: { secret_id: secretId(digestKey(old.api_key)), previous_secret_id: null, scopes: ['mail.send'] },
      after: { secret_id: rolled.secret_id, previous_secret_id: secretId(digestKey(old.api_key)), previous_secret_retires_at: inMs(HOUR_MS) },
    });
    const text = JSON.stringify(entry);
    for (const key of [old.api_key, rolled.api_key]) {
      expect(text).not.toContain(key.split('.')[2]);
      expect(text).not.toContain(digestKey(key).toString('hex'));
    }
    expect(describeChange(entry)).toBe(
      `rolled: secret ${secretId(digestKey(old.api_key))} → ${rolled.secret_id}, old secret works until ${inMs(HOUR_MS).slice(0, 16).replace('T', ' ')}`,
    );
  });

  it('refuses a grace beyond 30 days, an expired key and an imported one, changing nothing', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'k', scopes: ['mail.send'], expires_at: inMs(HOUR_MS) });
    expectRefusedWithoutChange(() => t.lifecycle.roll(t.owner(), api_key_id, { grace_ms: 31 * DAY_MS }), 'BAD_REQUEST', {
      field: 'grace',
      message: expect.stringMatching(/30 days/),
    });
    t.clock.advance(HOUR_MS);
    expectRefusedWithoutChange(() => t.lifecycle.roll(t.owner(), api_key_id), 'CONFLICT', {
      field: 'api_key_id',
      message: 'this key has expired; give it a new expiry before rolling it',
    });
    const imported = importKey('from SendGrid');
    expectRefusedWithoutChange(() => t.lifecycle.roll(t.owner(), imported), 'CONFLICT', {
      field: 'api_key_id',
      message: expect.stringMatching(/imported/),
    });
  });

  it('a key cannot roll a key holding scopes it lacks: it would mint itself a stronger secret', () => {
    const strong = create('strong', ['mail.send', 'alerts.read']);
    const weak = create('weak', ['alerts.read']);
    const roller = t.asKey('roller', ['api_keys.update', 'alerts.read']);
    expectRefusedWithoutChange(() => t.lifecycle.roll(roller, strong.api_key_id), 'BAD_REQUEST', {
      field: 'scopes',
      message: 'unauthorized scopes: [mail.send]',
    });
    expect(t.lifecycle.roll(roller, weak.api_key_id).api_key_id).toBe(weak.api_key_id);
  });
});

describe('bulk actions', () => {
  it('bulk delete of 500 keys is one audit-logged transaction', () => {
    const issued = Array.from({ length: 100 }, (_, i) => create(`issued ${i}`));
    const imported = Array.from({ length: 400 }, (_, i) => importKey(`imported ${i}`));
    const ids = [...issued.map((k) => k.api_key_id), ...imported];

    // First, the very last step fails (a real SQLite error, raised by a trigger): 499 keys were
    // already deleted and audited inside the transaction, and all of it must roll back.
    t.store.db.exec(`CREATE TRIGGER fail_last BEFORE UPDATE OF deleted_at ON keys WHEN NEW.id = '${ids.at(-1)}'
                     BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = snapshot(t.store);
    expect(() => t.lifecycle.bulk(t.owner(), { action: 'delete', api_key_ids: ids })).toThrow(/disk trouble/);
    expect(snapshot(t.store)).toEqual(before);
    t.store.db.exec('DROP TRIGGER fail_last');

    const auditBefore = t.store.audit.list().length;
    const outcome = t.lifecycle.bulk(t.owner(), { action: 'delete', api_key_ids: ids });
    expect(outcome.applied).toBe(true);
    expect(outcome.results).toHaveLength(500);
    expect(outcome.results.every((r) => r.ok && r.changed)).toBe(true);
    expect(t.keys.list(t.owner())).toEqual([]);
    const entries = t.store.audit.list().slice(auditBefore);
    expect(entries).toHaveLength(500);
    expect(entries.every((e) => e.action === 'key.delete')).toBe(true);
    expect(new Set(entries.map((e) => e.key_id))).toEqual(new Set(ids));
    expect(t.store.audit.verifyChain().intact).toBe(true);
    for (const key of issued.slice(0, 3)) expect(t.verifier.verify(key.api_key)).toMatchObject({ reason: 'deleted' });
  });

  it('leaves nothing half-done when a step fails in the middle', () => {
    const keys = Array.from({ length: 60 }, (_, i) => create(`k${i}`));
    const victim = keys[30]!.api_key_id;
    // A real failure inside the transaction, after 30 keys were already deleted and audited.
    t.store.db.exec(`CREATE TRIGGER fail_midway BEFORE UPDATE OF deleted_at ON keys WHEN NEW.id = '${victim}'
                     BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = snapshot(t.store);
    expect(() => t.lifecycle.bulk(t.owner(), { action: 'delete', api_key_ids: keys.map((k) => k.api_key_id) })).toThrow(/disk trouble/);
    expect(snapshot(t.store)).toEqual(before);
    expect(t.verifier.verify(keys[0]!.api_key).ok).toBe(true);
  });

  it('all or nothing: one unknown ID fails the batch, is named, and nothing changes', () => {
    const a = create('a');
    const b = create('b');
    t.accounts.create(t.owner(), { name: 'other' });
    const foreign = t.keys.create(t.owner('other'), { name: 'theirs', scopes: ['mail.send'] });
    const before = snapshot(t.store);
    const outcome = t.lifecycle.bulk(t.owner(), { action: 'disable', api_key_ids: [a.api_key_id, 'nope', b.api_key_id, foreign.api_key_id] });
    const missing = { field: 'api_key_id', message: 'unable to find API Key' };
    expect(outcome).toEqual({
      action: 'disable',
      applied: false,
      results: [
        { api_key_id: a.api_key_id, ok: true, changed: false },
        { api_key_id: 'nope', ok: false, changed: false, error: missing },
        { api_key_id: b.api_key_id, ok: true, changed: false },
        { api_key_id: foreign.api_key_id, ok: false, changed: false, error: missing }, // another account's key is not found
      ],
    });
    expect(snapshot(t.store)).toEqual(before);
  });

  it('disables, enables and sets expiry on many keys, reporting keys already so as unchanged', () => {
    const [a, b, c] = [create('a'), create('b'), create('c')];
    t.lifecycle.disable(t.owner(), b.api_key_id);
    const ids = [a.api_key_id, b.api_key_id, c.api_key_id, a.api_key_id]; // a repeated ID counts once
    const disabled = t.lifecycle.bulk(t.owner(), { action: 'disable', api_key_ids: ids });
    expect(disabled.results.map((r) => [r.api_key_id, r.changed])).toEqual([
      [a.api_key_id, true],
      [b.api_key_id, false],
      [c.api_key_id, true],
    ]);
    for (const k of [a, b, c]) expect(t.verifier.verify(k.api_key)).toMatchObject({ reason: 'disabled' });
    expect(t.lifecycle.bulk(t.owner(), { action: 'enable', api_key_ids: ids }).results.every((r) => r.changed)).toBe(true);
    const expiring = t.lifecycle.bulk(t.owner(), { action: 'expire', api_key_ids: ids, expires_at: inMs(DAY_MS) });
    expect(expiring.applied).toBe(true);
    expect(t.keys.list(t.owner()).map((k) => k.expires_at)).toEqual([inMs(DAY_MS), inMs(DAY_MS), inMs(DAY_MS)]);
    expect(actions().filter((action) => action === 'key.expire')).toHaveLength(3);
  });

  it('refuses a bad request as a whole, changing nothing', () => {
    const { api_key_id } = create();
    const owner = t.owner();
    expectRefusedWithoutChange(() => t.lifecycle.bulk(owner, { action: 'disable', api_key_ids: [] }), 'BAD_REQUEST', {
      field: 'api_key_ids',
      message: 'choose at least one API Key ID',
    });
    expectRefusedWithoutChange(() => t.lifecycle.bulk(owner, { action: 'expire', api_key_ids: [api_key_id] }), 'BAD_REQUEST', {
      field: 'expires_at',
      message: 'choose an expiry, or null to remove it',
    });
    expectRefusedWithoutChange(
      () => t.lifecycle.bulk(owner, { action: 'expire', api_key_ids: [api_key_id], expires_at: '2020-01-01' }),
      'BAD_REQUEST',
      { field: 'expires_at', message: 'expires_at must be in the future' },
    );
    expectRefusedWithoutChange(
      () => t.lifecycle.bulk(owner, { action: 'roll' as 'delete', api_key_ids: [api_key_id] }),
      'BAD_REQUEST',
      { field: 'action', message: 'action must be one of delete, disable, enable, expire' },
    );
  });

  it('needs api_keys.delete to delete and api_keys.update for the rest, when a key acts', () => {
    const { api_key_id } = create();
    const updater = t.asKey('updater', ['api_keys.update']);
    const deleter = t.asKey('deleter', ['api_keys.delete']);
    const forbidden = { field: null, message: 'access forbidden' };
    expectRefusedWithoutChange(() => t.lifecycle.bulk(updater, { action: 'delete', api_key_ids: [api_key_id] }), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.lifecycle.bulk(deleter, { action: 'disable', api_key_ids: [api_key_id] }), 'FORBIDDEN', forbidden);
    expect(t.lifecycle.bulk(updater, { action: 'disable', api_key_ids: [api_key_id] }).applied).toBe(true);
    expect(t.lifecycle.bulk(deleter, { action: 'delete', api_key_ids: [api_key_id] }).applied).toBe(true);
  });
});
