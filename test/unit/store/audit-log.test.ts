/**
 * The audit log's hash chain and its lean entries (main/store/audit-log.ts, audit-snapshots.ts),
 * tampered with as an attacker with the sqlite3 shell would: guard triggers dropped, and hashes
 * recomputed where the attack needs them (the seal, which needs the key, is audit-seal.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS_HASH, rowHash, type HashedColumns, type NewAuditEntry } from '../../../main/store/audit-log.ts';
import { scopeListHash } from '../../../main/store/audit-snapshots.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';
import { openDatabase } from '../../../main/store/database.ts';
import { migrate } from '../../../main/store/migrations/index.ts';
import { sealedLeanAuditLog } from '../../../main/store/migrations/0008-sealed-lean-audit-log.ts';
import { createStore } from '../../../main/store/store.ts';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  const owner = t.owner();
  for (const name of ['one', 'two', 'three', 'four']) {
    const { api_key_id } = t.keys.create(owner, { name, scopes: ['mail.send'] });
    t.keys.rename(owner, api_key_id, `${name} renamed`);
  }
});
afterEach(() => t.close());

const GUARDS = 'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_head_follows_log; DROP TRIGGER IF EXISTS audit_head_no_delete;';
const LIST_GUARDS = 'DROP TRIGGER audit_scope_sets_no_update; DROP TRIGGER audit_scope_sets_no_delete;';

/** Tampering as an attacker with the sqlite3 shell would: drop the guard triggers first. */
function tamper(sql: string): void {
  t.store.db.exec(GUARDS);
  t.store.db.exec(sql);
}

/** A row as stored: the columns its hash covers, and the hash. */
type StoredRow = HashedColumns & { readonly hash: string };
const stored = (seq: number) => t.store.db.prepare<[number], StoredRow>('SELECT seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash FROM audit_log WHERE seq = ?').get(seq)!;

/** Rewrites row `seq` with `change` and recomputes its own hash correctly, as anyone can (plain SHA-256). */
function rewrite(seq: number, change: Partial<StoredRow>, { rechain = false } = {}): void {
  t.store.db.exec(GUARDS);
  const update = t.store.db.prepare('UPDATE audit_log SET actor = @actor, after = @after, prev_hash = @prev_hash, hash = @hash WHERE seq = @seq');
  const last = t.store.db.prepare<[], number>('SELECT max(seq) FROM audit_log').pluck().get()!;
  let prev = seq === 1 ? GENESIS_HASH : stored(seq - 1).hash;
  for (let s = seq; s <= (rechain ? last : seq); s++) {
    const row = { ...stored(s), ...(s === seq ? change : {}), prev_hash: prev };
    const hash = rowHash(row);
    update.run({ ...row, hash });
    prev = hash;
  }
  if (rechain) t.store.db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
}

