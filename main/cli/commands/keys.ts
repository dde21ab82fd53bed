/** `keydesk keys ...`: create, list, show, rename, update (replace) and delete. */
import { Option, type Command } from 'commander';
import { CATEGORIES } from '../../../common/catalog.ts';
import { describeExpiry, expiryWarning, keyStatus } from '../../../common/lifecycle.ts';
import { levelsOfScopes } from '../../../common/permissions.ts';
import type { KeyRecord } from '../../store/key-table.ts';
import { withFlagNames } from '../flag-fields.ts';
import { requireScopesFromFlags, type GrantFlags } from '../grant-flags.ts';
import { json, table } from '../output.ts';
import type { CliContext } from '../session.ts';
import { expiryFromFlags } from '../time-flags.ts';
import type { TimeText } from '../time-text.ts';
import { runBulk } from './key-lifecycle.ts';
import type { SecretInfo } from '../../../common/key-results.ts';

const ACCESS_LABELS = { full: 'Full Access', restricted: 'Restricted Access', billing: 'Billing Access' } as const;

/** `2026-04-15 09:00 UTC (in 90 days)`, `2026-01-01 00:00 UTC (expired 14 days ago)` or `never`. */
const expiryText = (key: KeyRecord, now: Date, time: TimeText): string =>
  key.expires_at ? `${time(key.expires_at)} (${describeExpiry(key.expires_at, now).replace(/^expires /, '')})` : 'never';

/** Keydesk sees every use of the keys it issued; of an imported or pulled record it knows only what its source said. */
const lastUsedText = (key: KeyRecord, time: TimeText): string =>
  `${time(key.last_used_at, key.origin !== 'issued' ? 'not known' : 'never')}${key.last_used_at && key.last_used_by ? ` by ${key.last_used_by}` : ''}`;

/** An imported or pulled record's secret lives in SendGrid, never here: it cannot be verified or rolled. */
const secretText = (key: KeyRecord): string =>
  key.origin !== 'issued'
    ? `none here: ${key.origin === 'pulled' ? 'a record pulled from SendGrid' : 'an imported record'}${key.last4 ? ` (the key ends …${key.last4} in SendGrid)` : ''}; verify rejects it`
    : `SG.…${key.last4 ?? '????'} (shown only at creation)`;

/** The status column: the key's status, and `imported` or `pulled` for a record whose secret is not held here. */
const statusText = (key: KeyRecord, now: Date): string => `${keyStatus(key, now)}${key.origin === 'issued' ? '' : `, ${key.origin}`}`;

/** A key's metadata and lifecycle as --json --details prints it: everything but secrets. */
function keyDetails(key: KeyRecord, now: Date) {
  return {
    api_key_id: key.api_key_id,
    name: key.name,
    access_type: key.access_type,
    scopes: key.scopes,
    origin: key.origin,
    status: keyStatus(key, now),
    created_at: key.created_at,
    updated_at: key.updated_at,
    expires_at: key.expires_at,
    expiry_warning_days: expiryWarning(key.expires_at, now),
    disabled_at: key.disabled_at,
    last_used_at: key.last_used_at,
    last_used_by: key.last_used_by,
  };
}

function describeKey(key: KeyRecord, secrets: readonly SecretInfo[], now: Date, time: TimeText): string {
  const levels = levelsOfScopes(key.scopes);
  const held = CATEGORIES.filter((c) => levels[c.id] !== 'none');
  const status = keyStatus(key, now);
  const previous = secrets.find((s) => s.state === 'in_grace');
  const lines = [
    `Name:         ${key.name}`,
    `API Key ID:   ${key.api_key_id}`,
    `Access:       ${ACCESS_LABELS[key.access_type]}`,
    `Status:       ${status === 'disabled' ? `disabled since ${time(key.disabled_at)}` : status}`,
    `Expires:      ${expiryText(key, now, time)}`,
    `Secret:       ${secretText(key)}`,
    ...(previous ? [`Old secret:   ${previous.secret_id} still works until ${time(previous.retires_at)} (rolled)`] : []),
    `Created:      ${time(key.created_at)}`,
    `Last used:    ${lastUsedText(key, time)}`,
    '',
    table(['category', 'level'], held.map((c) => [c.name, levels[c.id]])),
  ];
  const inCategories = new Set(held.flatMap((c) => [...(c.read ?? []), ...(c.full ?? [])]));
  const others = key.scopes.filter((s) => !inCategories.has(s));
  if (others.length) lines.push('', `Other scopes: ${others.join(', ')}`);
  return lines.join('\n');
}

/** --full | --billing | --scopes | --level, shared by create and update. */
export function withGrantOptions(command: Command): Command {
  return command
    .option('--full', 'Full Access: every scope but billing')
    .option('--billing', 'Billing Access: billing scopes only')
    .option('--scopes <list>', 'comma-separated scopes')
    .addOption(
      new Option('--level <category=level>', 'a category at none, read or full (repeatable)').argParser(
        (value: string, previous: string[] = []) => [...previous, value],
      ),
    );
}

