/** `keydesk keys ...`: create, list, show, rename, update (replace) and delete. */
import { Option, type Command } from 'commander';
import { CATEGORIES } from '../../core/catalog.ts';
import { levelsOfScopes } from '../../core/permissions.ts';
import type { KeyRecord } from '../../store/key-table.ts';
import { requireScopesFromFlags, type GrantFlags } from '../grant-flags.ts';
import { json, shortTime, table } from '../output.ts';
import type { CliContext } from '../session.ts';

const ACCESS_LABELS = { full: 'Full Access', restricted: 'Restricted Access', billing: 'Billing Access' } as const;

function describeKey(key: KeyRecord): string {
  const levels = levelsOfScopes(key.scopes);
  const held = CATEGORIES.filter((c) => levels[c.id] !== 'none');
  const lines = [
    `Name:         ${key.name}`,
    `API Key ID:   ${key.api_key_id}`,
    `Access:       ${ACCESS_LABELS[key.access_type]}`,
    `Secret:       ${key.last4 ? `SG.…${key.last4} (shown only at creation)` : 'not held here (imported)'}`,
    `Created:      ${shortTime(key.created_at)}`,
    `Last used:    ${shortTime(key.last_used_at)}`,
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

export function registerKeyCommands(program: Command, { output, session }: CliContext): void {
  const keys = program.command('keys').description('create, list, show, rename, update and delete keys');

  withGrantOptions(keys.command('create').description('create a key; its secret is shown once'))
    .requiredOption('--name <name>', 'key name')
    .option('--json', 'JSON output: {api_key, api_key_id, name, scopes}')
    .action((options: GrantFlags & { name: string; json?: boolean }) => {
      const scopes = requireScopesFromFlags(options);
      const created = session((s) => s.keys.create(s.caller, { name: options.name, scopes }));
      if (options.json) return output.out(json(created));
      output.err(`Created "${created.name}" (API Key ID ${created.api_key_id}) with ${created.scopes.length} scopes.`);
      output.err('This is the only time the key is shown. Store it somewhere safe: it cannot be retrieved.');
      output.out(created.api_key);
    });

  keys
    .command('list')
    .description("the account's keys")
    .option('--json', 'JSON output: {result: [{name, api_key_id}]}')
    .action((options: { json?: boolean }) => {
      const list = session((s) => s.keys.list(s.caller));
      if (options.json) return output.out(json({ result: list.map((k) => ({ name: k.name, api_key_id: k.api_key_id })) }));
      if (list.length === 0) return output.out('No keys yet. Create one with: keydesk keys create --name NAME --full');
      const rows = list.map((k) => [k.api_key_id, k.name, k.access_type, shortTime(k.created_at), shortTime(k.last_used_at)]);
      output.out(table(['api key id', 'name', 'access', 'created', 'last used'], rows));
    });

  keys
    .command('show <id>')
    .description('one key: its access per category and every scope')
    .option('--json', 'JSON output: {api_key_id, name, scopes}')
    .action((id: string, options: { json?: boolean }) => {
      const key = session((s) => s.keys.get(s.caller, id));
      output.out(options.json ? json({ api_key_id: key.api_key_id, name: key.name, scopes: key.scopes }) : describeKey(key));
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
    .command('delete <id>')
    .description('delete a key for good: every later use of it fails')
    .action((id: string) => {
      session((s) => s.keys.remove(s.caller, id));
      output.out(`Deleted ${id}.`);
    });
}
