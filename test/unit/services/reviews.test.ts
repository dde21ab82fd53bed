/** Access reviews in the service: what a decision does to a key, what the log records, and what close requires. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, snapshot, type TempStore } from '../../helpers/temp-store.ts';

const POLICY = { rotationDays: 90, departedOwners: [] };

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const keyWith = (name: string, scopes = ['mail.send', 'stats.read'], account = 'default') =>
  t.keys.create(t.owner(account), { name, scopes }).api_key_id;
const start = () => t.reviews.start(t.owner(), { reviewer: 'alice', policy: POLICY });
const decide = (id: string, decision: 'keep' | 'reduce' | 'disable' | 'delete', reviewer = 'alice', note?: string) =>
  t.reviews.decide(t.owner(), { reviewer, api_key_id: id, decision, ...(note ? { note } : {}) });

describe('access reviews', () => {
  it('record a changed decision with what it was, in the log; a Delete is final', () => {
    const a = keyWith('a');
    start();
    decide(a, 'keep', 'alice', 'needed');
    decide(a, 'disable', 'bob');
    const entries = t.store.audit.list({ action: 'review.decide' });
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [null, { review_id: 1, decision: 'keep', note: 'needed', reviewer: 'alice' }],
      [{ review_id: 1, decision: 'keep', note: 'needed', reviewer: 'alice' }, { review_id: 1, decision: 'disable', note: null, reviewer: 'bob' }],
    ]);
    expect(t.keys.get(t.owner(), a).disabled_at).not.toBeNull();
    decide(a, 'delete');
    const before = snapshot(t.store);
    expect(() => decide(a, 'keep')).toThrow(/that decision is final/);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('take Reduce only once the key holds a strict subset of the scopes it had at start', () => {
    const a = keyWith('a');
    start();
    expect(() => decide(a, 'reduce')).toThrow(/reduce the key's access first/);
    t.keys.replace(t.owner(), a, { name: 'a', scopes: ['mail.send', 'stats.read', 'alerts.read'] });
    expect(() => decide(a, 'reduce')).toThrow(/reduce the key's access first/);
    t.keys.replace(t.owner(), a, { name: 'a', scopes: ['mail.send'] });
    expect(decide(a, 'reduce').decided).toBe(1);
  });

  it('will not close while a key is undecided; the close records the findings then and the log head', () => {
    const a = keyWith('a');
    const b = keyWith('b');
    const review = start();
    expect(review.findings_at_start.map((f) => f.rule)).toEqual(['no_owner', 'no_owner']);
    decide(a, 'keep');
    expect(() => t.reviews.close(t.owner(), { reviewer: 'carol' })).toThrow(/1 of 2 keys have no decision yet: .*\(b\)/);
    decide(b, 'delete');
    const closed = t.reviews.close(t.owner(), { reviewer: 'carol' });
    expect(closed.findings_at_close!.map((f) => f.api_key_id)).toEqual([a]);
    const last = t.store.audit.list().at(-1)!;
    expect(closed.audit_head_at_close).toBe(`${last.seq}:${last.hash}`);
    expect(closed.reviewers).toEqual(['alice', 'carol']);
    expect(() => decide(a, 'keep')).toThrow(/no open review/);
    expect(t.store.audit.verifyChain().intact).toBe(true);
  });

  it('one per account at a time; a key may only read them, and a review of every account is the owner’s', () => {
    keyWith('a');
    start();
    expect(start).toThrow(/still open/);
    expect(t.reviews.get(t.asKey('reader', ['api_keys.read'])).total).toBe(1);
    expect(() => t.reviews.start(t.asKey('reader', ['api_keys.read']), { reviewer: 'r', policy: POLICY })).toThrow('access forbidden');
    expect(() => t.reviews.start(t.asKey('editor', ['api_keys.read', 'api_keys.update']), { reviewer: 'r', policy: POLICY, all_accounts: true })).toThrow(
      'access forbidden',
    );
  });

  it('of every account decide on each key in its own account', () => {
    t.accounts.create(t.owner(), { name: 'other' });
    const mine = keyWith('mine');
    const theirs = keyWith('theirs', ['mail.send'], 'other');
    const review = t.reviews.start(t.owner(), { reviewer: 'alice', policy: POLICY, all_accounts: true });
    expect(review.items.map((i) => i.key.account)).toEqual(['default', 'other']);
    decide(mine, 'keep');
    decide(theirs, 'disable');
    expect(t.keys.get(t.owner('other'), theirs).disabled_at).not.toBeNull();
    expect(t.store.audit.list({ action: 'key.disable' }).map((e) => e.account_id)).toEqual([t.store.accounts.byName('other')!.id]);
    expect(t.reviews.close(t.owner(), { reviewer: 'alice' }).account).toBeNull();
  });
});
