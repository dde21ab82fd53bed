import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../common/durations.ts';
import { KeydeskError } from '../../../common/errors.ts';
import { describeChange } from '../../../main/services/audit-changes.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';
import { refusedWithoutChange, thrownBy } from '../../helpers/expect-error.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

/** The call fails with the given first error and leaves every table exactly as it was. */
const expectRefusedWithoutChange = (work: () => unknown, code: string, first: { field: string | null; message: unknown }) =>
  expect(refusedWithoutChange(t.store, work, code).errors[0]).toEqual(first);

const createKeys = (account: string, n: number) =>
  Array.from({ length: n }, (_, i) => t.keys.create(t.owner(account), { name: `${account} ${i}`, scopes: ['mail.send'] }));

describe('accounts', () => {
  it('creates separate accounts and subusers, audited, and lists them with their key counts', () => {
    const acme = t.accounts.create(t.owner(), { name: 'acme' });
    const eu = t.accounts.create(t.owner(), { name: 'acme-eu', parent: 'acme' });
    createKeys('acme-eu', 2);
    expect(eu).toMatchObject({ name: 'acme-eu', parent_id: acme.id, parent_name: 'acme', keys: 0, key_limit: 100 });
    expect(t.accounts.list(t.owner()).map((a) => [a.name, a.parent_name, a.keys, a.issued_keys])).toEqual([
      ['default', null, 0, 0],
      ['acme', null, 0, 0],
      ['acme-eu', 'acme', 2, 2],
    ]);
    const created = t.store.audit.list({ action: 'account.create' });
    expect(created.map((e) => [e.account_id, e.after])).toEqual([
      [acme.id, { name: 'acme', parent_id: null, max_key_lifetime_days: null }],
      [eu.id, { name: 'acme-eu', parent_id: acme.id, max_key_lifetime_days: null }],
    ]);
    expect(describeChange(created[1]!)).toBe('account "acme-eu" created as a subuser');
  });

  it('limits keys per account: 100 in one leaves the others free', () => {
    t.accounts.create(t.owner(), { name: 'parent' });
    t.accounts.create(t.owner(), { name: 'sub', parent: 'parent' });
    createKeys('parent', 100);
    expect(thrownBy(() => createKeys('parent', 1), KeydeskError).toBody()).toEqual({ errors: [{ field: null, message: 'Cannot create more than 100 API Keys' }] });
    expect(createKeys('sub', 100)).toHaveLength(100);
    expect(createKeys('default', 1)).toHaveLength(1);
    expect(t.accounts.get(t.owner(), 'parent')).toMatchObject({ issued_keys: 100 });
  });

  it('validates names like key names, and refuses a name another account has in any letter case', () => {
    t.accounts.create(t.owner(), { name: 'Acme' });
    const owner = t.owner();
    expectRefusedWithoutChange(() => t.accounts.create(owner, { name: '  ' }), 'BAD_REQUEST', { field: 'name', message: 'missing required argument' });
    expectRefusedWithoutChange(() => t.accounts.create(owner, { name: 'x'.repeat(101) }), 'BAD_REQUEST', {
      field: 'name',
      message: 'name must be at most 100 characters',
    });
    expectRefusedWithoutChange(() => t.accounts.create(owner, { name: 'evil\u202Eexe' }), 'BAD_REQUEST', {
      field: 'name',
      message: expect.stringMatching(/control or text-direction/),
    });
    expectRefusedWithoutChange(() => t.accounts.create(owner, { name: 'acme' }), 'CONFLICT', {
      field: 'name',
      message: 'an account named "Acme" already exists',
    });
  });

  it('refuses an unknown parent, and a subuser as a parent', () => {
    t.accounts.create(t.owner(), { name: 'parent' });
    t.accounts.create(t.owner(), { name: 'sub', parent: 'parent' });
    expectRefusedWithoutChange(() => t.accounts.create(t.owner(), { name: 'x', parent: 'nobody' }), 'NOT_FOUND', {
      field: 'parent',
      message: 'unknown account "nobody"',
    });
    expectRefusedWithoutChange(() => t.accounts.create(t.owner(), { name: 'x', parent: 'sub' }), 'CONFLICT', {
      field: 'parent',
      message: '"sub" is a subuser; a subuser cannot have subusers',
    });
  });

  it('renames, audited; the "default" account keeps its name', () => {
    const acme = t.accounts.create(t.owner(), { name: 'acme' });
    expect(t.accounts.rename(t.owner(), acme.id, 'Acme Inc').name).toBe('Acme Inc');
    expect(t.accounts.rename(t.owner(), 'Acme Inc', 'acme inc').name).toBe('acme inc'); // its own name in another case is fine
    expect(describeChange(t.store.audit.list({ action: 'account.rename' })[0]!)).toBe('account renamed "acme" → "Acme Inc"');
    expectRefusedWithoutChange(() => t.accounts.rename(t.owner(), 'default', 'main'), 'CONFLICT', {
      field: 'account',
      message: expect.stringMatching(/"default" account .* cannot be renamed/),
    });
    t.accounts.create(t.owner(), { name: 'other' });
    expectRefusedWithoutChange(() => t.accounts.rename(t.owner(), 'other', 'ACME INC'), 'CONFLICT', {
      field: 'name',
      message: 'an account named "acme inc" already exists',
    });
  });

  it('sets and clears the maximum key lifetime, audited, and names the keys that exceed it', () => {
    const forever = createKeys('default', 1)[0]!;
    const short = t.keys.create(t.owner(), { name: 'short', scopes: ['mail.send'], expires_at: new Date(t.clock.now().getTime() + 10 * DAY_MS).toISOString() });
    const change = t.accounts.setPolicy(t.owner(), 'default', 30);
    expect(change.account.max_key_lifetime_days).toBe(30);
    expect(change.keys_beyond_policy).toEqual([forever.api_key_id]);
    expect(t.keys.get(t.owner(), forever.api_key_id).expires_at).toBeNull(); // left alone until changed
    expect(short.expires_at).toBe(new Date(t.clock.now().getTime() + 10 * DAY_MS).toISOString());
    t.accounts.setPolicy(t.owner(), 'default', 30); // unchanged: no entry
    t.accounts.setPolicy(t.owner(), 'default', null);
    expect(t.store.audit.list({ action: 'account.policy' }).map((e) => describeChange(e))).toEqual([
      'max key lifetime off → 30 days',
      'max key lifetime 30 days → off',
    ]);
    expectRefusedWithoutChange(() => t.accounts.setPolicy(t.owner(), 'default', 0), 'BAD_REQUEST', {
      field: 'max_key_lifetime_days',
      message: expect.stringMatching(/whole number of days from 1 to 3650/),
    });
  });

  describe('delete', () => {
    it('refuses while keys exist, changing nothing; with force deletes them, each audited', () => {
      t.accounts.create(t.owner(), { name: 'old' });
      const keys = createKeys('old', 3);
      t.keys.remove(t.owner('old'), keys[2]!.api_key_id);
      expectRefusedWithoutChange(() => t.accounts.remove(t.owner(), 'old'), 'CONFLICT', {
        field: 'account',
        message: 'account "old" still has 2 keys; delete them first, or force the deletion to delete them too',
      });
      const auditBefore = t.store.audit.list().length;
      const result = t.accounts.remove(t.owner(), 'old', { force: true });
      const live = [keys[0]!.api_key_id, keys[1]!.api_key_id].sort(); // created in the same instant: no order between them
      expect([...result.deleted_keys].sort()).toEqual(live);
      expect(t.accounts.list(t.owner()).map((a) => a.name)).toEqual(['default']);
      const entries = t.store.audit.list().slice(auditBefore);
      expect(entries.map((e) => e.action)).toEqual(['key.delete', 'key.delete', 'account.delete']);
      expect(entries.slice(0, 2).map((e) => e.key_id).sort()).toEqual(live);
      expect(t.verifier.verify(keys[0]!.api_key)).toMatchObject({ ok: false, reason: 'unknown' });
      expect(t.store.db.prepare('SELECT count(*) AS n FROM keys WHERE digest IS NOT NULL').get()).toEqual({ n: 0 });
      expect(t.store.db.prepare('SELECT count(*) AS n FROM retired_secrets').get()).toEqual({ n: 0 });
      expect(t.store.audit.verifyChain().intact).toBe(true);
    });

    it('deletes an empty account without force', () => {
      t.accounts.create(t.owner(), { name: 'empty' });
      expect(t.accounts.remove(t.owner(), 'empty')).toEqual({ deleted_keys: [] });
      expect(thrownBy(() => t.accounts.get(t.owner(), 'empty'), KeydeskError).errors[0]).toEqual({ field: 'account', message: 'unknown account "empty"' });
    });

    it('refuses an account with subusers, even with force, and the "default" account', () => {
      t.accounts.create(t.owner(), { name: 'parent' });
      t.accounts.create(t.owner(), { name: 'sub', parent: 'parent' });
      expectRefusedWithoutChange(() => t.accounts.remove(t.owner(), 'parent', { force: true }), 'CONFLICT', {
        field: 'account',
        message: 'account "parent" has subusers ("sub"); delete them first',
      });
      expectRefusedWithoutChange(() => t.accounts.remove(t.owner(), 'default', { force: true }), 'CONFLICT', {
        field: 'account',
        message: expect.stringMatching(/cannot be deleted/),
      });
    });

    it('never gives a new account the id of a deleted one, whose audit history would become its own', () => {
      const gone = t.accounts.create(t.owner(), { name: 'gone' });
      createKeys('gone', 1);
      t.accounts.remove(t.owner(), 'gone', { force: true });
      const fresh = t.accounts.create(t.owner(), { name: 'fresh' });
      expect(fresh.id).toBeGreaterThan(gone.id);
      expect(t.store.audit.list({ accountId: fresh.id }).map((e) => e.action)).toEqual(['account.create']);
    });
  });

  it('is the owner\'s business: a key acting is refused', () => {
    const admin = t.asKey('admin', ['api_keys.create', 'api_keys.read', 'api_keys.update', 'api_keys.delete', 'subusers.create']);
    const forbidden = { field: null, message: 'access forbidden' };
    expectRefusedWithoutChange(() => t.accounts.list(admin), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.accounts.create(admin, { name: 'x' }), 'FORBIDDEN', forbidden);
    expectRefusedWithoutChange(() => t.accounts.setPolicy(admin, 'default', null), 'FORBIDDEN', forbidden);
  });
});
