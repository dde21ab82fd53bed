/**
 * Tamper evidence: whoever edits the store with the sqlite3 shell (dropping the append-only
 * triggers as needed) is caught by `keydesk log --verify` and by the app's `audit:verify`:
 * audit rows edited, deleted, reordered or cut from the end break the hash chain; keys and
 * accounts edited in their tables no longer equal the state the audit log replays to.
 */
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAuditIntegrity } from '../../main/services/audit-integrity.ts';
import { cliFor, parseErrors } from '../helpers/cli.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { runEveryKindOfChange, type SessionKeys } from './support/session.ts';
import type { AuditIntegrity, StateDifference } from '../../common/audit.ts';

let host: IpcHost;
let keys: SessionKeys;
beforeEach(async () => {
  host = openIpcHost();
  keys = await runEveryKindOfChange(host);
});
afterEach(() => host.close());

/** Edits the store as an attacker with the sqlite3 shell would, through a separate connection. */
function tamper(sql: string): void {
  const raw = new BetterSqlite3(host.path);
  try {
    raw.pragma('foreign_keys = OFF');
    raw.exec(sql);
  } finally {
    raw.close();
  }
}
const DROP_LOG_GUARDS = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
const DROP_HEAD_GUARDS = 'DROP TRIGGER audit_head_follows_log; DROP TRIGGER audit_head_no_delete;';

const check = (): AuditIntegrity => checkAuditIntegrity(host.store);
const differences = (report = check()): StateDifference[] => (report.replay.consistent ? [] : [...report.replay.differences]);
const lastSeq = () => host.store.db.prepare<[], number>('SELECT max(seq) FROM audit_log').pluck().get()!;

describe('an untouched store', () => {
  it('after every kind of change, the chain is whole and the tables equal its replay', () => {
    const report = check();
    expect(report.chain).toEqual({ intact: true, rows: lastSeq() });
    expect(report.replay).toEqual({ consistent: true, keys: expect.any(Number), accounts: 3 });
    expect(report.intact).toBe(true);
  });
});

describe('audit rows edited in SQLite break the hash chain', () => {
  it('an edited row is named', () => {
    const seq = host.store.audit.list({ keyId: keys.disabled, action: 'key.disable' })[0]!.seq;
    tamper(`${DROP_LOG_GUARDS} UPDATE audit_log SET after = replace(after, '"disabled":true', '"disabled":false') WHERE seq = ${seq}`);
    expect(check().chain).toMatchObject({ intact: false, brokenAt: seq, reason: expect.stringMatching(/changed/) });
  });

  it('a deleted row is named', () => {
    tamper(`${DROP_LOG_GUARDS} DELETE FROM audit_log WHERE seq = 5`);
    expect(check().chain).toMatchObject({ intact: false, brokenAt: 5, reason: 'row 5 is missing' });
  });

  it('reordered rows are named', () => {
    tamper(`${DROP_LOG_GUARDS} UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4;
            UPDATE audit_log SET seq = 4 WHERE seq = -1;`);
    expect(check().chain).toMatchObject({ intact: false, brokenAt: 3 });
  });

  it('the last row cut off (an export, which changes no key) is caught by the head', () => {
    expect(host.store.audit.list().at(-1)!.action).toBe('inventory.export');
    const last = lastSeq();
    tamper(`${DROP_LOG_GUARDS} DELETE FROM audit_log WHERE seq = ${last}`);
    expect(check().chain).toEqual({
      intact: false,
      rows: last - 1,
      brokenAt: last,
      reason: `row ${last} is missing: the log ends at row ${last - 1} but it had reached row ${last}`,
    });
  });

  it('rows appended by hand (triggers dropped, hashes computed) are caught by the head', () => {
    const entry = host.store.audit.list().at(-1)!;
    // A copy of the last row, re-hashed properly as the next row: the chain alone would accept it.
    const seq = entry.seq + 1;
    const forged = { ...entry, seq, prev_hash: entry.hash };
    const after = JSON.stringify(entry.after);
    const fields = [forged.prev_hash, seq, forged.at, forged.actor, forged.via, forged.action, forged.account_id, null, null, after];
    const hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    // Nothing to switch off first: since migration 4 only Keydesk's own appends move the head.
    tamper(`INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash)
            VALUES (${seq}, '${forged.at}', '${forged.actor}', '${forged.via}', '${forged.action}', ${forged.account_id}, NULL, NULL, '${after}', '${entry.hash}', '${hash}')`);
    expect(check().chain).toMatchObject({ intact: false, brokenAt: seq, reason: expect.stringMatching(/added outside Keydesk/) });
  });
});

