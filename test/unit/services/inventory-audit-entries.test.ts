/** The audit entries exports and imports leave, and how the log describes them. */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeChange } from '../../../main/services/audit-changes.ts';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

it('records imports per key and per file, exports per file, each readable in the log', async () => {
  const file = parseInventory(Buffer.from(JSON.stringify({ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'A New Hope', scopes: ['mail.send', 'alerts.read'] })));
  importInventory(t.store, file, { caller: t.owner('default', 'cli'), clock: t.clock });
  const exported = await exportInventory(t.store, { path: join(t.dir, 'keys.csv') }, { format: 'csv', caller: t.owner(), clock: t.clock });

  const entries = t.store.audit.list();
  expect(entries.map((e) => [e.action, e.key_id, e.via])).toEqual([
    ['key.import', 'qfTQ6KG0QBiwWdJ0-pCLCA', 'cli'],
    ['inventory.import', null, 'cli'],
    ['inventory.export', null, 'app'],
  ]);
  expect(entries.map((e) => describeChange(e))).toEqual([
    'imported: Restricted, 2 scopes',
    `imported sendgrid-keys: 1 added, 0 updated (sha256 ${file.sha256.slice(0, 12)}…)`,
    `exported 1 key as csv (sha256 ${exported.sha256.slice(0, 12)}…)`,
  ]);
  // Filters the audit log view will use find them.
  expect(t.store.audit.list({ keyId: 'qfTQ6KG0QBiwWdJ0-pCLCA' })).toHaveLength(1);
  expect(t.store.audit.list({ action: 'inventory.export', since: t.clock.now().toISOString() })).toHaveLength(1);
  expect(t.store.audit.verifyChain()).toEqual({ intact: true, rows: 3 });
});
