/** `keydesk log`: the audit log, and --verify for its hash chain. */
import type { Command } from 'commander';
import { forbidden } from '../../core/errors.ts';
import { describeChange } from '../../services/audit-changes.ts';
import { json, printError, shortTime, table } from '../output.ts';
import type { CliContext } from '../session.ts';

export function registerLogCommand(program: Command, { output, session, exit }: CliContext): void {
  program
    .command('log')
    .description('the audit log; --verify checks its hash chain')
    .option('--json', 'JSON output')
    .option('--verify', 'check the hash chain; exit 1 naming the first bad row')
    .option('--all', "every account's entries, deleted accounts' included (the owner only)")
    .action((options: { json?: boolean; verify?: boolean; all?: boolean }) => {
      session(({ store, caller }) => {
        if (options.verify) {
          const check = store.audit.verifyChain();
          if (!check.intact) {
            const message = `audit log broken at row ${check.brokenAt}: ${check.reason}`;
            printError(output, { errors: [{ field: 'audit_log', message }] });
            return exit(1);
          }
          return output.out(options.json ? json(check) : `Audit log intact: ${check.rows} rows.`);
        }
        if (options.all && caller.actor.kind !== 'owner') throw forbidden('access forbidden');
        const entries = store.audit.list(options.all ? {} : { accountId: caller.account.id });
        if (options.json) return output.out(json(entries));
        const rows = entries.map((e) => [String(e.seq), shortTime(e.at), `${e.actor} (${e.via})`, e.action, e.key_id ?? '', describeChange(e)]);
        if (!options.all) return output.out(table(['#', 'time', 'actor', 'action', 'key', 'change'], rows));
        const names = new Map(store.accounts.list().map((a) => [a.id, a.name]));
        const withAccount = rows.map((row, i) => [...row.slice(0, 3), names.get(entries[i]!.account_id) ?? `#${entries[i]!.account_id} (deleted)`, ...row.slice(3)]);
        output.out(table(['#', 'time', 'actor', 'account', 'action', 'key', 'change'], withAccount));
      });
    });
}
