/**
 * `keydesk audit`: findings about the account's keys, most severe first. With --fail-on it exits 1
 * when a finding is at or above that severity (as `npm audit --audit-level` does), for CI jobs.
 */
import { Option, type Command } from 'commander';
import { auditFindings, DEFAULT_MAX_AGE_DAYS, DEFAULT_UNUSED_DAYS } from '../../services/audit-findings.ts';
import { json, printError } from '../output.ts';
import type { CliContext } from '../session.ts';
import { usageError } from '../usage-error.ts';
import { SEVERITIES, type Finding, type Severity } from '../../../common/audit.ts';

interface AuditFlags {
  readonly json?: boolean;
  readonly allAccounts?: boolean;
  readonly unusedDays: string;
  readonly maxAgeDays: string;
  readonly failOn?: Severity;
}

/** Findings at `threshold` or more severe (SEVERITIES runs from the most severe down). */
const atOrAbove = (findings: readonly Finding[], threshold: Severity): Finding[] =>
  findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(threshold));

function wholeDays(text: string, flag: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw usageError(flag, `${flag} takes a whole number of days, at least 1`);
  return n;
}

function describe(findings: readonly Finding[], allAccounts: boolean): string {
  if (findings.length === 0) return 'No findings.';
  const blocks: string[] = [];
  for (const severity of SEVERITIES) {
    const these = findings.filter((f) => f.severity === severity);
    if (these.length === 0) continue;
    const lines = [`${severity.toUpperCase()} (${these.length})`];
    for (const finding of these) {
      const where = allAccounts ? ` [${finding.account}]` : '';
      lines.push(`  ${finding.rule}${where}: ${finding.reason}`);
      for (const key of finding.keys) lines.push(`      ${key.api_key_id}  ${key.name}`);
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

export function registerAuditCommand(program: Command, { output, session, exit }: CliContext): void {
  program
    .command('audit')
    .description("findings about the account's keys: broad access, unused and old keys, duplicate names, key limits")
    .option('--json', 'JSON output: {findings: [{id, rule, severity, account, keys, reason}]}')
    .option('--all-accounts', 'audit every account in the store')
    .option('--unused-days <n>', 'a key last used longer ago than this is unused', String(DEFAULT_UNUSED_DAYS))
    .option('--max-age-days <n>', 'a key created longer ago than this is too old', String(DEFAULT_MAX_AGE_DAYS))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES))
    .action((flags: AuditFlags) => {
      const unusedDays = wholeDays(flags.unusedDays, '--unused-days');
      const maxAgeDays = wholeDays(flags.maxAgeDays, '--max-age-days');
      const findings = session((s) =>
        auditFindings(s.store, s.caller, { unusedDays, maxAgeDays, clock: s.clock, allAccounts: flags.allAccounts === true }),
      );
      output.out(flags.json ? json({ findings }) : describe(findings, flags.allAccounts === true));
      const failing = flags.failOn ? atOrAbove(findings, flags.failOn).length : 0;
      if (failing) {
        printError(output, { errors: [{ field: '--fail-on', message: `${failing} finding${failing === 1 ? '' : 's'} at or above ${flags.failOn}` }] });
        exit(1);
      }
    });
}
