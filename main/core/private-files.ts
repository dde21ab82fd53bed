/**
 * Files and folders private to the user who runs Keydesk: what holds key data (the store, its
 * -wal and -shm, backups, settings, the seal key) is 0600 and Keydesk's data folder 0700 on
 * POSIX systems, whatever the umask, and also when an older Keydesk left them readable by others.
 *
 * Tightening only takes bits away from group and others; the owner's bits are left as they are.
 * A file or folder Keydesk cannot change (another user's, a read-only file system) is left as it
 * is rather than refused: the OS then decides who may read it, as it did before.
 *
 * On Windows there are no POSIX modes (Node's chmod only sets the read-only flag), so these make
 * files and folders but change no permissions: a per-user folder such as %APPDATA% is already
 * private through the ACL it passes on (the user, SYSTEM and Administrators); see docs/security.md.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;
/** Read, write and execute for group and others: what a private file or folder never has. */
const NOT_OWNER_BITS = 0o077;

/** Whether this platform has POSIX permission bits to set. */
export const HAS_POSIX_MODES = process.platform !== 'win32';

/** chmod failures that mean "not ours to change", not a fault of Keydesk's. */
const LEFT_AS_IS = new Set(['ENOENT', 'EPERM', 'EACCES', 'EROFS', 'ENOTSUP']);

/** Takes group and other bits off `path` if it has any; false when it does not exist. */
function tighten(path: string): boolean {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!HAS_POSIX_MODES || (mode & NOT_OWNER_BITS) === 0) return true;
  try {
    chmodSync(path, mode & 0o7700); // the owner's bits (and setuid, setgid, sticky) only
  } catch (error) {
    if (!LEFT_AS_IS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  return true;
}

/** Brings an existing file to owner-only access (0600 for a file Keydesk wrote). A missing file stays missing. */
export function makeFilePrivate(path: string): void {
  tighten(path);
}

/**
 * Makes `folder` (with any missing parents, each 0700) or brings an existing one to 0700. Only
 * for folders that are Keydesk's own: a folder the user chose for a store is not changed.
 */
export function makePrivateFolder(folder: string): void {
  if (!tighten(folder)) mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Creates `path` empty and 0600 if it does not exist, so a file another writer (SQLite) is about to
 * fill is private from its first byte; an existing file is only tightened, never truncated.
 */
export function touchPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  tighten(path);
}

/**
 * Writes `data` to `path` as a new 0600 file, whole or not at all: it is written and flushed under
 * a temp name beside `path`, then put in place. `exclusive` never replaces an existing file (two
 * processes creating the same file at once: one wins, the other gets EEXIST and reads the winner's).
 */
export function writePrivateFile(path: string, data: string | Uint8Array, { exclusive = false } = {}): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The umask may have taken bits off, never added any; this only makes sure on odd file systems.
    tighten(temp);
    if (exclusive) linkSync(temp, path);
    else renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
