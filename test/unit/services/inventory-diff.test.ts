/** Diff: exactly the planted changes, between two exports or an export and the store. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import { diffInventories, isEmptyDiff, storeInventory } from '../../../main/services/inventory-diff.ts';
import { parseInventory, readInventoryFile } from '../../../main/services/inventory-file.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const exportJson = async (name: string) =>
  (await exportInventory(t.store, { path: join(t.dir, name) }, { format: 'json', caller: t.owner(), clock: t.clock })).path!;

describe('diff', () => {
  it('reports exactly the planted changes between two exports', async () => {
    t.keys.create(t.owner(), { name: 'unchanged', scopes: ['mail.send', 'stats.read'] });
    const renamed = t.keys.create(t.owner(), { name: 'old name', scopes: ['alerts.read'] });
    const rescoped = t.keys.create(t.owner(), { name: 'rescoped', scopes: ['mail.send', 'stats.read'] });
    const removed = t.keys.create(t.owner(), { name: 'removed', scopes: ['mail.send'] });
    const before = await exportJson('before.json');

    t.keys.rename(t.owner(), renamed.api_key_id, 'new name');
    t.keys.replace(t.owner(), rescoped.api_key_id, { name: 'rescoped', scopes: ['alerts.read', 'mail.send'] });
    t.keys.remove(t.owner(), removed.api_key_id);
    const added = t.keys.create(t.owner(), { name: 'added', scopes: ['mail.send'] });
    const after = await exportJson('after.json');

    const diff = diffInventories((await readInventoryFile(before)).entries, (await readInventoryFile(after)).entries);
    expect(diff).toEqual({
      added: [{ api_key_id: added.api_key_id, name: 'added' }],
      removed: [{ api_key_id: removed.api_key_id, name: 'removed' }],
      renamed: [{ api_key_id: renamed.api_key_id, from: 'old name', to: 'new name' }],
      scopes: [{ api_key_id: rescoped.api_key_id, name: 'rescoped', gained: ['alerts.read'], lost: ['stats.read'] }],
    });

    // And the store as it stands says the same as the later export.
    expect(diffInventories((await readInventoryFile(before)).entries, storeInventory(t.store, t.owner()))).toEqual(diff);
  });

  it('finds no differences between an export and the unchanged store', async () => {
    t.keys.create(t.owner(), { name: 'a', scopes: ['mail.send'] });
    const file = await readInventoryFile(await exportJson('now.json'));
    expect(isEmptyDiff(diffInventories(file.entries, storeInventory(t.store, t.owner())))).toBe(true);
  });

  it("does not compare scopes a side does not know (SendGrid's key list)", () => {
    const list = parseInventory(Buffer.from(JSON.stringify({ result: [{ name: 'A New Hope', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' }] })));
    const keys = parseInventory(
      readFileSync(new URL('../../fixtures/sendgrid/api-key-result.json', import.meta.url)),
    );
    expect(isEmptyDiff(diffInventories(list.entries, keys.entries))).toBe(true);
    // Nor in the store, where a key imported from the list has no scopes on record.
    importInventory(t.store, list, { caller: t.owner(), clock: t.clock });
    expect(isEmptyDiff(diffInventories(keys.entries, storeInventory(t.store, t.owner())))).toBe(true);
  });
});