describe('audit log hash chain', () => {
  it('records every change with actor, action, key and before/after', () => {
    const entries = t.store.audit.list();
    expect(entries).toHaveLength(8);
    expect(entries[0]).toMatchObject({ seq: 1, actor: 'owner', via: 'app', action: 'key.create', before: null, prev_hash: GENESIS_HASH });
    expect(entries[1]).toMatchObject({ action: 'key.rename', before: { name: 'one' }, after: { name: 'one renamed' } });
    expect(entries[1]!.prev_hash).toBe(entries[0]!.hash);
  });

  it('verifies intact, and the head is the last row', () => {
    expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: 8 });
    expect(t.store.audit.head()).toEqual({ seq: 8, hash: stored(8).hash });
    expect(t.store.audit.headHash()).toBe(stored(8).hash);
    expect(t.store.audit.hashAt(3)).toBe(stored(3).hash);
    expect(t.store.audit.hashAt(0)).toBe(GENESIS_HASH);
    expect(t.store.audit.hashAt(9)).toBeUndefined();
  });

  it('an empty log is intact, and its head is row 0 and the genesis hash', () => {
    const empty = openTempStore();
    try {
      expect(empty.store.audit.verifyChain()).toEqual({ intact: true, rows: 0 });
      expect(empty.store.audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(empty.store.audit.headHash()).toBe(GENESIS_HASH);
    } finally {
      empty.close();
    }
  });

  it('detects an edited row and names it', () => {
    tamper("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 3, brokenAt: 3, reason: 'its contents were changed' });
  });

  it('detects an edited before/after snapshot', () => {
    tamper(`UPDATE audit_log SET after = replace(after, 'two renamed', 'someone else') WHERE seq = 4`);
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 4, brokenAt: 4, reason: 'its contents were changed' });
  });

  it('detects a deleted row', () => {
    tamper('DELETE FROM audit_log WHERE seq = 4');
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 4, brokenAt: 4, reason: 'row 4 is missing' });
  });

  it('detects reordered rows', () => {
    tamper(`UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 6;
            UPDATE audit_log SET seq = 6 WHERE seq = 100;`);
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 2, brokenAt: 2, reason: 'it does not follow the row before it' });
  });

  it('a middle row rewritten with its own hash recomputed breaks the link from the row after it', () => {
    rewrite(3, { actor: 'someone else' });
    expect(rowHash(stored(3))).toBe(stored(3).hash); // the rewritten row itself checks out
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 4, brokenAt: 4, reason: 'it does not follow the row before it' });
  });

  it('the last row rewritten with its own hash recomputed no longer matches the head', () => {
    rewrite(8, { actor: 'someone else' });
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 8, brokenAt: 8, reason: 'its contents were changed' });
  });

  it('a row rewritten and every row after it rechained, head included, leaves a chain that holds: only the seal shows it', () => {
    rewrite(3, { actor: 'someone else' }, { rechain: true });
    expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: 8 });
    expect(t.store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: 3, reason: 'row 3: the seal does not match, so it was changed and rehashed outside Keydesk' });
  });

  it('the record of where the log ends, deleted, is reported (not thrown)', () => {
    tamper('DELETE FROM audit_head');
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 8, brokenAt: 9, reason: 'the record of where the log ends is missing' });
  });

  it('rows cut off the end are named by the head', () => {
    tamper('DELETE FROM audit_log WHERE seq >= 7');
    expect(t.store.audit.verifyChain()).toEqual({
      intact: false,
      rows: 6,
      brokenAt: 7,
      reason: 'rows 7-8 are missing: the log ends at row 6 but it had reached row 8',
    });
    t.store.db.exec('DELETE FROM audit_log WHERE seq = 6');
    expect(t.store.audit.verifyChain()).toMatchObject({ brokenAt: 6, reason: 'rows 6-8 are missing: the log ends at row 5 but it had reached row 8' });
  });

  it('one row cut off the end is named alone', () => {
    tamper('DELETE FROM audit_log WHERE seq = 8');
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 7, brokenAt: 8, reason: 'row 8 is missing: the log ends at row 7 but it had reached row 8' });
  });

  it('a row appended without moving the head is named as added outside Keydesk', () => {
    const last = stored(8);
    const row = { ...last, seq: 9, prev_hash: last.hash };
    t.store.db
      .prepare('INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash)')
      .run({ ...row, hash: rowHash(row) });
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 9, brokenAt: 9, reason: 'it was added outside Keydesk: the log had ended at row 8' });
  });

  it('refuses appends outside a transaction', () => {
    const entry: NewAuditEntry = { at: 'x', actor: 'owner', via: 'cli', action: 'key.create', account_id: 1, key_id: null, before: null, after: null };
    expect(() => t.store.audit.append(entry)).toThrow(/inside a write transaction/);
    expect(() => t.store.audit.appendMany([entry])).toThrow(/inside a write transaction/);
    expect(t.store.audit.list()).toHaveLength(8);
  });

  it('an empty appendMany writes nothing and leaves the head where it was', () => {
    const head = t.store.audit.head();
    t.store.write(() => t.store.audit.appendMany([]));
    expect(t.store.audit.list()).toHaveLength(8);
    expect(t.store.audit.head()).toEqual(head);
    expect(t.store.audit.checkSeal()).toEqual({ status: 'sealed' });
  });

  it('filters by account, key, action and time', () => {
    const keyId = t.store.audit.list()[0]!.key_id!;
    expect(t.store.audit.list({ keyId }).map((e) => e.action)).toEqual(['key.create', 'key.rename']);
    expect(t.store.audit.list({ action: 'key.rename' })).toHaveLength(4);
    expect(t.store.audit.list({ since: '2999-01-01' })).toHaveLength(0);
    expect(t.store.audit.list({ until: '2000-01-01' })).toHaveLength(0);
    expect(t.store.audit.list({ accountId: 1 })).toHaveLength(8);
    expect(t.store.audit.list({ accountId: 2 })).toHaveLength(0);
    // Conditions combine: this key's renames only.
    expect(t.store.audit.list({ keyId, action: 'key.rename' }).map((e) => e.seq)).toEqual([2]);
  });

  it('the head is where Keydesk last recorded the end, even when a row was added after it by hand', () => {
    const recorded = t.store.audit.head();
    const last = stored(8);
    const row = { ...last, seq: 9, prev_hash: last.hash };
    t.store.db
      .prepare('INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash)')
      .run({ ...row, hash: rowHash(row) });
    expect(t.store.audit.head()).toEqual(recorded);
    expect(t.store.audit.headHash()).toBe(rowHash(row));
  });
});

