/**
 * `keydesk log`: the audit log; --verify for its hash chain, its seal and the tables' agreement
 * with it; --head, --expect-head and --against for witnessed heads; --reseal.
 */
import type { Command } from 'commander';
import { describeChange } from '../../services/audit-changes.ts';
import { auditEntries, auditHead, resealAuditTrail, verifyAuditTrail, verifyAuditTrailAgainst } from '../../services/audit-trail.ts';
import { json, printError, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import { headText, parseHead, type AuditHead, type AuditIntegrity } from '../../../common/audit.ts';
import { integrityErrors, integrityText } from '../audit-report.ts';
import { logFilter, type LogFilterFlags } from '../log-filter.ts';
import { usageError } from '../usage-error.ts';

interface LogFlags extends LogFilterFlags {
  readonly json?: boolean;
  readonly verify?: boolean;
  readonly all?: boolean;
  readonly head?: boolean;
  readonly expectHead?: string;
  readonly against?: string;
  readonly reseal?: boolean;
}

export function registerLogCommand(program: Command, { output, session, sessionAsync, exit, time }: CliContext): void {
  program
    .command('log')
    .description("the audit log; --verify checks its hash chain, its seal, and that the keys and accounts tables match it")
    .option('--json', 'JSON output')
    .option('--verify', 'check the hash chain, its seal, and replay it against the tables; exit 1 naming the first bad row or each differing key')
    .option('--all', "every account's entries, deleted accounts' included (the owner only)")
    .option('--since <date>', 'entries at or after this ISO-8601 date or time, e.g. 2026-01-01 or 2026-01-01T09:00Z')
    .option('--until <date>', 'entries at or before this date (a date alone includes that whole day, UTC) or time')
    .option('--key <id>', 'entries about this API Key ID')
    .option('--action <name>', 'entries of this action, e.g. key.create, key.delete, inventory.export')
    .option('--head', 'print where the log ends, as SEQ:HASH: written down elsewhere, it later proves history up to it was not rewritten')
    .option('--expect-head <SEQ:HASH>', 'with --verify: also exit 1 unless row SEQ still has that hash and the chain from it to the head holds, sealed')
    .option('--against <file>', 'with --verify: the same for the audit_head a JSON export carries, which the log must also record')
    .option('--reseal', 'seal the log afresh with a key made on this machine, for a store whose seal key stayed on another (the owner only)')
    .action(async (options: LogFlags) => {
      const filter = logFilter(options);
      const checks = options.verify || options.expectHead !== undefined || options.against !== undefined;
      if (checks && Object.keys(filter).length) throw usageError('--verify', '--verify checks the whole log: it takes no --since, --until, --key or --action');
      const expected = options.expectHead === undefined ? undefined : expectedHead(options.expectHead);
      if (options.against !== undefined) {
        const path = options.against;
        const report = await sessionAsync(({ store, caller }) => verifyAuditTrailAgainst(store, caller, path));
        return printIntegrity(report, options);
      }
      session(({ store, caller, clock }) => {
        if (options.head) {
          const head = auditHead(store, caller);
          return output.out(options.json ? json(head) : headText(head));
        }
        if (options.reseal) {
          const entry = resealAuditTrail(store, caller, clock);
          return output.out(
            options.json
              ? json(entry)
              : `Sealed the audit log afresh with a key made on this machine; row ${entry.seq} records it. ` +
                  'The key the store was sealed with before no longer fits it.',
          );
        }
        if (checks) return printIntegrity(verifyAuditTrail(store, caller, expected), options);
        const entries = auditEntries(store, caller, { ...filter, allAccounts: options.all === true });
        if (options.json) return output.out(json(entries));
        const rows = entries.map((e) => [String(e.seq), time(e.at), `${e.actor} (${e.via})`, e.action, e.key_id ?? '', describeChange(e)]);
        if (!options.all) return output.out(table(['#', 'time', 'actor', 'action', 'key', 'change'], rows));
        const names = new Map(store.accounts.list().map((a) => [a.id, a.name]));
        const withAccount = rows.map((row, i) => [...row.slice(0, 3), names.get(entries[i]!.account_id) ?? `#${entries[i]!.account_id} (deleted)`, ...row.slice(3)]);
        output.out(table(['#', 'time', 'actor', 'account', 'action', 'key', 'change'], withAccount));
      });
    });

  function printIntegrity(report: AuditIntegrity, options: LogFlags): void {
    if (options.json) output.out(json(report));
    if (!report.intact) {
      printError(output, { errors: integrityErrors(report) });
      return exit(1);
    }
    if (!options.json) output.out(integrityText(report));
  }
}

/** A malformed --expect-head is a usage mistake: exit 2 before any store is opened. */
function expectedHead(text: string): AuditHead {
  const head = parseHead(text.trim());
  if (!head) throw usageError('--expect-head', 'expected SEQ:HASH, a row number and its 64-hex-digit hash, as "keydesk log --head" prints it');
  return head;
}
