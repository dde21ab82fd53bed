/**
 * `keydesk keys disable|enable|expire ID...` and `keys roll ID`. The commands that take several
 * IDs (and `keys delete`) run as one bulk action: all of them change, or none does and the
 * errors name the IDs that stopped it.
 */
import type { Command } from 'commander';
import { formatDuration } from '../../../common/durations.ts';
import { describeExpiry } from '../../../common/lifecycle.ts';
import { withFlagNames } from '../flag-fields.ts';
import { json, printError } from '../output.ts';
import type { CliContext } from '../session.ts';
import { expiryFromFlags, graceFromFlag } from '../time-flags.ts';
import { usageError } from '../usage-error.ts';
import type { BulkAction } from '../../../common/lifecycle.ts';

const DONE: Readonly<Record<BulkAction, string>> = {
  delete: 'Deleted',
  disable: 'Disabled',
  enable: 'Enabled',
  expire: 'Set the expiry of',
};
const ALREADY: Readonly<Record<BulkAction, string>> = {
  delete: 'already deleted',
  disable: 'already disabled',
  enable: 'already enabled',
  expire: 'already set to that expiry',
};

const keysCount = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

export interface BulkRun {
  readonly action: BulkAction;
  readonly ids: readonly string[];
  readonly json?: boolean;
  /** For `expire`: the new expiry, or null for none. */
  readonly expiresAt?: string | null;
  /** Service fields to report as the flags they came from. */
  readonly flags?: Readonly<Record<string, string>>;
}

/** Runs one all-or-nothing action over the IDs and reports it; exit 1 naming the bad IDs when refused. */
export function runBulk({ output, session, exit, time }: CliContext, run: BulkRun): void {
  const { outcome, now } = withFlagNames(run.flags ?? {}, () =>
    session((s) => ({
      outcome: s.lifecycle.bulk(s.caller, {
        action: run.action,
        api_key_ids: run.ids,
        ...(run.action === 'expire' ? { expires_at: run.expiresAt ?? null } : {}),
      }),
      now: s.clock.now(),
    })),
  );
  if (!outcome.applied) {
    const errors = outcome.results.flatMap((r) => (r.error ? [{ field: r.error.field, message: `${r.error.message}: ${r.api_key_id}` }] : []));
    printError(output, { errors });
    return exit(1);
  }
  if (run.json) return output.out(json(outcome));
  const changed = outcome.results.filter((r) => r.changed);
  const lines =
    outcome.results.length === 1
      ? [changed.length ? `${DONE[run.action]} ${outcome.results[0]!.api_key_id}.` : `${outcome.results[0]!.api_key_id} was ${ALREADY[run.action]}.`]
      : [
          `${DONE[run.action]} ${keysCount(changed.length)}.`,
          ...outcome.results.filter((r) => !r.changed).map((r) => `${r.api_key_id} was ${ALREADY[run.action]}.`),
        ];
  if (run.action === 'expire') {
    const at = run.expiresAt ?? null;
    lines.push(at ? `Expires ${time(at)} (${describeExpiry(at, now).replace(/^expires /, '')}).` : 'No expiry.');
  }
  output.out(lines.join('\n'));
}

export function registerKeyLifecycleCommands(keys: Command, context: CliContext): void {
  const { output, session, time } = context;

  keys
    .command('disable <ids...>')
    .description('disable keys: verify rejects them until enabled again (unlike delete, reversible)')
    .option('--json', 'JSON output: {action, applied, results: [{api_key_id, ok, changed}]}')
    .action((ids: string[], options: { json?: boolean }) => runBulk(context, { action: 'disable', ids, json: options.json }));

  keys
    .command('enable <ids...>')
    .description('enable disabled keys again')
    .option('--json', 'JSON output: {action, applied, results: [{api_key_id, ok, changed}]}')
    .action((ids: string[], options: { json?: boolean }) => runBulk(context, { action: 'enable', ids, json: options.json }));

  keys
    .command('expire <ids...>')
    .description("set keys' expiry (--in 90d or --at DATE), or remove it (--never)")
    .option('--in <duration>', 'expire this long from now: 30m, 1h, 24h, 7d, 30d, 90d, 365d, ...')
    .option('--at <date>', 'expire at an ISO-8601 date (00:00 UTC) or time with zone, e.g. 2026-12-31 or 2026-12-31T17:00Z')
    .option('--never', 'remove the expiry')
    .option('--json', 'JSON output: {action, applied, results: [{api_key_id, ok, changed}]}')
    .action((ids: string[], options: { in?: string; at?: string; never?: boolean; json?: boolean }) => {
      const expiresAt = expiryFromFlags(
        { in: { flag: '--in', value: options.in }, at: { flag: '--at', value: options.at }, never: { flag: '--never', value: options.never } },
        new Date(),
      );
      if (expiresAt === undefined) throw usageError('--in', 'choose the expiry: --in 90d, --at DATE or --never');
      const flag = options.in !== undefined ? '--in' : options.at !== undefined ? '--at' : '--never';
      runBulk(context, { action: 'expire', ids, json: options.json, expiresAt, flags: { expires_at: flag } });
    });

  keys
    .command('roll <id>')
    .description('give a key a new secret, shown once; the old secret keeps working for --grace, then fails')
    .option('--grace <duration>', 'how long the old secret keeps working: now or 0 (default), 1h, 24h, 7d, or any duration up to 30d')
    .option('--json', 'JSON output: {api_key, api_key_id, name, scopes, secret_id, previous_secret_id, previous_secret_retires_at}')
    .action((id: string, options: { grace?: string; json?: boolean }) => {
      const graceMs = graceFromFlag(options.grace);
      const rolled = withFlagNames({ grace: '--grace' }, () => session((s) => s.lifecycle.roll(s.caller, id, { grace_ms: graceMs })));
      if (options.json) return output.out(json(rolled));
      output.err(`Rolled "${rolled.name}" (API Key ID ${rolled.api_key_id}): secret ${rolled.previous_secret_id ?? '?'} → ${rolled.secret_id}.`);
      output.err(
        graceMs === 0
          ? 'The old secret stopped working now.'
          : `The old secret keeps working for ${formatDuration(graceMs)}, until ${time(rolled.previous_secret_retires_at)}.`,
      );
      output.err('This is the only time the new key is shown. Store it somewhere safe: it cannot be retrieved.');
      output.out(rolled.api_key);
    });
}

