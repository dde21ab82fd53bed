/** The one helper for "a private file / a private folder" (the store, settings, backups and the seal key use it). */
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFilePrivate, makePrivateFolder, touchPrivateFile, writePrivateFile } from '../../../main/core/private-files.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const modeOf = (path: string) => statSync(path).mode & 0o7777;
let dir: string;
beforeEach(() => (dir = tempDir('keydesk-private-')));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writePrivateFile', () => {
  it('writes a new file whole, 0600 on POSIX, and leaves no temp file behind', () => {
    const path = join(dir, 'seal.key');
    writePrivateFile(path, 'first');
    expect(readFileSync(path, 'utf8')).toBe('first');
    if (process.platform !== 'win32') expect(modeOf(path)).toBe(0o600);
    writePrivateFile(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['seal.key']);
  });

  it('exclusive: never replaces an existing file (EEXIST), so of two writers racing the first one wins', () => {
    const path = join(dir, 'seal.key');
    writePrivateFile(path, 'winner', { exclusive: true });
    expect(() => writePrivateFile(path, 'loser', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(path, 'utf8')).toBe('winner');
    expect(readdirSync(dir)).toEqual(['seal.key']);
  });
});

describe.skipIf(process.platform === 'win32')('modes (POSIX)', () => {
  it('makeFilePrivate takes group and other bits away and leaves the owner\'s; a missing file stays missing', () => {
    const path = join(dir, 'store.db');
    writeFileSync(path, 'x');
    chmodSync(path, 0o666);
    makeFilePrivate(path);
    expect(modeOf(path)).toBe(0o600);
    chmodSync(path, 0o444);
    makeFilePrivate(path);
    expect(modeOf(path)).toBe(0o400);
    makeFilePrivate(join(dir, 'missing'));
    expect(readdirSync(dir)).toEqual(['store.db']);
  });

  it('makePrivateFolder makes missing folders 0700 and brings an existing one to 0700', () => {
    const nested = join(dir, 'a', 'b');
    makePrivateFolder(nested);
    expect([modeOf(join(dir, 'a')), modeOf(nested)]).toEqual([0o700, 0o700]);
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    makePrivateFolder(open);
    expect(modeOf(open)).toBe(0o700);
  });

  it('touchPrivateFile creates an empty 0600 file, and never truncates an existing one', () => {
    const path = join(dir, 'new.db');
    touchPrivateFile(path);
    expect([modeOf(path), statSync(path).size]).toEqual([0o600, 0]);
    writeFileSync(path, 'kept');
    chmodSync(path, 0o644);
    touchPrivateFile(path);
    expect([modeOf(path), readFileSync(path, 'utf8')]).toEqual([0o600, 'kept']);
  });
});
