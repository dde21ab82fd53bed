/**
 * Seal keys: one random 256-bit key per store, with which its audit log is sealed (audit-seal.ts).
 * A key is kept apart from its store, in a folder of the per-user config area beside Keydesk's data
 * folder (never inside it, nor inside the database), so a store that is copied, synced or backed up
 * does not carry its key. The app and the CLI find it there by the store's id.
 *
 * POSIX: the folder is 0700 and each key file 0600. Windows has no modes: %APPDATA% is private to
 * the user by its ACL. Anything running as the user can read the key, and no local scheme stops it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeFilePrivate, makePrivateFolder, writePrivateFile } from '../core/private-files.ts';
import { appDataDir, type Env } from './location.ts';

export const SEAL_KEY_FOLDER = 'Keydesk Seal Keys';
const KEY_BYTES = 32;
/** A store id: 128 random bits as hex. Checked before it names a file: it comes from the database. */
export const STORE_ID = /^[0-9a-f]{32}$/;

export const newStoreId = (): string => randomBytes(16).toString('hex');

/** `<per-user config area>/Keydesk Seal Keys`: the sibling of the default data folder. */
export function sealKeyDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(appDataDir(env, platform), SEAL_KEY_FOLDER);
}

/** A key file that is there but cannot be used: said as it is, never guessed around. */
export class SealKeyUnreadable extends Error {}

export interface SealKeyring {
  /** Where the store's key is kept (or would be). */
  where(storeId: string): string;
  /** The store's key, or null when this machine has none for it. Throws SealKeyUnreadable. */
  read(storeId: string): Buffer | null;
  /** Makes and keeps a new key for the store; never replaces one. */
  create(storeId: string, storePath: string): Buffer;
  /** Forgets a key just made, whose store never came to use it (its write failed). */
  remove(storeId: string): void;
  /** Whether there is a key file for the store, usable or not. */
  exists(storeId: string): boolean;
  /** Moves the store's key aside (it is being replaced); returns where it went. */
  retire(storeId: string): string;
  /** Puts a key moved aside by `retire` back (its replacement failed). */
  restore(storeId: string, retired: string): void;
  /** The stores this keyring made keys for at `storePath` (as each key file records it). */
  storesSealedAt(storePath: string): string[];
}

interface KeyFile {
  readonly keydesk_seal_key: 1;
  readonly store_id: string;
  /** Where the store was when its key was made: a store whose id was edited still shows by its path. */
  readonly store: string;
  readonly created_at: string;
  readonly key: string;
}

const checkedId = (storeId: string): string => {
  if (!STORE_ID.test(storeId)) throw new SealKeyUnreadable(`the store's id ${JSON.stringify(storeId.slice(0, 40))} is not one Keydesk makes`);
  return storeId;
};

/** The store's real path, links resolved, so the same file is named the same way every time. */
export function storePathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function fileKeyring(dir: string = sealKeyDir()): SealKeyring {
  const where = (storeId: string) => join(dir, `${checkedId(storeId)}.key`);

  const parse = (path: string, text: string, storeId: string | null): KeyFile => {
    let file: Partial<KeyFile>;
    try {
      file = JSON.parse(text) as Partial<KeyFile>;
    } catch {
      throw new SealKeyUnreadable(`${path} is not a Keydesk seal key`);
    }
    if (file.keydesk_seal_key !== 1 || typeof file.key !== 'string' || typeof file.store !== 'string') {
      throw new SealKeyUnreadable(`${path} is not a Keydesk seal key`);
    }
    if (storeId !== null && file.store_id !== storeId) throw new SealKeyUnreadable(`${path} holds the key of another store (${String(file.store_id)})`);
    if (Buffer.from(file.key, 'base64url').length !== KEY_BYTES) throw new SealKeyUnreadable(`${path} holds no whole key`);
    return file as KeyFile;
  };

  return {
    where,
    read(storeId) {
      const path = where(storeId);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new SealKeyUnreadable(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const file = parse(path, text, storeId);
      // A key that others could read is made private again, as it was made.
      makeFilePrivate(path);
      return Buffer.from(file.key, 'base64url');
    },
    create(storeId, storePath) {
      makePrivateFolder(dir);
      const key = randomBytes(KEY_BYTES);
      const file: KeyFile = {
        keydesk_seal_key: 1,
        store_id: storeId,
        store: storePathOf(storePath),
        created_at: new Date().toISOString(),
        key: key.toString('base64url'),
      };
      // Whole or not at all (a crash never leaves half a key), and never over another key.
      writePrivateFile(where(storeId), `${JSON.stringify(file, null, 2)}\n`, { exclusive: true });
      return key;
    },
    remove(storeId) {
      rmSync(where(storeId), { force: true });
    },
    exists: (storeId) => existsSync(where(storeId)),
    retire(storeId) {
      const aside = `${where(storeId)}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(where(storeId), aside);
      return aside;
    },
    restore(storeId, retired) {
      renameSync(retired, where(storeId));
    },
    storesSealedAt(storePath) {
      const target = storePathOf(storePath);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return []; // no folder: this machine sealed nothing
      }
      return names.flatMap((name) => {
        const id = name.slice(0, -'.key'.length);
        if (!name.endsWith('.key') || !STORE_ID.test(id)) return [];
        try {
          const file = parse(join(dir, name), readFileSync(join(dir, name), 'utf8'), id);
          return file.store === target ? [id] : [];
        } catch {
          return []; // a file that is not a whole key claims nothing
        }
      });
    },
  };
}

/**
 * Keys of in-memory stores (`:memory:`, tests), which have no file to keep apart from: they live
 * as long as the process, shared by every connection in it.
 */
const memoryKeys = new Map<string, Buffer>();
export const memoryKeyring: SealKeyring = {
  where: (storeId) => `memory:${storeId}`,
  read: (storeId) => memoryKeys.get(storeId) ?? null,
  create(storeId) {
    const key = randomBytes(KEY_BYTES);
    memoryKeys.set(storeId, key);
    return key;
  },
  remove(storeId) {
    memoryKeys.delete(storeId);
  },
  exists: (storeId) => memoryKeys.has(storeId),
  retire(storeId) {
    const aside = `${storeId}.replaced`;
    memoryKeys.set(aside, memoryKeys.get(storeId)!);
    memoryKeys.delete(storeId);
    return aside;
  },
  restore(storeId, retired) {
    memoryKeys.set(storeId, memoryKeys.get(retired)!);
    memoryKeys.delete(retired);
  },
  storesSealedAt: () => [],
};

/** The keyring of the store at `path`: the user's, or the process's for an in-memory store. */
export function keyringFor(path: string, env: Env = process.env): SealKeyring {
  return path === ':memory:' || path === '' ? memoryKeyring : fileKeyring(sealKeyDir(env));
}
