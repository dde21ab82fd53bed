/**
 * `keydesk restore-backup`: the backups kept next to the store (one is taken before every schema
 * upgrade), and replacing the store with one of them. Works on a store that cannot be opened (that
 * is when it is needed), so it never opens a session; it refuses while anything has the store open.
 */
import { isAbsolute, join, dirname } from 'node:path';
import type { Command } from 'commander';
import { forbidden, notFound } from '../../../common/errors.ts';
import { mayPerform } from '../../core/authorization.ts';
import { json, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import { usageError } from '../usage-error.ts';

interface RestoreFlags {
  readonly list?: boolean;
  readonly latest?: boolean;
  readonly json?: boolean;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function registerRestoreBackupCommand(program: Command, { env, output, storePath: namedStore, time }: CliContext): void {
  program
    .command('restore-backup [backup]')
    .description('replace the key store with a backup kept next to it (--list shows them); the replaced store is kept aside')
    .option('--list', 'list the backups, newest first')
    .option('--latest', 'restore the newest backup that is whole')
    .option('--json', 'JSON output')
    .action(async (backup: string | undefined, flags: RestoreFlags) => {
      // Backups are the owner's (core/authorization.ts). This command never opens the store, which
      // may be damaged, so a key cannot be checked here: a key holds nothing.
      if (env.KEYDESK_API_KEY !== undefined && !mayPerform({ kind: 'key', scopes: [] }, 'store.backups')) throw forbidden('access forbidden');
      const storePath = namedStore();
      const { listBackups, newestUsableBackup, restoreBackup } = await import('../../store/backups.ts');
      if (flags.list || (backup === undefined && !flags.latest)) {
        const backups = listBackups(storePath);
        if (flags.json) return output.out(json(backups));
        if (!backups.length) return output.out(`No backups of ${storePath} yet: one is made before every schema upgrade.`);
        const rows = backups.map((b) => [b.name, String(b.schema_version), time(b.created_at), size(b.bytes)]);
        return output.out(table(['backup', 'schema', 'taken', 'size'], rows));
      }
      if (backup !== undefined && flags.latest) throw usageError('--latest', 'name a backup or use --latest, not both');
      let file: string;
      if (flags.latest) {
        const newest = newestUsableBackup(storePath);
        if (!newest) throw notFound(`no usable backup of ${storePath}`, '--latest');
        file = newest.path;
      } else {
        // A bare name is looked up beside the store, as --list shows it.
        const name = backup!;
        file = isAbsolute(name) || name.includes('/') || name.includes('\\') ? name : join(dirname(storePath), name);
      }
      const result = restoreBackup(storePath, file);
      if (flags.json) return output.out(json(result));
      output.out(`Restored ${storePath} from ${result.restored_from}.`);
      if (result.replaced_file) output.out(`The store it replaced was kept as ${result.replaced_file}.`);
    });
}
