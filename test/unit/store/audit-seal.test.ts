/**
 * The seal (main/store/audit-seal.ts, seal-keys.ts): HMAC-SHA-256 with a per-store key kept
 * outside the store. What it catches that the plain hash chain cannot, what happens without the
 * key, and where and how the key is kept.
 */
import { createHmac } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeydeskError } from '../../../common/errors.ts';
import { AuditSeal, sealAccess, sealMatches } from '../../../main/store/audit-seal.ts';
import { rowHash, type HashedColumns, type NewAuditEntry } from '../../../main/store/audit-log.ts';
import { fileKeyring, keyringFor, memoryKeyring, SEAL_KEY_FOLDER, sealKeyDir, type SealKeyring } from '../../../main/store/seal-keys.ts';
import { openStore, type Store } from '../../../main/store/store.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { OWNER } from '../../../main/services/caller.ts';
import { ManualClock, tempDir } from '../../helpers/temp-store.ts';

let dir: string;
let keys: string;
let keyring: SealKeyring;
let path: string;
let store: Store;
beforeEach(() => {
  dir = tempDir();
  keys = join(dir, 'config', SEAL_KEY_FOLDER);
  keyring = fileKeyring(keys);
  path = join(dir, 'data', 'keydesk.db');
  store = openStore(path, { keyring });
  for (const name of ['one', 'two', 'three']) createKey(store, name);
});
afterEach(() => {
  if (store.db.open) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function createKey(on: Store, name: string): string {
  const caller = { actor: OWNER, account: on.accounts.byName('default')!, via: 'cli' as const };
  return createKeyService(on, new ManualClock()).create(caller, { name, scopes: ['mail.send'] }).api_key_id;
}

const storeId = (on = store) => on.db.prepare<[], string>('SELECT store_id FROM audit_seal').pluck().get()!;
const keyFile = () => join(keys, `${storeId()}.key`);
const GUARDS = 'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_head_follows_log; DROP TRIGGER IF EXISTS audit_head_no_delete;';
const entry: NewAuditEntry = { at: '2026-01-15T09:00:00.000Z', actor: 'owner', via: 'cli', action: 'key.rename', account_id: 1, key_id: null, before: null, after: null };

/** A row as stored: the columns its hash covers, and the hash. */
type Row = HashedColumns & { readonly hash: string };
const row = (seq: number) => store.db.prepare<[number], Row>('SELECT seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash FROM audit_log WHERE seq = ?').get(seq)!;

/** Attack 1 of issue 15: a correctly hashed row appended, and the head moved to it with one plain UPDATE. */
function appendForged(seal: Buffer | null = null): number {
  const last = row(3);
  const forged = { ...last, seq: 4, action: 'key.roll', prev_hash: last.hash };
  const hash = rowHash(forged);
  store.db.prepare('INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash, seal) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash, @seal)').run({ ...forged, hash, seal });
  store.db.prepare('UPDATE audit_head SET seq = 4, hash = ? WHERE id = 1').run(hash);
  return 4;
}

describe('a sealed store', () => {
  it('every write seals its last row and the head; the chain and the seal hold', () => {
    expect(store.db.prepare('SELECT seq FROM audit_log WHERE seal IS NOT NULL').pluck().all()).toEqual([1, 2, 3]);
    expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 3 });
    expect(store.audit.checkSeal()).toEqual({ status: 'sealed' });
  });

  it('seals are HMAC-SHA-256 of the hash with the store key, each for its own purpose', () => {
    const key = keyring.read(storeId())!;
    const seal = new AuditSeal(key);
    const stored = store.db.prepare<[], Buffer>('SELECT seal FROM audit_log WHERE seq = 3').pluck().get()!;
    expect(sealMatches(stored, seal.row(row(3).hash))).toBe(true);
    expect(seal.row(row(3).hash)).not.toEqual(seal.head(3, row(3).hash));
    expect(seal.row('x')).toHaveLength(32);
    expect(new AuditSeal(Buffer.alloc(32)).row(row(3).hash)).not.toEqual(seal.row(row(3).hash));
    expect(sealMatches(null, seal.row('x'))).toBe(false);
    expect(sealMatches(Buffer.alloc(31), seal.row('x'))).toBe(false);
  });

  it('keeps its format: HMAC-SHA-256 over a purpose and the values, one per line, so a store sealed now still checks later', () => {
    const key = keyring.read(storeId())!;
    const seal = new AuditSeal(key);
    const hmac = (text: string) => createHmac('sha256', key).update(text).digest();
    expect(seal.row('abc')).toEqual(hmac('keydesk audit row\nabc'));
    expect(seal.head(3, 'abc')).toEqual(hmac('keydesk audit head\n3\nabc'));
    expect(seal.keyCheck('id')).toEqual(hmac('keydesk seal key\nid'));
  });

  it('catches a correctly hashed row appended with the head moved by a plain UPDATE, which the chain alone accepts', () => {
    store.db.exec('DROP TRIGGER audit_head_follows_log');
    appendForged();
    expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 4 });
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: 4, reason: 'row 4: no seal covers it, so it was added outside Keydesk' });
  });

  it('catches the same row given a seal made without the key', () => {
    store.db.exec('DROP TRIGGER audit_head_follows_log');
    appendForged(Buffer.alloc(32, 7));
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: 4, reason: 'row 4: the seal does not match, so it was changed and rehashed outside Keydesk' });
  });

  it('names the rows between two seals when one of them was rewritten and rechained', () => {
    store.write(() => store.audit.appendMany([entry, entry, entry])); // rows 4-6, sealed at 6
    store.db.exec(GUARDS);
    let prev = row(4).hash;
    for (let seq = 5; seq <= 6; seq++) {
      const changed = { ...row(seq), prev_hash: prev, actor: seq === 5 ? 'someone else' : row(seq).actor };
      prev = rowHash(changed);
      store.db.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(changed.actor, changed.prev_hash, prev, seq);
    }
    store.db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 6 });
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: 4, reason: 'rows 4-6: the seal does not match, so they were changed and rehashed outside Keydesk' });
  });

  it('names rows appended after the last seal', () => {
    store.db.exec(GUARDS);
    appendForged();
    const last = row(4);
    const fifth = { ...last, seq: 5, prev_hash: last.hash };
    store.db.prepare('INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash)').run({ ...fifth, hash: rowHash(fifth) });
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: 4, reason: 'rows 4-5: no seal covers them, so they were added outside Keydesk' });
  });

  it('catches rows cut off the end with the head moved back, which the chain alone accepts', () => {
    store.db.exec(GUARDS);
    store.db.exec(`DELETE FROM audit_log WHERE seq = 3; UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)`);
    expect(store.audit.verifyChain()).toEqual({ intact: true, rows: 2 });
    expect(store.audit.checkSeal()).toEqual({
      status: 'broken',
      brokenAt: null,
      reason: 'the record of where the log ends was changed outside Keydesk (its seal does not match): rows may have been cut off the end',
    });
  });

  it('catches the head record deleted', () => {
    store.db.exec(GUARDS);
    store.db.exec('DELETE FROM audit_head');
    expect(store.audit.checkSeal()).toMatchObject({ status: 'broken', brokenAt: null });
  });

  it('an empty store is sealed too: its head is', () => {
    const other = openStore(join(dir, 'empty.db'), { keyring });
    try {
      expect(other.audit.checkSeal()).toEqual({ status: 'sealed' });
      other.db.exec('DROP TRIGGER audit_head_follows_log');
      other.db.exec('UPDATE audit_head SET seal = NULL');
      expect(other.audit.checkSeal()).toMatchObject({ status: 'broken', brokenAt: null });
    } finally {
      other.close();
    }
  });
});

