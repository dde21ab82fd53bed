/** An import large enough to span several audit batches: progress, audit order and chain still hold. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { issueKey } from '../../../main/core/key-format.ts';
import { importInventoryFile } from '../../../main/services/inventory-import.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

it('reports progress to the end and logs every key, in file order, on an intact chain', async () => {
  const ids = Array.from({ length: 2_345 }, () => issueKey().id);
  const keys = ids.map((api_key_id, i) => ({ api_key_id, name: `key ${i}`, scopes: i % 2 ? ['mail.send'] : ['stats.read'] }));
  const file = join(t.dir, 'many.json');
  writeFileSync(file, JSON.stringify({ result: keys }));
  const calls: [number, number][] = [];
  const result = await importInventoryFile(t.store, file, { caller: t.owner(), clock: t.clock, onProgress: (done, total) => calls.push([done, total]) });

  expect(result.added).toHaveLength(ids.length);
  expect(calls[0]).toEqual([0, ids.length]);
  expect(calls.at(-1)).toEqual([ids.length, ids.length]);
  expect(calls.length).toBeGreaterThan(50);
  expect(calls.every(([done], i) => i === 0 || done > calls[i - 1]![0])).toBe(true);
  const logged = t.store.audit.list({ action: 'key.import' });
  expect(logged.map((e) => e.key_id)).toEqual(ids);
  expect(logged[1]!.after).toMatchObject({ name: 'key 1', scopes: ['mail.send'], access_type: 'restricted' });
  expect(t.store.audit.list().at(-1)!.action).toBe('inventory.import');
  expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: ids.length + 1 });
  expect(t.keys.get(t.owner(), ids[2]!).scopes).toEqual(['stats.read']);
});
