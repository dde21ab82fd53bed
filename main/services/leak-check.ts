/**
 * Leak check: scan a file or a folder (typically a repository checkout) for strings shaped like
 * SendGrid keys, and say for each whether it is a live key of this store. The secret part is
 * never reported, only `SG.<API Key ID>.…`. Binary and oversized files are skipped, symlinks are
 * never followed (a target inside the tree is scanned where it lives; one outside is not ours to
 * read), and `.git` and `node_modules` are left out unless asked for.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { badRequest } from '../../common/errors.ts';
import { parseKey } from '../core/key-format.ts';
import type { Store } from '../store/store.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';
import { throttledProgress, type Progress } from './progress.ts';
import { refusalOf } from './verify.ts';
import type { LeakHit, SkipReason, SkippedPath, LeakReport, LeakStatus } from '../../common/inventory.ts';

/** Files larger than this are skipped: keys live in source and config files, not in 10 MiB blobs. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const IGNORED_FOLDERS: readonly string[] = ['.git', 'node_modules'];
/** Longest stretch of synchronous reading before the scan yields to the event loop. */
const SLICE_MS = 10;
/** As git decides a file is binary: a NUL byte in its first 8000 bytes. */
const BINARY_SNIFF_BYTES = 8000;

export interface LeakCheckOptions {
  readonly caller: Caller;
  readonly clock?: Clock;
  readonly onProgress?: Progress;
  /** Also scan `.git` and `node_modules`. */
  readonly scanIgnoredFolders?: boolean;
  readonly maxFileBytes?: number;
}

/**
 * gitleaks' SendGrid rule: `SG.` then 66 characters of `[A-Za-z0-9=_\-.]`. gitleaks also wants a
 * quote, space or semicolon after it; any character that cannot continue a key ends it here, so
 * `key=SG...&x=1` or `(SG...)` are found too.
 */
const KEY_SHAPED = /\bSG\.[A-Za-z0-9=_\-.]{66}(?![A-Za-z0-9=_\-.])/g;

export interface KeyShapedText {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** Every key-shaped string in a text, with its 1-based line and column. */
export function findKeyShapedText(content: string): KeyShapedText[] {
  const found: KeyShapedText[] = [];
  if (!content.includes('SG.')) return found;
  content.split('\n').forEach((lineText, i) => {
    if (!lineText.includes('SG.')) return;
    for (const match of lineText.matchAll(KEY_SHAPED)) found.push({ line: i + 1, column: match.index + 1, text: match[0] });
  });
  return found;
}

type Classification = Pick<LeakHit, 'api_key_id' | 'account' | 'name' | 'status' | 'redacted'>;

/** What a key-shaped string is to this store. `accountId` limits the answer to one account's keys. */
export function classifyKeyText(store: Store, text: string, now: Date, accountId: number | null): Classification {
  const parsed = parseKey(text);
  if (!parsed) return { api_key_id: null, account: null, name: null, status: 'unknown', redacted: 'SG.…' };
  const redacted = `SG.${parsed.id}.…`;
  const key = store.keys.verificationRow(parsed.id);
  if (!key || (accountId !== null && key.account_id !== accountId)) {
    return { api_key_id: parsed.id, account: null, name: null, status: 'unknown', redacted };
  }
  const account = store.accounts.byId(key.account_id)?.name ?? null;
  const name = store.keys.nameOf(parsed.id) ?? null;
  const refused = refusalOf(store, parsed, key, now);
  return { api_key_id: parsed.id, account, name, status: refused ? LEAK_STATUS_OF[refused] : 'live', redacted };
}

/** Verify's refusal, as a leak report words it. */
const LEAK_STATUS_OF: Readonly<Record<NonNullable<ReturnType<typeof refusalOf>>, LeakStatus>> = {
  deleted: 'deleted',
  not_issued_here: 'imported',
  wrong_secret: 'wrong_secret',
  retired_secret: 'retired',
  disabled: 'disabled',
  expired: 'expired',
};

/** The regular files under `root`, depth first in name order, and what was passed over and why. */
async function filesUnder(root: string, scanIgnored: boolean): Promise<{ files: string[]; skipped: SkippedPath[] }> {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const skip = (path: string, reason: SkipReason) => skipped.push({ path: relative(root, path), reason });
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return void skip(folder, 'unreadable');
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) skip(path, 'symlink');
      else if (entry.isFile()) files.push(path);
      else if (!entry.isDirectory()) skip(path, 'not_a_file');
      else if (!scanIgnored && IGNORED_FOLDERS.includes(entry.name)) skip(path, 'ignored_folder');
      else await walk(path);
    }
  };
  await walk(root);
  return { files, skipped };
}

