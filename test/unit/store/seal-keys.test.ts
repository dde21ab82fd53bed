/**
 * The seal keys' files (main/store/seal-keys.ts), each rule checked on real files in a temp
 * folder: where a key lives, what a key file must hold, what is refused and with which words, and
 * which stores a machine sealed at a path. The seal made with them is audit-seal.test.ts.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyring, keyringFor, memoryKeyring, newStoreId, SEAL_KEY_FOLDER, sealKeyDir, SealKeyUnreadable, storePathOf, type SealKeyring } from '../../../main/store/seal-keys.ts';
import { tempDir } from '../../helpers/temp-store.ts';
import { thrownBy } from '../../helpers/expect-error.ts';

const POSIX = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let dir: string;
let keys: SealKeyring;
let store: string;
beforeEach(() => {
  root = tempDir();
  dir = join(root, 'config', SEAL_KEY_FOLDER);
  keys = fileKeyring(dir);
  store = join(root, 'keydesk.db');
  writeFileSync(store, '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const refusal = (work: () => unknown) => thrownBy(work, SealKeyUnreadable).message;
const keyFile = (fields: Record<string, unknown>) => `${JSON.stringify({ keydesk_seal_key: 1, store_id: ID, store: storePathOf(store), created_at: '2026-12-05T00:00:00.000Z', key: Buffer.alloc(32, 7).toString('base64url'), ...fields })}\n`;
const ID = '0123456789abcdef0123456789abcdef';

describe('store ids', () => {
  it('are 32 hex digits, made at random; anything else names no file, and is quoted at most 40 characters long', () => {
    expect(newStoreId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newStoreId()).not.toBe(newStoreId());
    expect(keys.where(ID)).toBe(join(dir, `${ID}.key`));
    for (const bad of [`${ID}0`, `x${ID}`, ID.toUpperCase(), '../../etc/passwd']) {
      expect(refusal(() => keys.where(bad))).toBe(`the store's id ${JSON.stringify(bad.slice(0, 40))} is not one Keydesk makes`);
    }
    expect(refusal(() => keys.read('a'.repeat(100)))).toBe(`the store's id "${'a'.repeat(40)}" is not one Keydesk makes`);
  });
});

describe('storePathOf', () => {
  it('resolves links, and gives a path that is not there as it is', () => {
    const link = join(root, 'link.db');
    symlinkSync(store, link);
    expect(storePathOf(link)).toBe(storePathOf(store));
    expect(storePathOf(join(root, 'missing.db'))).toBe(join(root, 'missing.db'));
  });
});

describe('a file keyring', () => {
  it('makes a key once, in a private folder and a private file that records the store, and reads it back', () => {
    const key = keys.create(ID, store);
    expect(key).toHaveLength(32);
    if (POSIX) {
      expect(mode(dir)).toBe(0o700);
      expect(mode(keys.where(ID))).toBe(0o600);
    }
    const file = JSON.parse(readFileSync(keys.where(ID), 'utf8')) as Record<string, unknown>;
    expect(file).toEqual({ keydesk_seal_key: 1, store_id: ID, store: storePathOf(store), created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), key: key.toString('base64url') });
    expect(keys.read(ID)).toEqual(key);
    expect(keys.exists(ID)).toBe(true);
    // Never over a key that is there: the first one stays.
    expect(() => keys.create(ID, store)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(keys.read(ID)).toEqual(key);
  });

  it('has no key for a store it never sealed, and forgets one removed (twice is fine)', () => {
    expect(keys.read(ID)).toBeNull();
    expect(keys.exists(ID)).toBe(false);
    keys.create(ID, store);
    keys.remove(ID);
    keys.remove(ID);
    expect(keys.read(ID)).toBeNull();
  });

  it.runIf(POSIX)('makes a key file others could read private again when it reads it', () => {
    keys.create(ID, store);
    chmodSync(keys.where(ID), 0o644);
    keys.read(ID);
    expect(mode(keys.where(ID))).toBe(0o600);
  });

  it('refuses a key file that cannot be read, or is not a whole key of this store, saying which', () => {
    mkdirSync(keys.where(ID), { recursive: true });
    expect(refusal(() => keys.read(ID))).toBe(`${keys.where(ID)} cannot be read (EISDIR)`);
    rmSync(keys.where(ID), { recursive: true });
    const cases: [string, string][] = [
      ['not json', 'is not a Keydesk seal key'],
      [keyFile({ keydesk_seal_key: 2 }), 'is not a Keydesk seal key'],
      [keyFile({ key: 7 }), 'is not a Keydesk seal key'],
      [keyFile({ store: null }), 'is not a Keydesk seal key'],
      [keyFile({ store_id: 'f'.repeat(32) }), `holds the key of another store (${'f'.repeat(32)})`],
      [keyFile({ store_id: undefined }), 'holds the key of another store (undefined)'],
      [keyFile({ key: Buffer.alloc(31).toString('base64url') }), 'holds no whole key'],
    ];
    for (const [text, message] of cases) {
      writeFileSync(keys.where(ID), text);
      expect(refusal(() => keys.read(ID))).toBe(`${keys.where(ID)} ${message}`);
    }
    writeFileSync(keys.where(ID), keyFile({}));
    expect(keys.read(ID)).toEqual(Buffer.alloc(32, 7));
  });

  it('moves a key aside under a name that says when, and puts it back', () => {
    const key = keys.create(ID, store);
    const aside = keys.retire(ID);
    expect(aside).toMatch(new RegExp(`^${join(dir, ID).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\.key\\.replaced-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z$`));
    expect(keys.read(ID)).toBeNull();
    expect(readFileSync(aside, 'utf8')).toContain(key.toString('base64url'));
    keys.restore(ID, aside);
    expect(keys.read(ID)).toEqual(key);
  });

  it('names the stores it sealed at a path, from whole key files only', () => {
    expect(keys.storesSealedAt(store)).toEqual([]); // no folder yet
    keys.create(ID, store);
    const other = 'f'.repeat(32);
    keys.create(other, join(root, 'other.db'));
    const broken = 'e'.repeat(32);
    writeFileSync(join(dir, `${broken}.key`), keyFile({ store_id: broken, key: 'short' }));
    // Whole keys for this store, but under names that are no key's: not counted.
    const stray = 'd'.repeat(32);
    writeFileSync(join(dir, `${stray}.kex`), keyFile({ store_id: stray }));
    writeFileSync(join(dir, 'notes.key'), keyFile({ store_id: 'notes' }));
    expect(keys.storesSealedAt(store)).toEqual([ID]);
    const link = join(root, 'link.db');
    symlinkSync(store, link);
    expect(keys.storesSealedAt(link)).toEqual([ID]);
    expect(keys.storesSealedAt(join(root, 'other.db'))).toEqual([other]);
  });
});

describe('the memory keyring (in-memory stores)', () => {
  it('keeps keys for the process, and retires, restores and removes them as files are', () => {
    const id = newStoreId();
    expect(memoryKeyring.where(id)).toBe(`memory:${id}`);
    expect(memoryKeyring.read(id)).toBeNull();
    expect(memoryKeyring.exists(id)).toBe(false);
    const key = memoryKeyring.create(id, ':memory:');
    expect(key).toHaveLength(32);
    expect(memoryKeyring.read(id)).toEqual(key);
    expect(memoryKeyring.exists(id)).toBe(true);
    const aside = memoryKeyring.retire(id);
    expect(aside).toBe(`${id}.replaced`);
    expect(memoryKeyring.read(id)).toBeNull();
    expect(memoryKeyring.read(aside)).toEqual(key);
    memoryKeyring.restore(id, aside);
    expect(memoryKeyring.read(id)).toEqual(key);
    expect(memoryKeyring.read(aside)).toBeNull();
    memoryKeyring.remove(id);
    expect(memoryKeyring.exists(id)).toBe(false);
    expect(memoryKeyring.storesSealedAt(':memory:')).toEqual([]);
  });
});

describe('keyringFor', () => {
  it("is the process's for an in-memory store, else the files in the user's config area", () => {
    expect(keyringFor(':memory:')).toBe(memoryKeyring);
    expect(keyringFor('')).toBe(memoryKeyring);
    const env = { XDG_CONFIG_HOME: join(root, 'xdg'), APPDATA: join(root, 'xdg') };
    const files = keyringFor(store, env);
    expect(files).not.toBe(memoryKeyring);
    expect(files.where(ID)).toBe(join(sealKeyDir(env), `${ID}.key`));
    expect(sealKeyDir(env)).toBe(join(root, 'xdg', SEAL_KEY_FOLDER));
  });
});
