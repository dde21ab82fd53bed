/** `keydesk log`: the audit log, and --verify for its hash chain. */
import type { Command } from 'commander';
import { describeChange } from '../../services/audit-changes.ts';
import { json, printError, shortTime, table } from '../output.ts';
import type { CliContext } from '../session.ts';

export function registerLogCommand(program: Command, { output, session, exit }: CliContext): void {
  program
    .command('log')
    .description('the audit log; --verify checks its hash chain')
    .option('--json', 'JSON output')
    .option('--verify', 'check the hash chain; exit 1 naming the first bad row')
    .action((options: { json?: boolean; verify?: boolean }) => {
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
        const entries = store.audit.list({ accountId: caller.account.id });
        if (options.json) return output.out(json(entries));
        const rows = entries.map((e) => [String(e.seq), shortTime(e.at), `${e.actor} (${e.via})`, e.action, e.key_id ?? '', describeChange(e)]);
        output.out(table(['#', 'time', 'actor', 'action', 'key', 'change'], rows));
      });
    });
}
