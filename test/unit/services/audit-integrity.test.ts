/**
 * The replay (main/services/audit-integrity.ts) check by check: each way the keys and accounts
 * tables can be edited behind the log's back, with the exact difference reported, and each way
 * they can legitimately differ from a naive replay (keys gone with their account, imported keys
 * with no secret) reported as nothing. tamper-evidence.test.ts does the same over a long session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestKey, issueKey, secretId } from '../../../main/core/key-format.ts';
import { checkAuditIntegrity, MAX_REPORTED_DIFFERENCES } from '../../../main/services/audit-integrity.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import type { StateDifference } from '../../../common/audit.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';
import { openStore } from '../../../main/store/store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const DAY = 86_400_000;
const differences = (): StateDifference[] => {
  const report = checkAuditIntegrity(t.store);
  return report.replay.consistent ? [] : [...report.replay.differences];
};
const only = (): StateDifference => {
  const found = differences();
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** Writes to the tables as another tool would; the log is left alone. */
const edit = (sql: string, ...params: unknown[]) => t.store.db.prepare(sql).run(...params);
const seqOf = (keyId: string, action: string) => t.store.audit.list({ keyId, action }).at(-1)!.seq;

describe('an untouched store', () => {
  it('is intact: the chain, the seal and the replay, with the head and no witness', () => {
    t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    const report = checkAuditIntegrity(t.store);
    expect(report).toEqual({
      intact: true,
      rows: 1,
      head_hash: t.store.audit.headHash(),
      head: t.store.audit.head(),
      chain: { intact: true, rows: 1 },
      seal: { status: 'sealed' },
      replay: { consistent: true, keys: 1, accounts: 1 },
    });
  });

  it('a fresh store (only the default account, no log) is intact', () => {
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true, rows: 0, replay: { consistent: true, keys: 0, accounts: 1 } });
  });
});

describe('accounts', () => {
  it('an account row deleted without its deletion recorded', () => {
    const acme = t.accounts.create(t.owner(), { name: 'Acme' });
    const seq = t.store.audit.list({ action: 'account.create' })[0]!.seq;
    edit('DELETE FROM accounts WHERE id = ?', acme.id);
    expect(only()).toEqual({
      kind: 'account',
      id: String(acme.id),
      field: null,
      expected: { name: 'Acme', parent_id: null, max_key_lifetime_days: null },
      actual: null,
      seq,
      message: `account ${acme.id} is missing from the accounts table, but the audit log never recorded its deletion`,
    });
  });

  it('a deleted account put back', () => {
    const acme = t.accounts.create(t.owner(), { name: 'Acme' });
    t.accounts.remove(t.owner(), acme.id);
    const seq = t.store.audit.list({ action: 'account.delete' })[0]!.seq;
    edit("INSERT INTO accounts (id, name, created_at) VALUES (?, 'Acme', '2026-01-01T00:00:00.000Z')", acme.id);
    expect(only()).toMatchObject({ kind: 'account', id: String(acme.id), field: null, expected: null, seq, message: `account ${acme.id} was deleted (audit row ${seq}), but is still in the accounts table` });
  });

  it('an account the log never recorded', () => {
    edit("INSERT INTO accounts (id, name, created_at) VALUES (7, 'planted', '2026-01-01T00:00:00.000Z')");
    expect(only()).toEqual({
      kind: 'account',
      id: '7',
      field: null,
      expected: null,
      actual: { name: 'planted', parent_id: null, max_key_lifetime_days: null },
      seq: null,
      message: 'account 7 is in the accounts table, but the audit log never recorded it',
    });
  });

  it.each([
    ['name', "UPDATE accounts SET name = 'Evil' WHERE name = 'Acme'", 'Acme', 'Evil'],
    ['parent_id', "UPDATE accounts SET parent_id = 1 WHERE name = 'Acme'", null, 1],
    ['max_key_lifetime_days', "UPDATE accounts SET max_key_lifetime_days = 5 WHERE name = 'Acme'", 30, 5],
  ] as const)("an account's %s changed", (field, sql, expected, actual) => {
    const acme = t.accounts.create(t.owner(), { name: 'Acme' });
    t.accounts.setPolicy(t.owner(), acme.id, 30);
    edit(sql);
    const seq = t.store.audit.list({ action: 'account.policy' })[0]!.seq;
    expect(only()).toEqual({
      kind: 'account',
      id: String(acme.id),
      field,
      expected,
      actual,
      seq,
      message: `account ${acme.id}: ${field} is ${JSON.stringify(actual)}, but the audit log says ${JSON.stringify(expected)} (row ${seq})`,
    });
  });

  it('the default account, which no row records, is replayed as it is made', () => {
    edit("UPDATE accounts SET name = 'renamed' WHERE id = 1");
    expect(only()).toMatchObject({ kind: 'account', id: '1', field: 'name', expected: 'default', actual: 'renamed', seq: null, message: 'account 1: name is "renamed", but the audit log says "default"' });
  });
});

