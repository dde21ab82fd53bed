/** `keydesk log`: the audit log, and --verify for its hash chain and the tables' agreement with it. */
import type { Command } from 'commander';
import { describeChange } from '../../services/audit-changes.ts';
import { auditEntries, verifyAuditTrail } from '../../services/audit-trail.ts';
import type { FieldError } from '../../../common/errors.ts';
import { json, printError, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import type { AuditIntegrity } from '../../../common/audit.ts';
import { logFilter, type LogFilterFlags } from '../log-filter.ts';
import { usageError } from '../usage-error.ts';

export function registerLogCommand(program: Command, { output, session, exit, time }: CliContext): void {
  program
    .command('log')
    .description("the audit log; --verify checks its hash chain and that the keys and accounts tables match it")
    .option('--json', 'JSON output')
    .option('--verify', 'check the hash chain and replay it against the tables; exit 1 naming the first bad row or each differing key')
    .option('--all', "every account's entries, deleted accounts' included (the owner only)")
    .option('--since <date>', 'entries at or after this ISO-8601 date or time, e.g. 2026-01-01 or 2026-01-01T09:00Z')
    .option('--until <date>', 'entries at or before this date (a date alone includes that whole day, UTC) or time')
    .option('--key <id>', 'entries about this API Key ID')
    .option('--action <name>', 'entries of this action, e.g. key.create, key.delete, inventory.export')
    .action((options: LogFilterFlags & { json?: boolean; verify?: boolean; all?: boolean }) => {
      const filter = logFilter(options);
      if (options.verify && Object.keys(filter).length) throw usageError('--verify', '--verify checks the whole log: it takes no --since, --until, --key or --action');
      session(({ store, caller }) => {
        if (options.verify) {
          const report = verifyAuditTrail(store, caller);
          if (options.json) output.out(json(report));
          if (!report.intact) {
            printError(output, { errors: integrityErrors(report) });
            return exit(1);
          }
          if (options.json) return;
          const { keys, accounts } = report.replay;
          return output.out(
            `Audit log intact: ${report.rows} rows, last hash ${report.head_hash.slice(0, 16)}.\n` +
              `The keys and accounts tables match it (${keys} keys, ${accounts} accounts).`,
          );
        }
        const entries = auditEntries(store, caller, { ...filter, allAccounts: options.all === true });
        if (options.json) return output.out(json(entries));
        const rows = entries.map((e) => [String(e.seq), time(e.at), `${e.actor} (${e.via})`, e.action, e.key_id ?? '', describeChange(e)]);
        if (!options.all) return output.out(table(['#', 'time', 'actor', 'action', 'key', 'change'], rows));
        const names = new Map(store.accounts.list().map((a) => [a.id, a.name]));
        const withAccount = rows.map((row, i) => [...row.slice(0, 3), names.get(entries[i]!.account_id) ?? `#${entries[i]!.account_id} (deleted)`, ...row.slice(3)]);
        output.out(table(['#', 'time', 'actor', 'account', 'action', 'key', 'change'], withAccount));
      });
    });
}

/**
 * A broken chain is reported alone: the log itself is then in doubt, so differences from it say
 * little. With the chain whole, each table row that differs from the replay is named.
 */
function integrityErrors(report: AuditIntegrity): FieldError[] {
  if (!report.chain.intact) {
    return [{ field: 'audit_log', message: `audit log broken at row ${report.chain.brokenAt}: ${report.chain.reason}` }];
  }
  if (report.replay.consistent) return [];
  const errors: FieldError[] = report.replay.differences.map((d) => ({ field: d.kind === 'key' ? 'keys' : 'accounts', message: d.message }));
  const more = report.replay.total - report.replay.differences.length;
  if (more > 0) errors.push({ field: null, message: `and ${more} more differences from the audit log` });
  return errors;
}
