/** `keydesk diff OLD [NEW]`: what changed between an export and the store, or between two files. */
import type { Command } from 'commander';
import { KeydeskError } from '../../../common/errors.ts';
import { diffInventories, isEmptyDiff, storeInventory } from '../../services/inventory-diff.ts';
import type { InventoryFile } from '../../services/inventory-file.ts';
import { json } from '../output.ts';
import type { CliContext } from '../session.ts';
import type { InventoryDiff } from '../../../common/inventory.ts';

function describe(diff: InventoryDiff): string {
  if (isEmptyDiff(diff)) return 'No differences.';
  return [
    ...diff.added.map((k) => `+ ${k.api_key_id}  "${k.name}" added`),
    ...diff.removed.map((k) => `- ${k.api_key_id}  "${k.name}" removed`),
    ...diff.renamed.map((r) => `~ ${r.api_key_id}  renamed "${r.from}" → "${r.to}"`),
    ...diff.scopes.map((c) => {
      const changes = [...c.gained.map((s) => `+${s}`), ...c.lost.map((s) => `-${s}`)];
      return `~ ${c.api_key_id}  "${c.name}" scopes ${changes.join(' ')}`;
    }),
  ].join('\n');
}

/** Reads one side; with two files, an error must say which one it is about. */
async function readSide(path: string): Promise<InventoryFile> {
  const { readInventoryFile } = await import('../../services/inventory-file.ts');
  try {
    return await readInventoryFile(path);
  } catch (error) {
    if (!(error instanceof KeydeskError)) throw error;
    throw new KeydeskError(error.code, error.errors.map((e) => ({ field: e.field, message: `${path}: ${e.message.replace(`cannot read ${path}: `, '')}` })));
  }
}

export function registerDiffCommand(program: Command, { output, session }: CliContext): void {
  program
    .command('diff <old> [new]')
    .description("what changed from OLD to NEW (default: the account's keys now): keys added, removed, renamed, scopes gained or lost")
    .option('--json', 'JSON output: {added, removed, renamed, scopes}')
    .action(async (oldFile: string, newFile: string | undefined, flags: { json?: boolean }) => {
      const older = await readSide(oldFile);
      const newer = newFile === undefined ? session((s) => storeInventory(s.store, s.caller)) : (await readSide(newFile)).entries;
      const diff = diffInventories(older.entries, newer);
      output.out(flags.json ? json(diff) : describe(diff));
    });
}
