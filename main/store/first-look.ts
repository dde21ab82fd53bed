/**
 * Judging a store file from its bytes alone, before SQLite opens it, so nothing is written to a
 * file that is not a whole Keydesk store: not SQLite, another application's, or cut short.
 *
 * The file is read with plain reads (its write-ahead log's size, its size, its header), and
 * another process may be writing it meanwhile: when the last connection to a store closes, SQLite
 * copies the log into the file (page 1, with the new page count, first) and then deletes the log.
 * Reads that straddle that can show a new header on an old size with no log left: the look of a
 * truncated file. So a file is only refused when a second look, taken after the first, sees the
 * same bytes; if anything moved, the store is busy and the open is tried again.
 */
import { statSync } from 'node:fs';
import { APPLICATION_ID, parseSqliteHeader, readHeaderBytes, SQLITE_MAGIC } from './sqlite-header.ts';
import { refuse, StoreRefused } from './store-refused.ts';

/** What the files showed, read in this order: the log's size, the store's size, its first bytes. */
export interface Glance {
  readonly walBytes: number;
  /** null: there is no store file. */
  readonly size: number | null;
  readonly head: Buffer;
}

const sizeOf = (path: string): number | null => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

export function glanceAt(path: string): Glance {
  const walBytes = sizeOf(`${path}-wal`) ?? 0;
  const size = sizeOf(path);
  let head: Buffer = Buffer.alloc(0);
  if (size) {
    try {
      head = readHeaderBytes(path);
    } catch {
      // Gone between the two reads: the second look will differ.
    }
  }
  return { walBytes, size, head };
}

const sameGlance = (a: Glance, b: Glance): boolean => a.walBytes === b.walBytes && a.size === b.size && a.head.equals(b.head);

/** What one glance says of the file: a new store, an existing one that may be ours, or a refusal. */
function verdict(path: string, glance: Glance): 'new' | 'existing' | StoreRefused {
  const { size, head, walBytes } = glance;
  if (!size) return 'new';
  const header = parseSqliteHeader(head);
  if (!header) {
    const cutShort = head.subarray(0, 15).toString('latin1') === SQLITE_MAGIC.slice(0, Math.min(15, head.length));
    return cutShort
      ? refuse(path, `it is truncated: ${size} bytes, too short to be a database`)
      : refuse(path, 'it is not a SQLite database', 'foreign');
  }
  if (!header.isSqlite) return refuse(path, 'it is not a SQLite database', 'foreign');
  if (header.applicationId !== 0 && header.applicationId !== APPLICATION_ID) return refuse(path, 'it belongs to another application', 'foreign');
  // With a write-ahead log present, the newest pages may live there; SQLite's quick_check judges that case.
  if (header.pageCount !== null && walBytes === 0 && size < header.pageCount * header.pageSize) {
    return refuse(path, `it is truncated: ${size} bytes of the ${header.pageCount * header.pageSize} it should hold`);
  }
  return 'existing';
}

/**
 * 'new' for no file or an empty one, 'existing' for a SQLite file that may be ours (SQLite judges
 * the rest); throws StoreRefused otherwise, marked busy when the file was changing under the look.
 */
export function judgeFirstLook(path: string, look: (path: string) => Glance = glanceAt): 'new' | 'existing' {
  const first = look(path);
  const judged = verdict(path, first);
  if (!(judged instanceof StoreRefused)) return judged;
  if (!sameGlance(first, look(path))) {
    throw new StoreRefused(path, 'unavailable', 'another process was writing it while it was being checked', true);
  }
  throw judged;
}
