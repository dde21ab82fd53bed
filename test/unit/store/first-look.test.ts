/**
 * The look at a store file before SQLite opens it. The race it must survive came from a CI run:
 * six CLI commands created one new store at once, and one of them read the file's size before
 * another process's closing checkpoint grew it, then its header after, with the write-ahead log
 * already gone, and refused a whole store as "truncated". Those reads are replayed here in that
 * order; the real files supply every byte.
 */
import { truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, StoreRefused } from '../../../main/store/database.ts';
import { glanceAt, judgeFirstLook, type Glance } from '../../../main/store/first-look.ts';
import { parseSqliteHeader } from '../../../main/store/sqlite-header.ts';
import { tempStoreFile } from '../../helpers/temp-store.ts';
import { thrownBy } from '../../helpers/expect-error.ts';

/** A whole store on disk, closed (so its log has been folded into it and deleted). */
function wholeStore(): string {
  const { path } = tempStoreFile();
  openDatabase(path).close();
  return path;
}

describe('the first look at a store file', () => {
  it('calls a missing file new and a whole store existing', () => {
    const path = wholeStore();
    expect(judgeFirstLook(`${path}.none`)).toBe('new');
    expect(judgeFirstLook(path)).toBe('existing');
  });

  it('refuses a store cut short, and says so, when two looks agree', () => {
    const path = wholeStore();
    const header = parseSqliteHeader(glanceAt(path).head)!;
    expect(header.pageCount).toBeGreaterThan(2);
    truncateSync(path, 2 * header.pageSize);
    const refused = thrownBy(() => judgeFirstLook(path), StoreRefused);
    expect(refused.busy).toBe(false);
    expect(refused.reason).toBe('damaged');
    expect(refused.errors[0]!.message).toContain(`it is truncated: ${2 * header.pageSize} bytes of the ${header.pageCount! * header.pageSize}`);
  });

  it('does not call a store truncated when its size was read before another process finished writing it', () => {
    const path = wholeStore();
    const settled = glanceAt(path);
    const header = parseSqliteHeader(settled.head)!;
    // Size from before the checkpoint (a new store is one page until then), header from after, log gone.
    const torn: Glance = { walBytes: 0, size: header.pageSize, head: settled.head };
    const looks = [torn, settled];
    const refused = thrownBy(() => judgeFirstLook(path, () => looks.shift()!), StoreRefused);
    expect(refused.reason).toBe('unavailable');
    expect(refused.busy).toBe(true); // so openDatabase looks again instead of refusing
    expect(refused.errors[0]!.message).not.toContain('truncated');
    expect(judgeFirstLook(path)).toBe('existing');
  });
});
