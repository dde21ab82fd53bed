/** The CSV export's exact text: RFC 4180 quoting only where needed, a header even with no keys. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CSV_COLUMNS, exportInventory } from '../../../main/services/inventory-export.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const exportCsv = async () => {
  await exportInventory(t.store, { path: join(t.dir, 'keys.csv') }, { format: 'csv', caller: t.owner(), clock: t.clock });
  return readFileSync(join(t.dir, 'keys.csv'), 'utf8');
};

it('writes the header alone for an account without keys', async () => {
  expect(await exportCsv()).toBe(`${CSV_COLUMNS.join(',')}\n`);
});

it('quotes a field only when it holds a quote or a comma, doubling quotes', async () => {
  const quoted = t.keys.create(t.owner(), { name: 'Prod mailer, "EU"', scopes: ['mail.send'] });
  const plain = t.keys.create(t.owner(), { name: 'plain name', scopes: ['mail.send'] });
  const lines = (await exportCsv()).split('\n');
  expect(lines).toHaveLength(4); // header, two keys, and the final line break
  expect(lines[3]).toBe('');
  // Both keys were made at the same instant: their order is by ID, so find each by its ID.
  const lineOf = (id: string) => lines.find((line) => line.includes(`,${id},`))!;
  expect(lineOf(quoted.api_key_id)).toContain(`,${quoted.api_key_id},"Prod mailer, ""EU""",${quoted.api_key.slice(-4)},restricted,`);
  expect(lineOf(plain.api_key_id)).toContain(`,${plain.api_key_id},plain name,${plain.api_key.slice(-4)},restricted,`);
  expect(lineOf(quoted.api_key_id).split(',').length).toBe(CSV_COLUMNS.length + 1); // the comma inside the quotes
});