describe('the seal key', () => {
  it('is a 0600 file in a 0700 folder of the per-user config area, outside the store and its folder', () => {
    const files = readdirSync(keys);
    expect(files).toEqual([`${storeId()}.key`]);
    expect(existsSync(join(dirname(path), SEAL_KEY_FOLDER))).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(keys).mode & 0o777).toBe(0o700);
      expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    }
    const file = JSON.parse(readFileSync(keyFile(), 'utf8')) as Record<string, unknown>;
    expect(file).toEqual({ keydesk_seal_key: 1, store_id: storeId(), store: path, created_at: expect.any(String), key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    // Not a byte of it is in the store.
    const key = Buffer.from(file.key as string, 'base64url');
    store.close();
    expect(readFileSync(path).includes(key)).toBe(false);
  });

  it('lives beside the default data folder: the same per-user config area, not inside Keydesk/', () => {
    expect(sealKeyDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe(join('/home/u/.config', SEAL_KEY_FOLDER));
    expect(sealKeyDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\u\\AppData\\Roaming', SEAL_KEY_FOLDER));
    expect(keyringFor(':memory:')).toBe(memoryKeyring);
    expect(keyringFor('/x/keydesk.db', { XDG_CONFIG_HOME: dir }).where('0'.repeat(32))).toBe(join(dir, SEAL_KEY_FOLDER, `${'0'.repeat(32)}.key`));
  });

  it('a key file others could read is made private again when read', () => {
    if (process.platform === 'win32') return;
    const file = keyFile();
    const mode = (m: number) => statSync(file).mode & m;
    chmodSync(file, 0o644);
    expect(mode(0o777)).toBe(0o644);
    store.close();
    store = openStore(path, { keyring });
    expect(mode(0o777)).toBe(0o600);
  });

  it('is never made for an id Keydesk does not make (a path, say): the id comes from the store', () => {
    expect(() => keyring.where('../../../.bashrc')).toThrow(/not one Keydesk makes/);
    expect(() => keyring.create('../escape', path)).toThrow(/not one Keydesk makes/);
    expect(readdirSync(keys)).toHaveLength(1);
  });
});

describe('without the key on this machine (the store copied elsewhere)', () => {
  let elsewhere: Store;
  let copy: string;
  beforeEach(() => {
    store.close();
    copy = join(dir, 'elsewhere', 'keydesk.db');
    mkdirSync(dirname(copy), { recursive: true });
    cpSync(path, copy);
    elsewhere = openStore(copy, { keyring: fileKeyring(join(dir, 'other-config', SEAL_KEY_FOLDER)) });
  });
  afterEach(() => elsewhere.close());

  it('the chain can be checked and read; the seal cannot be checked, and says why', () => {
    expect(elsewhere.audit.verifyChain()).toEqual({ intact: true, rows: 3 });
    expect(elsewhere.audit.list()).toHaveLength(3);
    expect(elsewhere.audit.checkSeal()).toEqual({
      status: 'unchecked',
      reason: `its seal key is not on this machine (${join(dir, 'other-config', SEAL_KEY_FOLDER, `${storeId(elsewhere)}.key`)})`,
    });
  });

  it('refuses every write, which could not be told from a forged one, and changes nothing', () => {
    const error = (() => {
      try {
        createKey(elsewhere, 'four');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(KeydeskError);
    expect((error as KeydeskError).code).toBe('CONFLICT');
    expect((error as KeydeskError).errors[0]).toEqual({
      field: 'audit_log',
      message: expect.stringMatching(/^nothing can be changed in this store here: its seal key is not on this machine \(.+\)\. Copy the key file from the machine the store came from, or seal its audit log afresh on this one with "keydesk log --reseal"$/),
    });
    expect(elsewhere.keys.countLive(1)).toBe(3);
  });

  it('a key found once is kept while the store is open: writes stay sealed, while a check reports the file as it is now', () => {
    store = openStore(path, { keyring });
    rmSync(keyFile());
    createKey(store, 'four');
    expect(store.db.prepare('SELECT seal FROM audit_log WHERE seq = 4').pluck().get()).toHaveLength(32);
    expect(store.audit.checkSeal()).toMatchObject({ status: 'unchecked' });
  });

  it('takes writes again once the key file is copied in, without reopening', () => {
    expect(() => createKey(elsewhere, 'four')).toThrow(KeydeskError);
    mkdirSync(join(dir, 'other-config', SEAL_KEY_FOLDER), { recursive: true });
    cpSync(join(keys, `${storeId(elsewhere)}.key`), join(dir, 'other-config', SEAL_KEY_FOLDER, `${storeId(elsewhere)}.key`));
    createKey(elsewhere, 'four');
    expect(elsewhere.audit.checkSeal()).toEqual({ status: 'sealed' });
  });

  it('sealed afresh here (reseal): sealed with the new key, recorded, and the old key no longer fits', () => {
    const resealed = elsewhere.audit.reseal({ ...entry, action: 'audit.reseal', after: { sealed_rows: 3 } });
    expect(resealed).toMatchObject({ seq: 4, action: 'audit.reseal' });
    expect(elsewhere.audit.checkSeal()).toEqual({ status: 'sealed' });
    expect(elsewhere.audit.verifyChain()).toEqual({ intact: true, rows: 4 });
    createKey(elsewhere, 'four');
    // Back on the first machine, its key no longer fits the store: that shows, not "cannot be checked".
    elsewhere.close();
    const back = openStore(copy, { keyring });
    try {
      expect(back.audit.checkSeal()).toEqual({
        status: 'broken',
        brokenAt: null,
        reason: `the seal key at ${keyring.where(storeId(back))} is not the one the store is sealed with: the store was sealed afresh elsewhere, or the key was replaced`,
      });
      expect(() => createKey(back, 'five')).toThrow(/not the one the store is sealed with/);
      expect(() => back.audit.reseal(entry)).toThrow(/^audit_log: its seal is broken \(the seal key at .* is not the one the store is sealed with.*\): sealing it afresh would vouch for whatever was changed outside Keydesk$/);
    } finally {
      back.close();
    }
    elsewhere = openStore(copy, { keyring: fileKeyring(join(dir, 'other-config', SEAL_KEY_FOLDER)) });
  });

  it('a reseal whose write fails leaves no key behind to contradict the store', () => {
    elsewhere.db.exec("CREATE TRIGGER block BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => elsewhere.audit.reseal(entry)).toThrow(/disk full/);
    expect(existsSync(join(dir, 'other-config', SEAL_KEY_FOLDER, `${storeId(elsewhere)}.key`))).toBe(false);
    expect(elsewhere.audit.checkSeal()).toMatchObject({ status: 'unchecked' });
  });
});

describe('sealing afresh where the key is (a key that may have been read)', () => {
  it('replaces the key, keeps the old one aside, and remakes every seal', () => {
    const oldKey = keyring.read(storeId())!;
    store.audit.reseal({ ...entry, action: 'audit.reseal' });
    expect(store.audit.checkSeal()).toEqual({ status: 'sealed' });
    expect(keyring.read(storeId())).not.toEqual(oldKey);
    const aside = readdirSync(keys).filter((f) => f.includes('.key.replaced-'));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(keys, aside[0]!), 'utf8'))).toMatchObject({ key: oldKey.toString('base64url') });
    const seal = new AuditSeal(keyring.read(storeId())!);
    for (const seq of [1, 2, 3, 4]) {
      const stored = store.db.prepare<[number], Buffer>('SELECT seal FROM audit_log WHERE seq = ?').pluck().get(seq)!;
      expect(sealMatches(stored, seal.row(row(seq).hash)), `row ${seq}`).toBe(true);
    }
  });

  it('never seals over a broken seal', () => {
    store.db.exec('DROP TRIGGER audit_head_follows_log');
    appendForged();
    expect(() => store.audit.reseal(entry)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => store.audit.reseal(entry)).toThrow(/^audit_log: its seal is broken \(row 4: no seal covers it.*\): sealing it afresh would vouch for whatever was changed outside Keydesk$/);
    expect(readdirSync(keys)).toEqual([`${storeId()}.key`]);
  });

  it('whose write fails puts the old key back', () => {
    const oldKey = keyring.read(storeId())!;
    store.db.exec("CREATE TRIGGER block BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => store.audit.reseal(entry)).toThrow(/disk full/);
    expect(keyring.read(storeId())).toEqual(oldKey);
    expect(readdirSync(keys)).toEqual([`${storeId()}.key`]);
    expect(store.audit.checkSeal()).toEqual({ status: 'sealed' });
  });

  it('refuses a store from before seals, and a key file it cannot use', () => {
    writeFileSync(keyFile(), 'damaged');
    expect(() => store.audit.reseal(entry)).toThrow(new RegExp(`^audit_log: ${keyFile()} is not a Keydesk seal key: move ${keyFile()} aside first to seal the log afresh$`));
  });
});

describe('a store whose identity was edited on the machine that sealed it', () => {
  it('changing its id to dodge its key is caught by the path this machine sealed it at', () => {
    store.db.exec(`UPDATE audit_seal SET store_id = '${'a'.repeat(32)}'`);
    expect(store.audit.checkSeal()).toEqual({
      status: 'broken',
      brokenAt: null,
      reason: expect.stringMatching(/^this machine sealed a different store at this path \([0-9a-f]{32}\): the store's identity was changed, or another store was put in its place$/),
    });
  });

  it('names every other store this machine sealed at the path', () => {
    const first = storeId();
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    store = openStore(path, { keyring }); // a new store where the first was
    const second = storeId();
    store.db.exec(`UPDATE audit_seal SET store_id = '${'a'.repeat(32)}'`);
    expect(store.audit.checkSeal()).toMatchObject({ reason: expect.stringMatching(new RegExp(`^this machine sealed a different store at this path \\((${first}, ${second}|${second}, ${first})\\)`)) });
  });

  it('a keyring that fails for another reason than an unusable key file fails the check, as it is', () => {
    const failing: SealKeyring = { ...keyring, read: () => { throw new TypeError('disk on fire'); } };
    expect(() => sealAccess(store.db, failing)).toThrow('disk on fire');
  });

  it('an id that is not one Keydesk makes, the record removed, or the record garbled: broken, never "cannot be checked"', () => {
    store.db.exec(`UPDATE audit_seal SET store_id = '../../etc/passwd'`);
    expect(store.audit.checkSeal()).toMatchObject({ status: 'broken', brokenAt: null, reason: expect.stringMatching(/is not one Keydesk makes/) });
    store.db.exec(`UPDATE audit_seal SET store_id = '${'a'.repeat(32)}', key_check = 'not a blob'`);
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: null, reason: 'the record of its seal was changed' });
    store.db.exec(`UPDATE audit_seal SET store_id = x'00', key_check = x'00'`);
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: null, reason: 'the record of its seal was changed' });
    store.db.exec(`DELETE FROM audit_seal`);
    expect(store.audit.checkSeal()).toEqual({ status: 'broken', brokenAt: null, reason: 'the record of its seal is missing from the store' });
    expect(() => createKey(store, 'four')).toThrow(/the record of its seal is missing/);
  });

  it('a key file replaced by another key, or damaged, is said as it is', () => {
    const file = keyFile();
    const original = readFileSync(file, 'utf8');
    const other = JSON.parse(original) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...other, key: Buffer.alloc(32, 1).toString('base64url') }));
    expect(store.audit.checkSeal()).toMatchObject({ status: 'broken', reason: expect.stringMatching(/is not the one the store is sealed with/) });
    writeFileSync(file, 'not json');
    expect(store.audit.checkSeal()).toEqual({ status: 'unchecked', reason: `${file} is not a Keydesk seal key` });
    writeFileSync(file, JSON.stringify({ ...other, key: 'c2hvcnQ' }));
    expect(store.audit.checkSeal()).toEqual({ status: 'unchecked', reason: `${file} holds no whole key` });
    writeFileSync(file, JSON.stringify({ ...other, store_id: 'b'.repeat(32) }));
    expect(store.audit.checkSeal()).toEqual({ status: 'unchecked', reason: `${file} holds the key of another store (${'b'.repeat(32)})` });
    writeFileSync(file, JSON.stringify({ ...other, keydesk_seal_key: 2 }));
    expect(store.audit.checkSeal()).toEqual({ status: 'unchecked', reason: `${file} is not a Keydesk seal key` });
    writeFileSync(file, original);
    expect(store.audit.checkSeal()).toEqual({ status: 'sealed' });
  });
});

describe('in-memory stores', () => {
  it('keep their key in the process, shared by every connection to them', () => {
    const memory = openStore(':memory:');
    try {
      createKey(memory, 'x');
      expect(memory.audit.checkSeal()).toEqual({ status: 'sealed' });
      expect(memoryKeyring.read(storeId(memory))).toHaveLength(32);
      expect(memoryKeyring.storesSealedAt('anything')).toEqual([]);
    } finally {
      memory.close();
    }
  });
});
