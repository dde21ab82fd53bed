/**
 * `keydesk pull`: a live SendGrid account's keys (and with --subusers its subusers' keys) into the
 * account (--account), for offline audit. The key to read with comes from SENDGRID_API_KEY or one
 * line on stdin (--key-stdin), never from an argument, which the process list would show; it is
 * written nowhere. Ctrl-C cancels, and nothing is written.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { KeydeskError } from '../../../common/errors.ts';
import type { KeyRef } from '../../../common/inventory.ts';
import { SENDGRID_API_URL, type PulledAccount, type PullProgress, type PullResult } from '../../../common/pull.ts';
// The client holds no more than fetch: the pull itself (SQLite, zod) is loaded when the command runs.
import { Cancelled, DEFAULT_LIMITS } from '../../services/sendgrid-client.ts';
import { json, printError } from '../output.ts';
import type { ProgressFlag } from '../progress.ts';
import type { CliContext, Env } from '../session.ts';
import { readKeyFromStdin } from './verify.ts';
import { parseDuration, DURATION_HINT } from '../../../common/durations.ts';

interface PullFlags extends ProgressFlag {
  readonly baseUrl: string;
  readonly subusers?: boolean;
  readonly keyStdin?: boolean;
  readonly json?: boolean;
  readonly concurrency: number;
  readonly timeout: number;
  readonly timeLimit: number;
}

const wholeNumber = (min: number, max: number, what: string) => (text: string) => {
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
  return Number(text);
};

function timeLimit(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms === 0) throw new InvalidArgumentError(`expected a duration: ${DURATION_HINT}`);
  return ms;
}

/** Where the key came from, to name in errors about it. */
const keySource = (flags: PullFlags) => (flags.keyStdin ? 'stdin' : 'SENDGRID_API_KEY');

async function pullingKey(flags: PullFlags, env: Env): Promise<string> {
  if (flags.keyStdin) return readKeyFromStdin();
  const key = env.SENDGRID_API_KEY;
  if (key === undefined || key.trim() === '') {
    throw new KeydeskError('BAD_REQUEST', [
      {
        field: 'SENDGRID_API_KEY',
        message: 'set SENDGRID_API_KEY to a SendGrid key holding api_keys.read, or pipe it in with --key-stdin (a key is never taken as an argument)',
      },
    ]);
  }
  return key;
}

/** The service names its input fields; here the user gave a flag or a variable. */
function withCliFields(error: unknown, flags: PullFlags): unknown {
  if (!(error instanceof KeydeskError)) return error;
  const names: Readonly<Record<string, string>> = { api_key: keySource(flags), base_url: '--base-url', subusers: '--subusers' };
  return new KeydeskError(error.code, error.errors.map((e) => (e.field !== null && e.field in names ? { ...e, field: names[e.field]! } : e)));
}

/**
 * Progress on stderr: on a terminal one line redrawn; elsewhere, with --progress, a line when the
 * pull moves to its next step and when an account has been read. Never the key.
 */