/** Registers the `keys` group and returns it, so other modules add their subcommands to it. */
export function registerKeyCommands(program: Command, context: CliContext): Command {
  const { output, session, time } = context;
  const keys = program
    .command('keys')
    .description('create, list, show, rename, update, delete, disable, enable, expire and roll keys');

  withGrantOptions(keys.command('create').description('create a key; its secret is shown once'))
    .requiredOption('--name <name>', 'key name')
    .option('--expires-in <duration>', 'expire this long from now: 30d, 90d, 365d, 24h, ...')
    .option('--expires-at <date>', 'expire at an ISO-8601 date (00:00 UTC) or time with zone')
    .option('--json', 'JSON output: {api_key, api_key_id, name, scopes[, expires_at]}')
    .action((options: GrantFlags & { name: string; expiresIn?: string; expiresAt?: string; json?: boolean }) => {
      const scopes = requireScopesFromFlags(options);
      const expiresAt = expiryFromFlags(
        { in: { flag: '--expires-in', value: options.expiresIn }, at: { flag: '--expires-at', value: options.expiresAt } },
        new Date(),
      );
      const flag = options.expiresAt !== undefined ? '--expires-at' : '--expires-in';
      const created = withFlagNames({ expires_at: flag }, () =>
        session((s) => s.keys.create(s.caller, { name: options.name, scopes, expires_at: expiresAt }), 'create'),
      );
      if (options.json) return output.out(json(created));
      output.err(`Created "${created.name}" (API Key ID ${created.api_key_id}) with ${created.scopes.length} scopes.`);
      if (created.expires_at) output.err(`It expires ${time(created.expires_at)}.`);
      output.err('This is the only time the key is shown. Store it somewhere safe: it cannot be retrieved.');
      output.out(created.api_key);
    });

  keys
    .command('list')
    .description("the account's keys; imported records (their secret lives in SendGrid) are marked imported")
    .option('--json', 'JSON output: {result: [{name, api_key_id}]}')
    .option('--details', 'with --json, every field but secrets: status, origin, expiry, last use, ...')
    .action((options: { json?: boolean; details?: boolean }) => {
      const { list, now } = session((s) => ({ list: s.keys.list(s.caller), now: s.clock.now() }));
      if (options.json) {
        const result = list.map((k) => (options.details ? keyDetails(k, now) : { name: k.name, api_key_id: k.api_key_id }));
        return output.out(json({ result }));
      }
      if (list.length === 0) return output.out('No keys yet. Create one with: keydesk keys create --name NAME --full');
      const rows = list.map((k) => [k.api_key_id, k.name, k.access_type, statusText(k, now), expiryText(k, now, time), time(k.created_at), lastUsedText(k, time)]);
      output.out(table(['api key id', 'name', 'access', 'status', 'expires', 'created', 'last used'], rows));
      // Warned a month, a week and a day ahead, tightest window first.
      const warnings = list
        .map((k) => ({ key: k, days: expiryWarning(k.expires_at, now) }))
        .filter((w) => w.days !== null)
        .sort((a, b) => a.key.expires_at!.localeCompare(b.key.expires_at!))
        .map(({ key, days }) => `Warning (within ${days} day${days === 1 ? '' : 's'}): "${key.name}" ${describeExpiry(key.expires_at, now)} (${key.api_key_id})`);
      if (warnings.length) output.out(['', ...warnings].join('\n'));
    });

  keys
    .command('show <id>')
    .description('one key: its access per category and every scope')
    .option('--json', 'JSON output: {api_key_id, name, scopes}')
    .option('--details', 'with --json, every field but secrets, and the secrets\' short ids and lives')
    .action((id: string, options: { json?: boolean; details?: boolean }) => {
      const { key, secrets, now } = session((s) => ({
        key: s.keys.get(s.caller, id),
        secrets: s.lifecycle.secrets(s.caller, id),
        now: s.clock.now(),
      }));
      if (!options.json) return output.out(describeKey(key, secrets, now, time));
      output.out(json(options.details ? { ...keyDetails(key, now), secrets } : { api_key_id: key.api_key_id, name: key.name, scopes: key.scopes }));
    });

  keys
    .command('rename <id>')
    .description('rename a key')
    .requiredOption('--name <name>', 'new name')
    .option('--json', 'JSON output: {api_key_id, name}')
    .action((id: string, options: { name: string; json?: boolean }) => {
      const key = session((s) => s.keys.rename(s.caller, id, options.name));
      output.out(options.json ? json({ api_key_id: key.api_key_id, name: key.name }) : `Renamed ${key.api_key_id} to "${key.name}".`);
    });

  withGrantOptions(keys.command('update <id>').description("replace a key's name and all of its scopes"))
    .requiredOption('--name <name>', 'name (pass the current one to keep it)')
    .option('--json', 'JSON output: {api_key_id, name, scopes}')
    .action((id: string, options: GrantFlags & { name: string; json?: boolean }) => {
      const scopes = requireScopesFromFlags(options);
      const key = session((s) => s.keys.replace(s.caller, id, { name: options.name, scopes }));
      output.out(
        options.json
          ? json({ api_key_id: key.api_key_id, name: key.name, scopes: key.scopes })
          : `Updated ${key.api_key_id}: "${key.name}", ${key.scopes.length} scopes.`,
      );
    });

  keys
    .command('delete <ids...>')
    .description('delete keys for good: every later use of them fails (all of them, or none if one is not found)')
    .option('--json', 'JSON output: {action, applied, results: [{api_key_id, ok, changed}]}')
    .action((ids: string[], options: { json?: boolean }) => runBulk(context, { action: 'delete', ids, json: options.json }));

  return keys;
}
