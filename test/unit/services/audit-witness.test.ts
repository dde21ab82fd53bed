/** Witnessed heads (main/services/audit-witness.ts), in the test's process: each way a witness holds or fails. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWitness, type Found } from '../../../main/services/audit-witness.ts';
import type { AuditHead } from '../../../common/audit.ts';
import { headText, parseHead } from '../../../common/audit.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
let heads: AuditHead[];
beforeEach(() => {
  t = openTempStore();
  heads = [t.store.audit.head()];
  for (const name of ['one', 'two', 'three']) {
    t.keys.create(t.owner(), { name, scopes: ['mail.send'] });
    heads.push(t.store.audit.head());
  }
});
afterEach(() => t.close());

/** What verification found of the log as it is (all well unless a test says otherwise). */
const found = (change: Partial<Found> = {}): Found => ({
  chain: { intact: true, rows: 3 },
  seal: { status: 'sealed' },
  head: heads[3]!,
  entries: t.store.audit.list(),
  ...change,
});
const UNCHECKED = { status: 'unchecked', reason: 'its seal key is not on this machine (x)' } as const;

describe('a witnessed head', () => {
  it('holds for the head now, and for any earlier one, the rows after it sealed', () => {
    for (const head of heads) expect(checkWitness(t.store, { head }, found())).toEqual({ holds: true, head });
  });

  it('fails for a row the log does not have, naming where it ends', () => {
    const head = { seq: 4, hash: 'a'.repeat(64) };
    expect(checkWitness(t.store, { head }, found())).toEqual({
      holds: false,
      head,
      reason: 'row 4 is not in the log, which ends at row 3: rows were cut off the end, or the head is from another store',
    });
  });

  it('fails for a row whose hash is not the one witnessed', () => {
    const head = { seq: 2, hash: 'a'.repeat(64) };
    expect(checkWitness(t.store, { head }, found())).toEqual({
      holds: false,
      head,
      reason: `row 2 now has hash ${heads[2]!.hash}, not the witnessed ${'a'.repeat(64)}: the log up to it was rewritten`,
    });
    const genesis = { seq: 0, hash: 'b'.repeat(64) };
    expect(checkWitness(t.store, { head: genesis }, found())).toMatchObject({ holds: false, reason: expect.stringMatching(/^row 0 now has hash 0{64}/) });
  });

  it('fails when the chain does not hold, or the seal is broken, wherever', () => {
    const head = heads[1]!;
    expect(checkWitness(t.store, { head }, found({ chain: { intact: false, rows: 3, brokenAt: 3, reason: 'its contents were changed' } }))).toEqual({
      holds: false,
      head,
      reason: 'the chain does not hold (row 3: its contents were changed)',
    });
    expect(checkWitness(t.store, { head }, found({ seal: { status: 'broken', brokenAt: 3, reason: 'row 3: no seal covers it' } }))).toEqual({
      holds: false,
      head,
      reason: 'the seal is broken (row 3: no seal covers it)',
    });
  });

  it('without the seal key, holds only with nothing after it: rows after it cannot be told from forged ones', () => {
    expect(checkWitness(t.store, { head: heads[3]! }, found({ seal: UNCHECKED }))).toEqual({ holds: true, head: heads[3] });
    expect(checkWitness(t.store, { head: heads[2]! }, found({ seal: UNCHECKED }))).toEqual({
      holds: false,
      head: heads[2],
      reason: 'row 3 was added after it, and the seal cannot be checked on this machine (its seal key is not on this machine (x)): without it they cannot be told from rows added outside Keydesk',
    });
    expect(checkWitness(t.store, { head: heads[1]! }, found({ seal: UNCHECKED }))).toMatchObject({ reason: expect.stringMatching(/^rows 2-3 were added after it/) });
  });
});

describe('a witness from an export', () => {
  const exportRow = (sha256: unknown, action = 'inventory.export') =>
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: action as 'inventory.export', account_id: 1, key_id: null, before: null, after: { format: 'json', sha256 } }));

  it("holds when the log records the export's bytes after its head, naming the row", () => {
    const head = heads[2]!;
    const row = exportRow('f'.repeat(64));
    const now = t.store.audit.head();
    expect(checkWitness(t.store, { head, exportSha256: 'f'.repeat(64) }, found({ head: now, chain: { intact: true, rows: 4 } }))).toEqual({ holds: true, head, recorded_at: row.seq });
  });

  it('fails when no export record after the head has its SHA-256', () => {
    exportRow('e'.repeat(64));
    exportRow('f'.repeat(64), 'inventory.import');
    t.store.write(() => t.store.audit.append({ at: 'x', actor: 'owner', via: 'cli', action: 'inventory.export', account_id: 1, key_id: null, before: null, after: null }));
    const now = t.store.audit.head();
    const check = (head: AuditHead) => checkWitness(t.store, { head, exportSha256: 'f'.repeat(64) }, found({ head: now, chain: { intact: true, rows: now.seq } }));
    expect(check(heads[3]!)).toEqual({
      holds: false,
      head: heads[3],
      reason: `the log records no export with this file's SHA-256 (${'f'.repeat(64)}) after row 3: it was not written by this store, or its record was removed`,
    });
    // An export recorded before the head is not this file's record.
    exportRow('d'.repeat(64));
    const later = t.store.audit.head();
    expect(checkWitness(t.store, { head: later, exportSha256: 'd'.repeat(64) }, found({ head: later, chain: { intact: true, rows: later.seq } }))).toMatchObject({ holds: false });
  });
});

describe('SEQ:HASH', () => {
  it('reads back what it writes, and nothing else', () => {
    const head = { seq: 12, hash: 'a'.repeat(64) };
    expect(parseHead(headText(head))).toEqual(head);
    for (const text of ['12', `12:${'a'.repeat(63)}`, `12:${'A'.repeat(64)}`, ` 12:${'a'.repeat(64)}`, `12:${'a'.repeat(64)} `, `1.5:${'a'.repeat(64)}`]) expect(parseHead(text)).toBeNull();
  });
});