function pullProgress(flags: ProgressFlag, output: CliContext['output']): ((progress: PullProgress) => void) | undefined {
  const tty = process.stderr.isTTY === true;
  if (!tty && !flags.progress) return undefined;
  const said = new Set<string>();
  return ({ phase, accounts }) => {
    const read = accounts.filter((a) => a.state === 'read').length;
    const done = accounts.reduce((n, a) => n + a.done, 0);
    const total = accounts.reduce((n, a) => n + (a.total ?? 0), 0);
    if (tty) {
      const line = phase === 'checking' ? "checking the key's scopes" : phase === 'writing' ? 'writing' : `${read}/${accounts.length} accounts, ${done}/${total} keys read`;
      process.stderr.write(`\rpull: ${line}\u001b[K${phase === 'writing' ? '\n' : ''}`);
      return;
    }
    const lines = [
      `pull: ${phase === 'checking' ? "checking the key's scopes" : phase === 'reading' ? 'reading keys' : `writing ${total} keys`}`,
      ...accounts.filter((a) => a.state === 'read').map((a) => `pull: ${a.account}: ${a.total ?? 0} keys read`),
    ];
    for (const line of lines) {
      if (said.has(line)) continue;
      said.add(line);
      output.err(line);
    }
  };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
const keyLines = (keys: readonly KeyRef[]) => keys.map((k) => `      ${k.api_key_id}  ${k.name}`);

function accountLines(a: PulledAccount): string[] {
  const label = a.subuser === null ? `"${a.account}"` : `"${a.account}" (subuser${a.created ? ', new here' : ''}${a.gone_from_sendgrid ? ', no longer in SendGrid' : ''})`;
  const lines = [`  ${label}: ${a.added.length} added, ${a.changed.length} changed, ${a.removed.length} removed, ${a.unchanged} unchanged`];
  if (a.added.length) lines.push('    Added:', ...keyLines(a.added));
  if (a.changed.length) {
    lines.push('    Changed in SendGrid:');
    for (const c of a.changed) {
      const parts = [
        ...(c.renamed ? [`renamed "${c.renamed.from}" → "${c.renamed.to}"`] : []),
        ...c.gained.map((s) => `+${s}`),
        ...c.lost.map((s) => `−${s}`),
      ];
      lines.push(`      ${c.api_key_id}  ${c.name}: ${parts.join(' ')}`);
    }
  }
  if (a.removed.length) lines.push('    Removed (gone from SendGrid, kept here as removed):', ...keyLines(a.removed));
  return lines;
}

function describe(result: PullResult): string {
  const key = result.key_id ? ` with key ${result.key_id}` : '';
  const lines = [
    `Pulled ${plural(result.accounts.length, 'account')} from ${result.base_url}${key} ` +
      `(${plural(result.requests, 'request')}, ${plural(result.retries, 'retry', 'retries')}):`,
    ...result.accounts.flatMap(accountLines),
  ];
  if (result.excess_scopes.length) {
    const shown = result.excess_scopes.slice(0, 8).join(', ');
    const more = result.excess_scopes.length > 8 ? `, and ${result.excess_scopes.length - 8} more` : '';
    lines.push(
      `Warning: the key holds ${plural(result.excess_scopes.length, 'scope')} the pull does not need (${shown}${more}).`,
      '  Least privilege: audit with a key holding only API Keys: Read Access (and Subusers: Read Access for --subusers).',
    );
  }
  lines.push('Pulled keys have no secret here: they are audited, listed, diffed and exported, never verified.');
  return lines.join('\n');
}

export function registerPullCommand(program: Command, { env, output, sessionAsync, exit }: CliContext): void {
  program
    .command('pull')
    .description("read a live SendGrid account's keys, with their scopes, into the account (--account) for offline audit; the key comes from SENDGRID_API_KEY")
    .option('--base-url <url>', "SendGrid's API (https://api.eu.sendgrid.com for EU regional subusers)", SENDGRID_API_URL)
    .option('--subusers', 'also every subuser, each into a subuser account of --account named by its username (needs subusers.read)')
    .option('--key-stdin', 'read the SendGrid key from one line on stdin instead of SENDGRID_API_KEY')
    .option('--json', 'JSON output: {base_url, pulled_at, key_id, key_scopes, excess_scopes, accounts: [{account, subuser, created, gone_from_sendgrid, added, changed, removed, unchanged}], requests, retries}')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--concurrency <n>', `requests in flight at once (default ${DEFAULT_LIMITS.concurrency})`, wholeNumber(1, 16, 'a number'), DEFAULT_LIMITS.concurrency)
    .option('--timeout <seconds>', `seconds to wait for each answer before retrying it (default ${DEFAULT_LIMITS.requestTimeoutMs / 1000})`, wholeNumber(1, 600, 'seconds'), DEFAULT_LIMITS.requestTimeoutMs / 1000)
    .option('--time-limit <duration>', 'give up (writing nothing) after this long, waits for the rate limit included (default 60m)', timeLimit, DEFAULT_LIMITS.timeLimitMs)
    .action(async (flags: PullFlags) => {
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const apiKey = await pullingKey(flags, env);
        const onProgress = pullProgress(flags, output);
        const { pullFromSendGrid } = await import('../../services/sendgrid-pull.ts');
        // A pull may be the first thing done with Keydesk: like import, it makes the store if need be.
        const result = await sessionAsync((s) =>
          pullFromSendGrid(s.store, {
            caller: s.caller,
            clock: s.clock,
            apiKey,
            baseUrl: flags.baseUrl,
            subusers: flags.subusers === true,
            signal: controller.signal,
            limits: { concurrency: flags.concurrency, requestTimeoutMs: flags.timeout * 1000, timeLimitMs: flags.timeLimit },
            ...(onProgress && { onProgress }),
          }),
          'create',
        );
        output.out(flags.json ? json(result) : describe(result));
      } catch (error) {
        if (error instanceof Cancelled) {
          printError(output, { errors: [{ field: null, message: 'the pull was cancelled: nothing was written' }] });
          return exit(130);
        }
        throw withCliFields(error, flags);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
