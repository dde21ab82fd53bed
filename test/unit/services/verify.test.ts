import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueKey } from '../../../main/core/key-format.ts';
import { createVerifier, REJECT_MESSAGES } from '../../../main/services/verify.ts';
import type { Store } from '../../../main/store/store.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const create = (scopes = ['mail.send']) => t.keys.create(t.owner(), { name: 'mailer', scopes });
/** The same key with its last character changed. */
const altered = (key: string) => key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
const changes = () => t.store.db.prepare('SELECT total_changes() AS n').get() as { n: number };

describe('verify', () => {
  it('accepts a live key and returns its ID, account and scopes', () => {
    const { api_key, api_key_id } = create(['mail.send', 'alerts.read']);
    expect(t.verifier.verify(api_key)).toEqual({
      ok: true,
      key: { api_key_id, account_id: 1, scopes: ['alerts.read', 'mail.send'] },
    });
  });

  it('rejects a key with one character changed', () => {
    const { api_key } = create();
    expect(t.verifier.verify(altered(api_key))).toMatchObject({ ok: false, reason: 'wrong_secret' });
    const idChanged = api_key.slice(0, 5) + (api_key[5] === 'A' ? 'B' : 'A') + api_key.slice(6);
    expect(t.verifier.verify(idChanged)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('rejects a deleted key, every time after', () => {
    const { api_key, api_key_id } = create();
    expect(t.verifier.verify(api_key).ok).toBe(true);
    t.keys.remove(t.owner(), api_key_id);
    for (let i = 0; i < 3; i++) expect(t.verifier.verify(api_key)).toMatchObject({ ok: false, reason: 'deleted' });
  });

  it('rejects unknown keys', () => {
    expect(t.verifier.verify(issueKey().apiKey)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('turns malformed keys away before touching the database', () => {
    t.store.db.close(); // any query would now throw
    for (const text of ['', 'SG.short.key', `Bearer ${issueKey().apiKey}`]) {
      expect(t.verifier.verify(text)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('rejects disabled and expired keys, but only for the holder of the real secret', () => {
    const disabled = create();
    t.store.keys.update(disabled.api_key_id, { disabled_at: t.clock.now().toISOString() });
    expect(t.verifier.verify(disabled.api_key)).toMatchObject({ ok: false, reason: 'disabled' });
    expect(t.verifier.verify(altered(disabled.api_key))).toMatchObject({ ok: false, reason: 'wrong_secret' });

    const expiring = create();
    t.store.keys.update(expiring.api_key_id, { expires_at: new Date(t.clock.now().getTime() + 1000).toISOString() });
    expect(t.verifier.verify(expiring.api_key).ok).toBe(true);
    t.clock.advance(1000);
    expect(t.verifier.verify(expiring.api_key)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('accepts a rolled-away secret until its grace period ends, then only the new one', () => {
    const old = create();
    const fresh = issueKey(old.api_key_id);
    const graceEnds = new Date(t.clock.now().getTime() + 60_000).toISOString();
    t.store.write(() => t.store.keys.rollSecret(old.api_key_id, fresh.digest, graceEnds));
    expect(t.verifier.verify(old.api_key).ok).toBe(true);
    expect(t.verifier.verify(fresh.apiKey).ok).toBe(true);
    t.clock.advance(60_000);
    expect(t.verifier.verify(old.api_key)).toMatchObject({ ok: false, reason: 'retired_secret' });
    expect(t.verifier.verify(fresh.apiKey).ok).toBe(true);
  });

  it('records when and by whom a key was last used', () => {
    const { api_key, api_key_id } = create();
    t.verifier.verify(api_key, { caller: 'billing-worker' });
    expect(t.store.keys.find(api_key_id)).toMatchObject({ last_used_at: t.clock.now().toISOString(), last_used_by: 'billing-worker' });
  });

  it('coalesces last-used writes: 10,000 verifications over 100 s cost at most a handful', () => {
    const { api_key } = create();
    const before = changes().n;
    for (let i = 0; i < 10_000; i++) {
      expect(t.verifier.verify(api_key).ok).toBe(true);
      t.clock.advance(10);
    }
    const writes = changes().n - before;
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('does not write when another process recorded a use within the minute', () => {
    const { api_key } = create();
    t.verifier.verify(api_key);
    const before = changes().n;
    // A second verifier over the same store stands in for another process with its own memory.
    createVerifier(t.store, t.clock).verify(api_key);
    expect(changes().n - before).toBe(0);
  });

  it('10,000 verifications spread over 10 minutes cost one write per minute', () => {
    const { api_key, api_key_id } = create();
    const before = changes().n;
    for (let i = 0; i < 10_000; i++) {
      expect(t.verifier.verify(api_key, { caller: 'worker' }).ok).toBe(true);
      t.clock.advance(60); // 10,000 × 60 ms = 10 minutes
    }
    expect(changes().n - before).toBeLessThanOrEqual(11);
    // ...and the record is still at most a minute stale.
    const lastUsed = Date.parse(t.store.keys.find(api_key_id)!.last_used_at!);
    expect(t.clock.now().getTime() - lastUsed).toBeLessThanOrEqual(60_000 + 60);
  });

  it('10,000 verifications by as many fresh verifiers (separate processes) add nothing to the WAL after the first', () => {
    const { api_key } = create();
    const wal = () => statSync(`${t.path}-wal`).size;
    createVerifier(t.store, t.clock).verify(api_key);
    const afterFirst = wal();
    for (let i = 0; i < 10_000; i++) {
      // No shared memory between them: only the UPDATE's own condition holds the writes back.
      expect(createVerifier(t.store, t.clock).verify(api_key).ok).toBe(true);
      t.clock.advance(5); // 50 s in all
    }
    expect(wal()).toBe(afterFirst);
    t.clock.advance(10_000);
    createVerifier(t.store, t.clock).verify(api_key);
    expect(wal()).toBeGreaterThan(afterFirst); // a minute on, the use is recorded again: the probe can see writes
  });

  it('records a caller label only when it reads like a name', () => {
    const { api_key, api_key_id } = create();
    t.verifier.verify(api_key, { caller: 'bad\u202Elabel' });
    expect(t.store.keys.find(api_key_id)!.last_used_by).toBeNull();
    t.clock.advance(60_000);
    t.verifier.verify(api_key, { caller: 'x'.repeat(101) });
    expect(t.store.keys.find(api_key_id)!.last_used_by).toBeNull();
    t.clock.advance(60_000);
    t.verifier.verify(api_key, { caller: 'checkout-service' });
    expect(t.store.keys.find(api_key_id)!.last_used_by).toBe('checkout-service');
  });

  it('says why in words a person reads, for every reason', () => {
    expect(REJECT_MESSAGES).toEqual({
      malformed: 'not a SendGrid API key: expected SG.<22-character ID>.<43-character secret>',
      unknown: 'no key with this API Key ID exists in this store',
      deleted: 'this key has been deleted',
      not_issued_here: 'this key was imported; its secret lives in SendGrid, not in this store',
      wrong_secret: 'the secret does not match this API Key ID',
      retired_secret: 'this secret was replaced when the key was rolled, and its grace period is over',
      disabled: 'this key is disabled',
      expired: 'this key has expired',
    });
    expect(t.verifier.verify('nope')).toEqual({ ok: false, reason: 'malformed', message: 'not a SendGrid API key: expected SG.<22-character ID>.<43-character secret>' });
  });

  it('refuses a key recorded as imported, even one whose row holds a digest', () => {
    const { api_key, api_key_id } = create();
    t.store.db.prepare("UPDATE keys SET origin = 'imported' WHERE id = ?").run(api_key_id);
    expect(t.verifier.verify(api_key)).toMatchObject({ ok: false, reason: 'not_issued_here' });
  });

  it('checks a key in a fixed order, whatever else its row says: deleted, not issued here, secret, disabled, expired', () => {
    // The status crosses from SQLite as bits of one number (key-table.ts): each reason must still
    // come out alone and in its place.
    const { api_key, api_key_id } = create();
    const set = (sql: string) => t.store.db.prepare(`UPDATE keys SET ${sql} WHERE id = ?`).run(api_key_id);
    const reasons = (key = api_key) => t.verifier.verify(key);
    set(`expires_at = '${t.clock.now().toISOString()}'`);
    expect(reasons()).toMatchObject({ reason: 'expired' });
    set(`disabled_at = '${t.clock.now().toISOString()}'`);
    expect(reasons()).toMatchObject({ reason: 'disabled' });
    expect(reasons(altered(api_key))).toMatchObject({ reason: 'wrong_secret' });
    set("origin = 'pulled'");
    expect(reasons()).toMatchObject({ reason: 'not_issued_here' });
    set(`deleted_at = '${t.clock.now().toISOString()}'`);
    expect(reasons()).toMatchObject({ reason: 'deleted' });
    set("origin = 'issued', disabled_at = NULL, expires_at = NULL");
    expect(reasons()).toMatchObject({ reason: 'deleted' });
    set('deleted_at = NULL');
    expect(reasons().ok).toBe(true);
  });

  it('records a use without a caller label, with no label', () => {
    const { api_key, api_key_id } = create();
    t.verifier.verify(api_key);
    expect(t.store.keys.find(api_key_id)).toMatchObject({ last_used_at: t.clock.now().toISOString(), last_used_by: null });
  });

  it('runs the last-used UPDATE at most once a minute per key, and again once the minute is up', () => {
    // The store's own SQLite, with the UPDATE statements verify prepares counted as they run.
    let runs = 0;
    const db = new Proxy(t.store.db, {
      get(target, property) {
        if (property !== 'prepare') return Reflect.get(target, property, target) as unknown;
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes('UPDATE keys SET last_used_at')) return statement;
          return new Proxy(statement, {
            get: (inner, name) => (name === 'run' ? (...args: unknown[]) => ((runs += 1), inner.run(...(args as [])) as unknown) : (Reflect.get(inner, name, inner) as unknown)),
          });
        };
      },
    });
    const counted = Object.create(t.store, { db: { value: db } }) as Store;
    const verifier = createVerifier(counted, t.clock);
    const one = create();
    const two = create();
    verifier.verify(one.api_key);
    t.clock.advance(59_999);
    verifier.verify(one.api_key);
    expect(runs).toBe(1);
    verifier.verify(two.api_key); // another key is its own
    expect(runs).toBe(2);
    t.clock.advance(1);
    verifier.verify(one.api_key);
    expect(runs).toBe(3);
    expect(t.store.keys.find(one.api_key_id)!.last_used_at).toBe(t.clock.now().toISOString());
  });
});