describe('the last audit row deleted is caught by the replay, even with the head moved back', () => {
  it('a key change', () => {
    const owner = host.owner();
    host.keys.rename(owner, keys.edited, 'the last change');
    const last = lastSeq();
    tamper(`${DROP_LOG_GUARDS} ${DROP_HEAD_GUARDS} DELETE FROM audit_log WHERE seq = ${last};
            UPDATE audit_head SET seq = ${last - 1}, hash = (SELECT hash FROM audit_log WHERE seq = ${last - 1});`);
    const report = check();
    expect(report.chain).toEqual({ intact: true, rows: last - 1 });
    expect(report.intact).toBe(false);
    expect(differences(report)).toEqual([
      expect.objectContaining({ kind: 'key', id: keys.edited, field: 'name', expected: 'edited, replaced', actual: 'the last change' }),
    ]);
  });

  it('a key creation', () => {
    const created = host.keys.create(host.owner(), { name: 'unrecorded', scopes: ['mail.send'] });
    const last = lastSeq();
    tamper(`${DROP_LOG_GUARDS} ${DROP_HEAD_GUARDS} DELETE FROM audit_log WHERE seq = ${last};
            UPDATE audit_head SET seq = ${last - 1}, hash = (SELECT hash FROM audit_log WHERE seq = ${last - 1});`);
    expect(differences()).toEqual([
      expect.objectContaining({ kind: 'key', id: created.api_key_id, field: null, message: expect.stringMatching(/never recorded it/) }),
    ]);
  });
});