describe('stores at a schema before the seal (what tests of older migrations step through)', () => {
  const entry: NewAuditEntry = { at: '2026-01-15T09:00:00.000Z', actor: 'owner', via: 'cli', action: 'key.create', account_id: 1, key_id: 'k', before: null, after: { name: 'k', scopes: ['mail.send'] } };
  const at = (version: number) => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, version);
    return createStore(db);
  };

  it('schema 1 (no head): appends whole lists, the head is the last row, the chain holds', () => {
    const store = at(1);
    try {
      expect(store.audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
      const row = store.write(() => store.audit.append(entry));
      store.write(() => store.audit.appendMany([entry, entry]));
      expect(store.audit.head()).toEqual({ seq: 3, hash: store.audit.headHash() });
      expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 3 });
      expect(store.db.prepare('SELECT after FROM audit_log WHERE seq = 1').pluck().get()).toBe(JSON.stringify(entry.after));
      expect(store.audit.list()[0]).toEqual({ ...row, after: { name: 'k', scopes: ['mail.send'] } });
    } finally {
      store.close();
    }
  });

  it('the schema before the seal: no seal to check or to make afresh, said so', () => {
    const store = at(sealedLeanAuditLog.version - 1);
    try {
      store.write(() => store.audit.append(entry));
      expect(store.audit.checkSeal()).toEqual({ status: 'unchecked', reason: 'the store is from before audit logs were sealed' });
      expect(() => store.audit.reseal(entry)).toThrow(expect.objectContaining({ code: 'CONFLICT', errors: [{ field: 'audit_log', message: 'the store is from before audit logs were sealed' }] }));
      expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 1 });
    } finally {
      store.close();
    }
  });
});

describe('lean entries: scope lists named by their hash', () => {
  const MAIL_SEND = JSON.stringify(['mail.send']);

  it('an entry stores the name of its scope list, kept once, and reads back whole', () => {
    const name = scopeListHash(MAIL_SEND);
    expect(JSON.parse(stored(1).after!)).toMatchObject({ name: 'one', scopes: name });
    expect(t.store.db.prepare('SELECT hash, scopes FROM audit_scope_sets').all()).toEqual([{ hash: name, scopes: MAIL_SEND }]);
    expect(t.store.audit.list()[0]!.after).toMatchObject({ name: 'one', scopes: ['mail.send'] });
    expect(t.store.audit.list()[1]).toMatchObject({ before: { scopes: ['mail.send'] }, after: { scopes: ['mail.send'] } });
  });

  it('the snapshot text is what JSON.stringify writes, but for the list', () => {
    const owner = t.owner();
    const key = t.keys.create(owner, { name: 'a "quoted" \\ name\u2028', scopes: ['stats.read'] });
    const row = t.store.audit.list({ keyId: key.api_key_id })[0]!;
    const text = stored(row.seq).after!;
    expect(text).toBe(JSON.stringify({ ...(row.after as object), scopes: scopeListHash(JSON.stringify(['stats.read'])) }));
  });

  it('is append-only, as the log is', () => {
    expect(() => t.store.db.exec("UPDATE audit_scope_sets SET scopes = '[]'")).toThrow(/append-only/);
    expect(() => t.store.db.exec('DELETE FROM audit_scope_sets')).toThrow(/append-only/);
  });

  it('a list changed in its table breaks the chain at the first row naming it, and is never shown as recorded', () => {
    t.store.db.exec(LIST_GUARDS);
    t.store.db.exec(`UPDATE audit_scope_sets SET scopes = '["billing.read","mail.send"]'`);
    const name = scopeListHash(MAIL_SEND);
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 1, brokenAt: 1, reason: `the scope list it names (${name.slice(0, 16)}…) was changed` });
    // Read afresh (nothing remembered from before the edit): the entry keeps the list's name, not the forged list.
    expect(new AuditLog(t.store.db).list()[0]!.after).toMatchObject({ scopes: name });
  });

  it('a list removed from its table breaks the chain at the first row naming it', () => {
    t.store.db.exec(LIST_GUARDS);
    t.store.db.exec('DELETE FROM audit_scope_sets');
    expect(t.store.audit.verifyChain()).toMatchObject({ intact: false, brokenAt: 1, reason: expect.stringMatching(/\) is missing$/) });
  });

  it('a row naming a list that was never kept breaks the chain at that row, even rehashed', () => {
    rewrite(5, { after: JSON.stringify({ name: 'three', scopes: 'f'.repeat(64) }) }, { rechain: true });
    expect(t.store.audit.verifyChain()).toEqual({ intact: false, rows: 5, brokenAt: 5, reason: `the scope list it names (${'f'.repeat(16)}…) is missing` });
    expect(t.store.audit.list()[4]!.after).toEqual({ name: 'three', scopes: 'f'.repeat(64) });
  });

  it('a snapshot that is not JSON (written by hand) reads back as its text', () => {
    rewrite(2, { after: 'not json' }, { rechain: true });
    expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: 8 });
    expect(t.store.audit.list()[1]!.after).toBe('not json');
  });
});