describe('keys', () => {
  it('a key the log never recorded', () => {
    const key = issueKey();
    t.store.db.exec("INSERT OR IGNORE INTO scope_sets (id, scopes) VALUES (1, '[\"mail.send\"]')");
    edit("INSERT INTO keys (id, account_id, name, access_type, scope_set_id, origin, digest, created_at, updated_at) VALUES (?, 1, 'planted', 'full', 1, 'issued', ?, 'x', 'x')", key.id, key.digest);
    expect(only()).toEqual({ kind: 'key', id: key.id, field: null, expected: null, actual: { name: 'planted' }, seq: null, message: `key ${key.id}: it is in the keys table, but the audit log never recorded it` });
  });

  it("a key's current secret swapped for one the attacker knows", () => {
    const { api_key_id, api_key } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    const attacker = issueKey(api_key_id);
    edit('UPDATE keys SET digest = ? WHERE id = ?', attacker.digest, api_key_id);
    const seq = seqOf(api_key_id, 'key.create');
    const was = secretId(digestKey(api_key));
    const now = secretId(attacker.digest);
    expect(only()).toEqual({ kind: 'key', id: api_key_id, field: 'secret', expected: was, actual: now, seq, message: `key ${api_key_id}: its secret is ${now}, but the audit log says ${was} (row ${seq})` });
  });

  it("a key's secret removed", () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    edit('UPDATE keys SET digest = NULL WHERE id = ?', api_key_id);
    expect(only()).toMatchObject({ field: 'secret', actual: null, message: expect.stringMatching(/its secret is missing, but the audit log says [0-9a-f]{12} \(row 1\)$/) });
  });

  it("a rolled key's grace secret swapped for the attacker's, its grace unchanged", () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.lifecycle.roll(t.owner(), api_key_id, { grace_ms: DAY });
    const [retired] = t.store.keys.retiredSecrets(api_key_id);
    const attacker = issueKey(api_key_id);
    edit('UPDATE retired_secrets SET digest = ? WHERE key_id = ?', attacker.digest, api_key_id);
    const difference = only();
    expect(difference).toMatchObject({
      kind: 'key',
      id: api_key_id,
      field: 'retired_secret',
      expected: { secret_id: secretId(retired!.digest), retires_at: retired!.retires_at },
      actual: { secret_id: secretId(attacker.digest), retires_at: retired!.retires_at },
      seq: seqOf(api_key_id, 'key.roll'),
    });
    expect(difference.message).toBe(`key ${api_key_id}: it accepts a rolled secret ${secretId(attacker.digest)} until ${retired!.retires_at} that the audit log never recorded`);
  });

  it("a rolled key's grace extended, and a second secret slipped in beside it", () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.lifecycle.roll(t.owner(), api_key_id, { grace_ms: DAY });
    edit("UPDATE retired_secrets SET retires_at = '2099-01-01T00:00:00.000Z' WHERE key_id = ?", api_key_id);
    expect(only()).toMatchObject({ field: 'retired_secret', actual: { retires_at: '2099-01-01T00:00:00.000Z' } });
    edit("UPDATE retired_secrets SET retires_at = (SELECT json_extract(after, '$.previous_secret_retires_at') FROM audit_log WHERE action = 'key.roll') WHERE key_id = ?", api_key_id);
    expect(differences()).toEqual([]);
    edit("INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES (?, ?, '2099-01-01T00:00:00.000Z')", api_key_id, issueKey(api_key_id).digest);
    expect(only()).toMatchObject({ field: 'retired_secret', expected: expect.objectContaining({ retires_at: expect.any(String) }) });
  });

  it('a deleted key revived, or given a secret back, or tombstoned behind the log', () => {
    const gone = t.keys.create(t.owner(), { name: 'gone', scopes: ['mail.send'] });
    t.keys.remove(t.owner(), gone.api_key_id);
    const seq = seqOf(gone.api_key_id, 'key.delete');
    edit('UPDATE keys SET deleted_at = NULL WHERE id = ?', gone.api_key_id);
    expect(only()).toMatchObject({ field: 'deleted', expected: true, actual: false, message: `key ${gone.api_key_id}: it was deleted (row ${seq}), but is live in the keys table` });
    edit("UPDATE keys SET deleted_at = 'x', digest = ? WHERE id = ?", issueKey().digest, gone.api_key_id);
    expect(only()).toMatchObject({ field: 'secret', expected: null, actual: 'a secret', message: `key ${gone.api_key_id}: it was deleted (row ${seq}), but still holds a secret` });
    edit('UPDATE keys SET digest = NULL WHERE id = ?', gone.api_key_id);
    edit("INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES (?, ?, '2099-01-01T00:00:00.000Z')", gone.api_key_id, issueKey().digest);
    expect(only()).toMatchObject({ field: 'secret', message: expect.stringMatching(/but still holds a secret$/) });

    const live = t.keys.create(t.owner(), { name: 'live', scopes: ['mail.send'] });
    edit("UPDATE keys SET deleted_at = 'x' WHERE id = ?", live.api_key_id);
    expect(differences().find((d) => d.id === live.api_key_id)).toMatchObject({
      field: 'deleted',
      expected: false,
      actual: true,
      message: `key ${live.api_key_id}: it is deleted in the keys table, but the audit log never recorded its deletion`,
    });
  });

  it("a key's row deleted, or its tombstone", () => {
    const live = t.keys.create(t.owner(), { name: 'live', scopes: ['mail.send'] });
    const gone = t.keys.create(t.owner(), { name: 'gone', scopes: ['mail.send'] });
    t.keys.remove(t.owner(), gone.api_key_id);
    edit('DELETE FROM keys WHERE id IN (?, ?)', live.api_key_id, gone.api_key_id);
    expect(differences()).toEqual([
      expect.objectContaining({ kind: 'key', id: live.api_key_id, field: null, actual: null, message: `key ${live.api_key_id}: it is missing from the keys table, but the audit log never recorded its deletion (row 1)` }),
      expect.objectContaining({ kind: 'key', id: gone.api_key_id, field: null, expected: null, message: `key ${gone.api_key_id}: its deletion record (tombstone) is missing from the keys table (deleted at row 3)` }),
    ]);
  });

  it('keys deleted with their account leave no row, and that is no difference; a key moved to another account is', () => {
    const doomed = t.accounts.create(t.owner(), { name: 'Doomed' });
    t.keys.create(t.owner('Doomed'), { name: 'with it', scopes: ['mail.send'] });
    t.accounts.remove(t.owner(), doomed.id, { force: true });
    expect(differences()).toEqual([]);
    const acme = t.accounts.create(t.owner(), { name: 'Acme' });
    const key = t.keys.create(t.owner(), { name: 'mine', scopes: ['mail.send'] });
    edit('UPDATE keys SET account_id = ? WHERE id = ?', acme.id, key.api_key_id);
    expect(only()).toMatchObject({ field: 'account_id', expected: 1, actual: acme.id, message: `key ${key.api_key_id}: it belongs to account ${acme.id}, but the audit log says account 1 (row ${seqOf(key.api_key_id, 'key.create')})` });
  });

  it('an imported key has no secret here: none is no difference, one is', () => {
    const id = issueKey().id;
    importInventory(t.store, parseInventory(Buffer.from(JSON.stringify({ result: [{ api_key_id: id, name: 'from SendGrid', scopes: ['mail.send'] }] }))), { caller: t.owner(), clock: t.clock });
    expect(differences()).toEqual([]);
    const planted = issueKey(id);
    edit('UPDATE keys SET digest = ? WHERE id = ?', planted.digest, id);
    expect(only()).toMatchObject({ field: 'secret', expected: null, actual: secretId(planted.digest), message: expect.stringMatching(/but the audit log says none \(row 1\)$/) });
  });

  it('scopes: widened, narrowed, reordered, the set gone, or not JSON, each said as what changed', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send', 'stats.read'] });
    const setTo = (json: string) => {
      t.store.db.prepare('INSERT OR IGNORE INTO scope_sets (scopes) VALUES (?)').run(json);
      edit('UPDATE keys SET scope_set_id = (SELECT id FROM scope_sets WHERE scopes = ?) WHERE id = ?', json, api_key_id);
    };
    setTo('["alerts.read","mail.send"]');
    expect(only().message).toBe(`key ${api_key_id}: scopes is ["alerts.read","mail.send"] (+alerts.read −stats.read), but the audit log says ["mail.send","stats.read"] (row 1)`);
    setTo('["stats.read","mail.send"]');
    expect(only().message).toMatch(/scopes is \["stats\.read","mail\.send"\] \(reordered\), but/);
    setTo('not json');
    expect(only()).toMatchObject({ field: 'scopes', actual: 'not json', message: `key ${api_key_id}: scopes is "not json", but the audit log says ["mail.send","stats.read"] (row 1)` });
    // As another tool could leave it, with foreign keys off.
    t.store.db.pragma('foreign_keys = OFF');
    edit('UPDATE keys SET scope_set_id = 999 WHERE id = ?', api_key_id);
    expect(only()).toMatchObject({ field: 'scopes', actual: null, message: `key ${api_key_id}: scopes is null, but the audit log says ["mail.send","stats.read"] (row 1)` });
    // And where the log's own list is gone, its entry records no key state; the chain names the list.
    setTo('["mail.send","stats.read"]');
    t.store.db.exec('DROP TRIGGER audit_scope_sets_no_delete; DELETE FROM audit_scope_sets');
    const fresh = openStore(t.path); // nothing remembered of the list from before it went
    try {
      const report = checkAuditIntegrity(fresh);
      expect(report.chain).toMatchObject({ intact: false, brokenAt: 1, reason: expect.stringMatching(/^the scope list it names \([0-9a-f]{16}…\) is missing$/) });
      expect(report.replay.consistent ? [] : report.replay.differences).toEqual([
        expect.objectContaining({ field: null, message: `key ${api_key_id}: it is in the keys table, but the audit log never recorded it` }),
      ]);
    } finally {
      fresh.close();
    }
  });

  it.each([
    ['name', "name = 'x\u202Ey\u061Cz'", 'name is "x\\u202ey\\u061cz", but the audit log says "one"'],
    ['access_type', "access_type = 'full'", 'access_type is "full", but the audit log says "restricted"'],
    ['origin', "origin = 'imported'", 'origin is "imported", but the audit log says "issued"'],
    ['expires_at', "expires_at = '2099-01-01T00:00:00.000Z'", 'expires_at is "2099-01-01T00:00:00.000Z", but the audit log says null'],
    ['disabled', "disabled_at = '2026-01-01T00:00:00.000Z'", 'disabled is true, but the audit log says false'],
  ])('%s changed (direction marks in messages escaped)', (field, set, message) => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    edit(`UPDATE keys SET ${set} WHERE id = ?`, api_key_id);
    expect(only()).toMatchObject({ field, message: `key ${api_key_id}: ${message} (row 1)` });
  });

  it('secrets are followed through later changes: a secret swapped after a rename shows, a rolled key renamed keeps its grace secret', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.keys.rename(t.owner(), api_key_id, 'uno');
    edit('UPDATE keys SET digest = ? WHERE id = ?', issueKey(api_key_id).digest, api_key_id);
    expect(only()).toMatchObject({ field: 'secret', seq: 2 });

    const rolled = t.keys.create(t.owner(), { name: 'rolled', scopes: ['mail.send'] }).api_key_id;
    t.lifecycle.roll(t.owner(), rolled, { grace_ms: DAY });
    t.keys.rename(t.owner(), rolled, 'rolled, renamed');
    expect(differences().filter((d) => d.id === rolled)).toEqual([]);
    edit('UPDATE retired_secrets SET digest = ? WHERE key_id = ?', issueKey(rolled).digest, rolled);
    expect(differences().filter((d) => d.id === rolled)).toEqual([expect.objectContaining({ field: 'retired_secret' })]);
  });

  it('a roll that recorded no previous secret allows no grace secret: one slipped in is expected nowhere', () => {
    const { api_key_id, api_key } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    const state = { name: 'one', access_type: 'restricted', scopes: ['mail.send'], origin: 'issued', expires_at: null, disabled: false };
    const after = { ...state, secret_id: secretId(digestKey(api_key)), previous_secret_id: null, previous_secret_retires_at: '2099-01-01T00:00:00.000Z' };
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.roll', account_id: 1, key_id: api_key_id, before: state, after }));
    expect(differences()).toEqual([]);
    edit("INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES (?, ?, '2099-01-01T00:00:00.000Z')", api_key_id, issueKey(api_key_id).digest);
    expect(only()).toMatchObject({ field: 'retired_secret', expected: null });
  });

  it('a key recorded before the log kept secret ids: its secret is not compared', () => {
    const key = issueKey();
    const setId = t.store.db.prepare<[], number>("INSERT INTO scope_sets (scopes) VALUES ('[\"mail.send\"]') RETURNING id").pluck().get()!;
    edit("INSERT INTO keys (id, account_id, name, access_type, scope_set_id, origin, digest, created_at, updated_at) VALUES (?, 1, 'old', 'restricted', ?, 'issued', ?, 'x', 'x')", key.id, setId, key.digest);
    const after = { name: 'old', access_type: 'restricted', scopes: ['mail.send'], origin: 'issued', expires_at: null, disabled: false };
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.create', account_id: 1, key_id: key.id, before: null, after }));
    expect(differences()).toEqual([]);
  });

  it('a live key whose account the log deleted, or one of an account it never recorded, is still missed when its row goes', () => {
    const acme = t.accounts.create(t.owner(), { name: 'Acme' });
    const key = t.keys.create(t.owner('Acme'), { name: 'acme key', scopes: ['mail.send'] });
    // The account's deletion recorded by hand, without its key's: the key is still owed a row.
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'account.delete', account_id: acme.id, key_id: null, before: { name: 'Acme', parent_id: null, max_key_lifetime_days: null }, after: null }));
    edit('DELETE FROM keys WHERE id = ?', key.api_key_id);
    edit('DELETE FROM accounts WHERE id = ?', acme.id);
    expect(only()).toMatchObject({ kind: 'key', id: key.api_key_id, field: null, message: expect.stringMatching(/it is missing from the keys table, but the audit log never recorded its deletion/) });

    const stray = issueKey().id;
    t.store.write(() =>
      t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.create', account_id: 99, key_id: stray, before: null, after: { name: 's', access_type: 'full', scopes: [], origin: 'issued', expires_at: null, disabled: false } }),
    );
    expect(differences().map((d) => d.id)).toEqual([key.api_key_id, stray]);
  });

  it('undefined, where a snapshot lacks a field, is said as undefined', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.rename', account_id: 1, key_id: api_key_id, before: null, after: { scopes: ['mail.send'] } }));
    expect(differences().find((d) => d.field === 'name')!.message).toBe(`key ${api_key_id}: name is "one", but the audit log says undefined (row 2)`);
  });

  it('reports the first differences and counts them all', () => {
    const ids = t.store.write(() => Array.from({ length: MAX_REPORTED_DIFFERENCES + 5 }, (_, i) => t.keys.create(t.owner(), { name: `k${i}`, scopes: ['mail.send'] }).api_key_id));
    edit("UPDATE keys SET name = 'same for all'");
    const report = checkAuditIntegrity(t.store);
    expect(report.intact).toBe(false);
    expect(report.replay).toMatchObject({ consistent: false, keys: ids.length, total: ids.length });
    expect(report.replay.consistent ? [] : report.replay.differences).toHaveLength(MAX_REPORTED_DIFFERENCES);
  });

  it('entries that are not key or account snapshots are passed over', () => {
    const { api_key_id } = t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.store.write(() =>
      t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'key.rename', account_id: 1, key_id: api_key_id, before: null, after: { note: 'not a key' } }),
    );
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'account.rename', account_id: 1, key_id: null, before: null, after: { note: 'not an account' } }));
    // An entry about neither (an export) says nothing about the account it was made in.
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'inventory.export', account_id: 1, key_id: null, before: null, after: null }));
    expect(differences()).toEqual([]);
  });
});

describe('the verdict', () => {
  it('is not intact when only the seal is broken, or only a witness fails', () => {
    t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    const head = t.store.audit.head();
    expect(checkAuditIntegrity(t.store, { head }).intact).toBe(true);
    expect(checkAuditIntegrity(t.store, { head: { seq: 1, hash: 'a'.repeat(64) } })).toMatchObject({ intact: false, chain: { intact: true }, replay: { consistent: true }, witness: { holds: false } });
    t.store.db.exec('UPDATE audit_log SET seal = NULL');
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: false, chain: { intact: true }, seal: { status: 'broken' }, replay: { consistent: true } });
  });
});