describe('keys and accounts edited in SQLite differ from the replay (the log untouched)', () => {
  const someTime = '2099-01-01T00:00:00.000Z';
  const cases: [string, (k: SessionKeys) => string, (k: SessionKeys) => Partial<StateDifference>][] = [
    [
      'scopes widened through the scope set',
      (k) => `INSERT INTO scope_sets (scopes) VALUES ('["billing.read","mail.send"]');
              UPDATE keys SET scope_set_id = last_insert_rowid() WHERE id = '${k.subuserKey}'`,
      (k) => ({ id: k.subuserKey, field: 'scopes', expected: ['mail.send'], actual: ['billing.read', 'mail.send'] }),
    ],
    [
      'a shared scope set rewritten',
      (k) => `UPDATE scope_sets SET scopes = '["mail.batch.create","mail.send"]' WHERE id = (SELECT scope_set_id FROM keys WHERE id = '${k.subuserKey}')`,
      (k) => ({ id: k.subuserKey, field: 'scopes' }),
    ],
    ['a disabled key enabled', (k) => `UPDATE keys SET disabled_at = NULL WHERE id = '${k.disabled}'`, (k) => ({ id: k.disabled, field: 'disabled', expected: true, actual: false })],
    ['an active key disabled', (k) => `UPDATE keys SET disabled_at = '${someTime}' WHERE id = '${k.reenabled}'`, (k) => ({ id: k.reenabled, field: 'disabled', expected: false, actual: true })],
    ['an expiry extended', (k) => `UPDATE keys SET expires_at = '${someTime}' WHERE id = '${k.expiring}'`, (k) => ({ id: k.expiring, field: 'expires_at', actual: someTime })],
    ['a name changed', (k) => `UPDATE keys SET name = 'innocent' WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: 'name', expected: 'edited, replaced', actual: 'innocent' })],
    ['the access type changed', (k) => `UPDATE keys SET access_type = 'full' WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: 'access_type', expected: 'restricted', actual: 'full' })],
    ['an imported key passed off as issued', (k) => `UPDATE keys SET origin = 'issued' WHERE id = '${k.imported}'`, (k) => ({ id: k.imported, field: 'origin' })],
    ['a key moved to another account', (k) => `UPDATE keys SET account_id = ${k.subuserAccountId} WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: 'account_id', actual: k.subuserAccountId })],
    ['a deleted key revived', (k) => `UPDATE keys SET deleted_at = NULL WHERE id = '${k.deleted}'`, (k) => ({ id: k.deleted, field: 'deleted', expected: true, actual: false })],
    ['a live key tombstoned', (k) => `UPDATE keys SET deleted_at = '${someTime}' WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: 'deleted', expected: false, actual: true })],
    ["a key's secret digest swapped for one the attacker knows", (k) => `UPDATE keys SET digest = randomblob(32) WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: 'secret' })],
    ['a rolled secret given more grace', (k) => `UPDATE retired_secrets SET retires_at = '${someTime}' WHERE key_id = '${k.rolled}'`, (k) => ({ id: k.rolled, field: 'retired_secret' })],
    ['an extra accepted secret slipped in', (k) => `INSERT INTO retired_secrets (key_id, digest, retires_at) VALUES ('${k.edited}', randomblob(32), '${someTime}')`, (k) => ({ id: k.edited, field: 'retired_secret' })],
    [
      'a key row inserted',
      () => `INSERT INTO keys (id, account_id, name, access_type, scope_set_id, origin, digest, created_at, updated_at)
             VALUES ('AAAAAAAAAAAAAAAAAAAAAA', 1, 'planted', 'full', 1, 'issued', randomblob(32), '${someTime}', '${someTime}')`,
      () => ({ id: 'AAAAAAAAAAAAAAAAAAAAAA', field: null, seq: null }),
    ],
    ['a key row deleted', (k) => `DELETE FROM keys WHERE id = '${k.edited}'`, (k) => ({ id: k.edited, field: null })],
    ["a deleted key's tombstone removed", (k) => `DELETE FROM keys WHERE id = '${k.deleted}'`, (k) => ({ id: k.deleted, field: null })],
    ["an account's key-lifetime policy lifted", () => `UPDATE accounts SET max_key_lifetime_days = NULL WHERE name = 'Acme Corp'`, () => ({ kind: 'account', field: 'max_key_lifetime_days', expected: 90, actual: null })],
    ['the default account given a policy', () => `UPDATE accounts SET max_key_lifetime_days = 1 WHERE name = 'default'`, () => ({ kind: 'account', id: '1', field: 'max_key_lifetime_days' })],
    ['an account inserted', () => `INSERT INTO accounts (id, name, created_at) VALUES (99, 'planted', '${someTime}')`, () => ({ kind: 'account', id: '99', field: null })],
  ];

  it.each(cases)('%s', (_label, sql, expected) => {
    expect(check().intact).toBe(true);
    tamper(sql(keys));
    const report = checkAuditIntegrity(host.store);
    expect(report.chain.intact).toBe(true);
    expect(report.intact).toBe(false);
    expect(differences(report)).toContainEqual(expect.objectContaining({ kind: 'key', ...expected(keys) }));
  });
});

describe('what the user sees', () => {
  it('keydesk log --verify exits 1 naming the key and what differs, and passes again once it is put back', async () => {
    const cli = cliFor(host.path);
    expect((await cli(['log', '--verify'])).stdout).toMatch(/^Audit log intact: \d+ rows, sealed; head \d+:[0-9a-f]{64}\.\nThe keys and accounts tables match it \(\d+ keys, 3 accounts\)\.$/m);
    tamper(`UPDATE keys SET disabled_at = NULL WHERE id = '${keys.disabled}'`);
    const result = await cli(['log', '--verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(parseErrors(result.stderr)).toEqual([
      { field: 'keys', message: expect.stringMatching(new RegExp(`^key ${keys.disabled}: disabled is false, but the audit log says true \\(row \\d+\\)$`)) },
    ]);
    tamper(`UPDATE keys SET disabled_at = '2026-01-15T09:00:00.000Z' WHERE id = '${keys.disabled}'`);
    expect((await cli(['log', '--verify'])).code).toBe(0);
  });

  it('keydesk log --verify --json prints the whole report, chain and replay', async () => {
    tamper(`${DROP_LOG_GUARDS} UPDATE audit_log SET actor = 'someone else' WHERE seq = 2`);
    const result = await cliFor(host.path)(['log', '--verify', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ intact: false, chain: { intact: false, brokenAt: 2 }, replay: { consistent: true } });
    expect(parseErrors(result.stderr)).toEqual([{ field: 'audit_log', message: 'audit log broken at row 2: its contents were changed' }]);
  });

  it("the app's audit:verify channel reports the chain and each differing key, for the app to show", async () => {
    expect(await host.ipc.invoke('audit:verify', appFrame)).toMatchObject({ ok: true, data: { intact: true, replay: { consistent: true } } });
    tamper(`INSERT INTO scope_sets (scopes) VALUES ('["billing.read","mail.send"]');
            UPDATE keys SET scope_set_id = last_insert_rowid() WHERE id = '${keys.subuserKey}'`);
    const result = (await host.ipc.invoke('audit:verify', appFrame)) as { ok: true; data: AuditIntegrity };
    expect(result.data).toMatchObject({ intact: false, chain: { intact: true }, replay: { consistent: false, total: 1 } });
    expect(differences(result.data)).toEqual([
      {
        kind: 'key',
        id: keys.subuserKey,
        field: 'scopes',
        expected: ['mail.send'],
        actual: ['billing.read', 'mail.send'],
        seq: expect.any(Number),
        message: expect.stringMatching(/scopes is \["billing\.read","mail\.send"\] \(\+billing\.read\), but the audit log says \["mail\.send"\]/),
      },
    ]);
  });
});
