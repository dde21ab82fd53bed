/** `keydesk import FILE`: key records from SendGrid's API output or a Keydesk JSON export. */
import type { Command } from 'commander';
import { json } from '../output.ts';
import { cliProgress, type ProgressFlag } from '../progress.ts';
import type { CliContext } from '../session.ts';
import type { ImportResult, KeyRef, InventoryFormat } from '../../../common/inventory.ts';

const SOURCES: Readonly<Record<InventoryFormat, string>> = {
  'sendgrid-list': "SendGrid's key list (GET /v3/api_keys)",
  'sendgrid-keys': "SendGrid's key objects (GET /v3/api_keys/{id})",
  'keydesk-export': 'a Keydesk export',
};

const listed = (keys: readonly KeyRef[]) => keys.map((k) => `    ${k.api_key_id}  ${k.name}`);

function describe(result: ImportResult): string {
  const lines = [
    `Imported into "${result.account}" from ${SOURCES[result.format]}: ` +
      `${result.added.length} added, ${result.updated.length} updated, ${result.unchanged} unchanged.`,
  ];
  if (result.added.length) lines.push('  Added:', ...listed(result.added));
  if (result.updated.length) lines.push('  Updated:', ...listed(result.updated));
  if (result.skipped_deleted.length) {
    lines.push(`  Skipped ${result.skipped_deleted.length} deleted here earlier (an import does not undo a deletion):`, ...listed(result.skipped_deleted));
  }
  if (result.without_scopes.length) {
    lines.push(
      `  ${result.without_scopes.length} keys have no scopes on record: SendGrid's key list omits them.`,
      '  Import GET /v3/api_keys/{id} responses to fill them in.',
    );
  }
  if (result.added.length) {
    lines.push('Imported keys have no secret here: they are audited, listed, diffed and exported, never verified.');
  }
  return lines.join('\n');
}

export function registerImportCommand(program: Command, { output, session }: CliContext): void {
  program
    .command('import <file>')
    .description("import key records into the account (--account) from SendGrid's API output or a Keydesk JSON export")
    .option('--json', 'JSON output: {format, account, sha256, added, updated, unchanged, skipped_deleted, without_scopes}')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(async (file: string, flags: ProgressFlag & { json?: boolean }) => {
      const [{ readInventoryFile }, { importInventory }] = await Promise.all([
        import('../../services/inventory-file.ts'),
        import('../../services/inventory-import.ts'),
      ]);
      // The whole file is checked before a store is opened, or created: a bad file changes nothing.
      const inventory = await readInventoryFile(file);
      const onProgress = cliProgress('import', 'keys', flags, output);
      const result = session((s) => importInventory(s.store, inventory, { caller: s.caller, clock: s.clock, onProgress }), 'create');
      output.out(flags.json ? json(result) : describe(result));
    });
}