/** A scanned file's text, or null when it holds no "SG." at all (nearly every file: no need to decode it). */
type FileContent = { readonly text: string | null } | { readonly skip: SkipReason };

const KEY_PREFIX = Buffer.from('SG.');

/**
 * The file's bytes, read to the size it had when opened (one read for most files). A file that
 * reports no size (some virtual file systems do) is read to its end.
 */
function readContent(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(fd, bytes, filled, size - filled, filled);
    if (read === 0) break; // it shrank since it was opened
    filled += read;
  }
  return bytes.subarray(0, filled);
}

/**
 * Reads one file, synchronously: four system calls of a few microseconds, where the same through
 * the I/O threads cost several times the reading itself. The scan yields between slices of files.
 */
function readText(path: string, maxBytes: number): FileContent {
  let fd: number;
  try {
    // O_NOFOLLOW: a file swapped for a symlink after the walk is still not followed.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return { skip: 'unreadable' };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { skip: 'not_a_file' };
    if (info.size > maxBytes) return { skip: 'too_large' };
    const bytes = readContent(fd, info.size);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skip: 'binary' };
    return { text: bytes.includes(KEY_PREFIX) ? bytes.toString('utf8') : null };
  } catch {
    return { skip: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

/** The real paths of the store's database file and its -wal, -shm and -journal files. */
async function storeFilePaths(store: Store): Promise<Set<string>> {
  const name = store.db.name;
  if (name === ':memory:' || name === '') return new Set();
  let database: string;
  try {
    database = await realpath(name);
  } catch {
    return new Set();
  }
  return new Set(['', '-wal', '-shm', '-journal'].map((suffix) => database + suffix));
}

/** Scans a file or folder. Hits are in file order, then line order. */
export async function checkLeaks(store: Store, path: string, options: LeakCheckOptions): Promise<LeakReport> {
  const { caller } = options;
  requireOperation(caller.actor, 'inventory.read');
  // A key acting for itself sees only its own account's keys; the owner sees the whole store.
  const accountId = caller.actor.kind === 'key' ? caller.account.id : null;
  const now = (options.clock ?? systemClock).now();
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;

  let root: string;
  try {
    root = await realpath(path);
  } catch {
    throw badRequest('path', `cannot scan ${path}: no such file or folder`);
  }
  const single = (await stat(root)).isFile();
  const { files, skipped } = single ? { files: [root], skipped: [] as SkippedPath[] } : await filesUnder(root, options.scanIgnoredFolders ?? false);
  const shown = (file: string) => (single ? path : relative(root, file));

  // The store's own files hold digests, never a key; and opening them here would cost this
  // process its SQLite locks on them (closing any descriptor of a file drops every POSIX lock the
  // process holds on it), leaving its open store unguarded against other writers.
  const storeFiles = await storeFilePaths(store);
  const hits: LeakHit[] = [];
  let scanned = 0;
  const step = throttledProgress(files.length, options.onProgress);
  let sliceStart = performance.now();
  for (const [i, file] of files.entries()) {
    // Reads are synchronous: let the app's other work in every few milliseconds.
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise(setImmediate);
      sliceStart = performance.now();
    }
    const content = storeFiles.has(file) ? { skip: 'key_store' as const } : readText(file, maxBytes);
    if ('skip' in content) {
      skipped.push({ path: shown(file), reason: content.skip });
    } else {
      scanned += 1;
      for (const found of content.text === null ? [] : findKeyShapedText(content.text)) {
        hits.push({ file: shown(file), line: found.line, column: found.column, ...classifyKeyText(store, found.text, now, accountId) });
      }
    }
    step(i + 1);
  }
  return { root: path, files_scanned: scanned, hits, skipped };
}
