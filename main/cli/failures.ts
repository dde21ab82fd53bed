/**
 * What SQLite and the operating system refuse, said in words that name the file: a read-only
 * store, a full disk, a missing folder. Without this they would reach the user as "internal
 * error". Our own errors pass through unchanged; anything else stays internal (and unexplained,
 * so no stack trace or SQL reaches the terminal).
 */
import { KeydeskError } from '../../common/errors.ts';

const SQLITE_WHY: readonly (readonly [RegExp, string])[] = [
  [/^SQLITE_READONLY/, 'it is read-only (check the permissions of the file and of its folder, or whether the disk is mounted read-only)'],
  [/^SQLITE_FULL$/, 'the disk is full'],
  [/^SQLITE_IOERR/, 'the disk reported an error while writing or reading it; it may be full, failing or gone'],
  [/^SQLITE_CANTOPEN/, 'it cannot be opened (check that the file and its folder exist and can be read)'],
  [/^SQLITE_(BUSY|LOCKED)/, 'another program kept it locked for more than 5 seconds; try again'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'it is damaged'],
  [/^SQLITE_PERM$|^SQLITE_AUTH$/, 'permission denied'],
];

const ERRNO_WHY: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file grew past the size allowed to it (the disk or a ulimit)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EIO: 'the disk reported an input/output error',
};

interface SystemError {
  readonly code?: unknown;
  readonly path?: unknown;
}

const codeOf = (error: unknown): string | null => {
  const code = typeof error === 'object' && error !== null ? (error as SystemError).code : undefined;
  return typeof code === 'string' ? code : null;
};

/** An error SQLite raised while the store at `storePath` was in use, in words; anything else unchanged. */
export function storeFailure(storePath: string, error: unknown): unknown {
  const code = codeOf(error);
  const why = code === null || error instanceof KeydeskError ? undefined : SQLITE_WHY.find(([pattern]) => pattern.test(code))?.[1];
  return why ? new KeydeskError('CONFLICT', [{ field: 'database', message: `cannot use the key store at ${storePath}: ${why} (${code})` }]) : error;
}

/**
 * An error the operating system raised on a file, in words naming the file: `file` when the
 * caller knows which one it was writing (a stream's error names none), else the error's own path.
 */
export function fileFailure(error: unknown, file?: string): unknown {
  const code = codeOf(error);
  const why = code === null || error instanceof KeydeskError ? undefined : ERRNO_WHY[code];
  const path = file ?? (error as SystemError).path;
  if (!why || typeof path !== 'string') return error;
  return new KeydeskError('CONFLICT', [{ field: null, message: `cannot write ${path}: ${why} (${code})` }]);
}
