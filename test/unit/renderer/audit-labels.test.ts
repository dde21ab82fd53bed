/**
 * The activity log's action filter offers every action the services write to the audit log, and
 * the age chart's labels read right for every bracket main reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { AGE_BOUNDS, keyStatistics } from '../../../main/services/key-statistics.ts';
import { ACTION_LABEL, ageLabel } from '../../../renderer/audit/labels.ts';

const MAIN = fileURLToPath(new URL('../../../main/', import.meta.url));
// Audit actions are dotted words in a few families: key.rename, key.import.update, inventory.export.
const ACTION_LITERAL = /'((?:key|account|inventory)\.[a-z]+(?:\.[a-z]+)*)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

it('labels every audit action the services and store write', () => {
  const written = new Set(
    [...sources(join(MAIN, 'services')), ...sources(join(MAIN, 'store'))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(ACTION_LITERAL)].map((match) => match[1]!),
    ),
  );
  expect(written.size).toBeGreaterThan(10);
  expect([...written].filter((action) => !(action in ACTION_LABEL)).sort()).toEqual([]);
});

it('names each age bracket main reports by the whole days it holds', () => {
  const brackets = keyStatistics([], new Date()).by_age;
  expect(brackets).toHaveLength(AGE_BOUNDS.length + 1);
  expect(brackets.map(ageLabel)).toEqual(['Under 30 days', '30–89 days', '90–179 days', '180–364 days', '365 days or more']);
});
