/**
 * `keydesk accounts ...`: list, create (optionally as a subuser of a parent), rename, delete, and
 * the maximum key lifetime policy. The global --account then picks which one key commands act on.
 */
import type { Command } from 'commander';
import { withFlagNames } from '../flag-fields.ts';
import { json, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import { lifetimeDaysFromFlag } from '../time-flags.ts';
import { usageError } from '../usage-error.ts';
import type { AccountSummary } from '../../../common/accounts.ts';

const lifetime = (days: number | null): string => (days === null ? 'off' : `${days} day${days === 1 ? '' : 's'}`);
const keysCount = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

function policyLine(account: AccountSummary): string {
  return account.max_key_lifetime_days === null
    ? `Keys in "${account.name}" may live without expiry (no maximum lifetime).`
    : `Keys in "${account.name}" must expire within ${lifetime(account.max_key_lifetime_days)} of when their expiry is set.`;
}

export function registerAccountCommands(program: Command, { output, session, time }: CliContext): void {
  const accounts = program
    .command('accounts')
    .description('accounts and subusers, each with its own 100-key limit; pick one with --account');

  accounts
    .command('list')
    .description('every account, its parent, keys and policy; * marks the one --account selects')
    .option('--json', 'JSON output: {result: [{id, name, parent_id, parent_name, keys, issued_keys, key_limit, max_key_lifetime_days, created_at}]}')
    .action((options: { json?: boolean }) => {
      const { list, current } = session((s) => ({ list: s.accounts.list(s.caller), current: s.caller.account.id }));
      if (options.json) return output.out(json({ result: list }));
      const rows = list.map((a) => [
        a.id === current ? '*' : '',
        a.name,
        a.parent_name ?? '',
        `${a.issued_keys}/${a.key_limit}${a.keys > a.issued_keys ? ` (+${a.keys - a.issued_keys} imported)` : ''}`,
        lifetime(a.max_key_lifetime_days),
        time(a.created_at),
      ]);
      output.out(table(['', 'name', 'parent', 'keys', 'max lifetime', 'created'], rows));
    });

  accounts
    .command('create <name>')
    .description('add an account; with --parent, a subuser of that account')
    .option('--parent <name>', 'the parent account')
    .option('--json', 'JSON output: the account')
    .action((name: string, options: { parent?: string; json?: boolean }) => {
      const account = withFlagNames({ parent: '--parent' }, () =>
        session((s) => s.accounts.create(s.caller, { name, parent: options.parent ?? null }), 'create'),
      );
      if (options.json) return output.out(json(account));
      output.out(`Created account "${account.name}"${account.parent_name ? ` as a subuser of "${account.parent_name}"` : ''}.`);
    });

  accounts
    .command('rename <name> <new-name>')
    .description('rename an account')
    .option('--json', 'JSON output: the account')
    .action((name: string, newName: string, options: { json?: boolean }) => {
      const account = session((s) => s.accounts.rename(s.caller, name, newName));
      output.out(options.json ? json(account) : `Renamed account "${name}" to "${account.name}".`);
    });

  accounts
    .command('delete <name>')
    .description('delete an account; refused while it has keys, unless --force')
    .option('--force', 'delete its keys with it (each one recorded in the audit log)')
    .option('--json', 'JSON output: {deleted_keys: [...]}')
    .action((name: string, options: { force?: boolean; json?: boolean }) => {
      const result = session((s) => s.accounts.remove(s.caller, name, { force: options.force === true }));
      if (options.json) return output.out(json(result));
      const keys = result.deleted_keys.length ? ` and its ${keysCount(result.deleted_keys.length)}` : '';
      output.out(`Deleted account "${name}"${keys}.`);
    });

  accounts
    .command('policy <name>')
    .description("show or set the account's maximum key lifetime (keys must then expire within it)")
    .option('--max-lifetime <days>', 'keys must expire within this many days, e.g. 90d or 365d')
    .option('--off', 'no maximum lifetime')
    .option('--json', 'JSON output: {account, keys_beyond_policy}')
    .action((name: string, options: { maxLifetime?: string; off?: boolean; json?: boolean }) => {
      if (options.maxLifetime !== undefined && options.off) throw usageError('--max-lifetime', 'choose one of --max-lifetime, --off');
      const days = options.off ? null : options.maxLifetime !== undefined ? lifetimeDaysFromFlag(options.maxLifetime) : undefined;
      const change = withFlagNames({ max_key_lifetime_days: '--max-lifetime' }, () =>
        session((s) =>
          days === undefined ? { account: s.accounts.get(s.caller, name), keys_beyond_policy: [] } : s.accounts.setPolicy(s.caller, name, days),
        ),
      );
      if (options.json) return output.out(json(change));
      const lines = [policyLine(change.account)];
      if (change.keys_beyond_policy.length) {
        lines.push(
          `Not within it yet (existing expiries stay until changed): ${keysCount(change.keys_beyond_policy.length)}, ${change.keys_beyond_policy.join(', ')}`,
        );
      }
      output.out(lines.join('\n'));
    });
}
