/** `keydesk export`: the account's key inventory as CSV or JSON, to a file (atomically) or stdout. */
import { Option, type Command } from 'commander';
import { exportInventory } from '../../services/inventory-export.ts';
import { cliProgress, type ProgressFlag } from '../progress.ts';
import type { CliContext } from '../session.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../common/inventory.ts';

interface ExportFlags extends ProgressFlag {
  readonly format: ExportFormat;
  readonly out?: string;
}

export function registerExportCommand(program: Command, { output, sessionAsync }: CliContext): void {
  program
    .command('export')
    .description("export the account's key inventory, never a secret; every export is audit-logged")
    .addOption(new Option('--format <format>', 'csv (one row per key) or json (every scope, with a checkable header)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <file>', 'write to FILE, atomically (default: stdout)')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(async (flags: ExportFlags) => {
      const onProgress = cliProgress('export', 'keys', flags, output);
      const result = await sessionAsync((s) =>
        exportInventory(s.store, flags.out ? { path: flags.out } : { stream: process.stdout }, {
          format: flags.format,
          caller: s.caller,
          clock: s.clock,
          onProgress,
        }),
      );
      if (result.path) {
        const keys = `${result.key_count} key${result.key_count === 1 ? '' : 's'}`;
        output.out(`Exported ${keys} of "${result.account}" to ${result.path} (${result.format}, sha256 ${result.sha256}).`);
      }
    });
}
