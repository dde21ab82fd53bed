/**
 * `keydesk export`: the key inventory as CSV or JSON, to a file (atomically) or stdout: the
 * account's keys, or every account's (--all-accounts), all of them or those the filters match.
 */
import { Option, type Command } from 'commander';
import { ACCESS_TYPES } from '../../../common/catalog.ts';
import { KEY_ORIGINS } from '../../../common/records.ts';
import { cliProgress, type ProgressFlag } from '../progress.ts';
import type { CliContext } from '../session.ts';
import { fileFailure } from '../failures.ts';
import { namingFlags } from '../flag-fields.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../common/inventory.ts';
import { KEY_STATUSES, type ExportFilter } from '../../services/inventory.ts';

interface ExportFlags extends ProgressFlag, ExportFilter {
  readonly format: ExportFormat;
  readonly out?: string;
  readonly allAccounts?: boolean;
}

export function registerExportCommand(program: Command, { output, sessionAsync }: CliContext): void {
  program
    .command('export')
    .description("export the account's key inventory, never a secret; every export is audit-logged")
    .addOption(new Option('--format <format>', 'csv (one row per key) or json (every scope, with a checkable header)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <file>', 'write to FILE, atomically (default: stdout)')
    .option('--all-accounts', "every account's keys, each naming its account (the owner only)")
    .addOption(new Option('--status <status>', 'only keys with this status').choices(KEY_STATUSES))
    .addOption(new Option('--access <type>', 'only keys with this access type (keys whose scopes are unknown match none)').choices(ACCESS_TYPES))
    .addOption(new Option('--origin <origin>', 'only keys issued here, imported from a file, or pulled from SendGrid').choices(KEY_ORIGINS))
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(async (flags: ExportFlags) => {
      const { exportInventory } = await import('../../services/inventory-export.ts');
      const filter: ExportFilter = {
        ...(flags.status ? { status: flags.status } : {}),
        ...(flags.access ? { access: flags.access } : {}),
        ...(flags.origin ? { origin: flags.origin } : {}),
      };
      const onProgress = cliProgress('export', 'keys', flags, output);
      const result = await sessionAsync((s) =>
        exportInventory(s.store, flags.out ? { path: flags.out } : { stream: process.stdout }, {
          format: flags.format,
          caller: s.caller,
          clock: s.clock,
          onProgress,
          allAccounts: flags.allAccounts === true,
          ...(Object.keys(filter).length ? { filter } : {}),
        }),
      ).catch((error: unknown) => {
        throw flags.out ? fileFailure(namingFlags({ path: '--out' }, error), flags.out) : error;
      });
      if (result.path) {
        const keys = `${result.key_count} key${result.key_count === 1 ? '' : 's'}`;
        const of = flags.allAccounts ? 'every account' : `"${result.account}"`;
        output.out(`Exported ${keys} of ${of} to ${result.path} (${result.format}, sha256 ${result.sha256}).`);
      }
    });
}
