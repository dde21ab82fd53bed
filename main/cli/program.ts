/**
 * The `keydesk` command line: the same services the desktop app uses, over the same store.
 * Output follows SendGrid's JSON shapes with --json; errors go to stderr as
 * {"errors":[{"field","message"}]} with a non-zero exit, and change nothing.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CATEGORIES, SCOPE_INDEX } from '../core/catalog.ts';
import { KeydeskError, notFound, toKeydeskError } from '../core/errors.ts';
import { levelsOfScopes } from '../core/permissions.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import { resolveDatabasePath } from '../store/location.ts';
import { openStore, type Store } from '../store/store.ts';
import { describeChange } from '../services/audit-changes.ts';
import { OWNER, systemClock, type Caller } from '../services/caller.ts';
import { createKeyService, type KeyService } from '../services/keys.ts';
import { createVerifier, type Verifier } from '../services/verify.ts';
import type { KeyRecord } from '../store/key-table.ts';
import { requireScopesFromFlags, type GrantFlags } from './grant-flags.ts';
import { json, printError, processOutput, shortTime, table, type Output } from './output.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

type Env = Readonly<Record<string, string | undefined>>;

interface GlobalOptions {
  readonly db?: string;
  readonly account?: string;
}

export interface Session {
  readonly store: Store;
  readonly keys: KeyService;
  readonly verifier: Verifier;
  readonly caller: Caller;
}

/** Opens the store and works out who is acting: the key in KEYDESK_API_KEY, or the account owner. */
function openSession(options: GlobalOptions, env: Env): Session {
  const store = openStore(resolveDatabasePath(options.db, env));
  try {
    const verifier = createVerifier(store, systemClock);
    const keys = createKeyService(store, systemClock);
    const presented = env.KEYDESK_API_KEY;
    if (presented !== undefined) {
      const result = verifier.verify(presented.trim(), { caller: 'cli' });
      if (!result.ok) {
        throw new KeydeskError('UNAUTHORIZED', [{ field: 'KEYDESK_API_KEY', message: result.message }]);
      }
      const account = store.accounts.byId(result.key.account_id)!;
      if (options.account !== undefined && options.account !== account.name) {
        throw new KeydeskError('FORBIDDEN', [{ field: '--account', message: 'access forbidden' }]);
      }
      const actor = { kind: 'key', keyId: result.key.api_key_id, accountId: account.id, scopes: result.key.scopes } as const;
      return { store, keys, verifier, caller: { actor, account, via: 'cli' } };
    }
    const name = options.account ?? DEFAULT_ACCOUNT;
    const account = store.accounts.byName(name);
    if (!account) throw notFound(`unknown account "${name}"`, '--account');
    return { store, keys, verifier, caller: { actor: OWNER, account, via: 'cli' } };
  } catch (error) {
    store.close();
    throw error;
  }
}

const accessLabel = { full: 'Full Access', restricted: 'Restricted Access', billing: 'Billing Access' } as const;

function describeKey(key: KeyRecord): string {
  const levels = levelsOfScopes(key.scopes);
  const lines = [
    `Name:         ${key.name}`,
    `API Key ID:   ${key.api_key_id}`,
    `Access:       ${accessLabel[key.access_type]}`,
    `Secret:       ${key.last4 ? `SG.…${key.last4} (shown only at creation)` : 'not held here (imported)'}`,
    `Created:      ${shortTime(key.created_at)}`,
    `Last used:    ${shortTime(key.last_used_at)}`,
    '',
    table(
      ['category', 'level'],
      CATEGORIES.filter((c) => levels[c.id] !== 'none').map((c) => [c.name, levels[c.id]]),
    ),
  ];
  const inCategories = new Set(
    CATEGORIES.filter((c) => levels[c.id] !== 'none').flatMap((c) => [...(c.read ?? []), ...(c.full ?? [])]),
  );
  const others = key.scopes.filter((s) => !inCategories.has(s));
  if (others.length) lines.push('', `Other scopes: ${others.join(', ')}`);
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function buildProgram(env: Env, output: Output, done: (code: number) => void): Command {
  const program = new Command('keydesk')
    .description('Create, audit and export SendGrid-style API keys, offline.')
    .option('--db <file>', 'key store file (default: $KEYDESK_DB, else the per-user app-data folder)')
    .option('--account <name>', `account to act on (default: "${DEFAULT_ACCOUNT}", or the account of KEYDESK_API_KEY)`)
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
      outputError: () => undefined, // reported as SendGrid JSON by run()
    });

  const session = <T>(work: (s: Session) => T): T => {
    const s = openSession(program.opts<GlobalOptions>(), env);
    try {
      return work(s);
    } finally {
      s.store.close();
    }
  };

  program
    .command('scopes')
    .description("the scope catalog, or with KEYDESK_API_KEY set, that key's own scopes")
    .option('--json', 'JSON output')
    .action((options: { json?: boolean }) => {
      if (env.KEYDESK_API_KEY !== undefined) {
        session((s) => {
          const scopes = s.caller.actor.kind === 'key' ? s.caller.actor.scopes : [];
          output.out(options.json ? json({ scopes }) : scopes.join('\n'));
        });
        return;
      }
      if (options.json) {
        output.out(json({ categories: CATEGORIES, scopes: [...SCOPE_INDEX.values()] }));
        return;
      }
      const rows = CATEGORIES.map((c) => [c.id, c.name, c.levels.join('/'), String(c.full?.length ?? c.read?.length ?? 0)]);
      output.out(table(['category', 'name', 'levels', 'scopes'], rows));
      const loose = [...SCOPE_INDEX.values()].filter((s) => !s.category);
      output.out(`\nScopes outside the categories (grant with --scopes):\n${table(['scope', 'group'], loose.map((s) => [s.scope, s.group + (s.assignable ? '' : ' (not grantable)')]))}`);
    });

  const keys = program.command('keys').description('create, list, show, rename, update and delete keys');
  const grantOptions = (command: Command): Command =>
    command
      .option('--full', 'Full Access: every scope but billing')
      .option('--billing', 'Billing Access: billing scopes only')
      .option('--scopes <list>', 'comma-separated scopes')
      .addOption(
        new Option('--level <category=level>', 'a category at none, read or full (repeatable)').argParser(
          (value: string, previous: string[] = []) => [...previous, value],
        ),
      );

  grantOptions(keys.command('create').description('create a key; its secret is shown once'))
    .requiredOption('--name <name>', 'key name')
    .option('--json', 'JSON output: {api_key, api_key_id, name, scopes}')
    .action((options: GrantFlags & { name: string; json?: boolean }) => {
      const scopes = requireScopesFromFlags(options);
      const created = session((s) => s.keys.create(s.caller, { name: options.name, scopes }));
      if (options.json) {
        output.out(json(created));
      } else {
        output.err(`Created "${created.name}" (API Key ID ${created.api_key_id}) with ${created.scopes.length} scopes.`);
        output.err('This is the only time the key is shown. Store it somewhere safe: it cannot be retrieved.');
        output.out(created.api_key);
      }
    });

  keys
    .command('list')
    .description("the account's keys")
    .option('--json', 'JSON output: {result: [{name, api_key_id}]}')
    .action((options: { json?: boolean }) => {
      const list = session((s) => s.keys.list(s.caller));
      if (options.json) {
        output.out(json({ result: list.map((k) => ({ name: k.name, api_key_id: k.api_key_id })) }));
        return;
      }
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

  grantOptions(keys.command('update <id>').description("replace a key's name and all of its scopes"))
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

  program
    .command('verify')
    .description('read one key from stdin; exit 0 with {api_key_id, name, scopes}, or 1 when rejected')
    .action(async () => {
      const presented = (await readStdin()).trim();
      const result = session((s) => s.verifier.verify(presented, { caller: 'cli' }));
      if (!result.ok) {
        printError(output, { errors: [{ field: null, message: result.message }] });
        return done(1);
      }
      const { api_key_id, name, scopes } = result.key;
      output.out(json({ api_key_id, name, scopes }));
    });

  program
    .command('log')
    .description('the audit log; --verify checks its hash chain')
    .option('--json', 'JSON output')
    .option('--verify', 'check the hash chain; exit 1 naming the first bad row')
    .action((options: { json?: boolean; verify?: boolean }) => {
      session((s) => {
        if (options.verify) {
          const check = s.store.audit.verifyChain();
          if (!check.intact) {
            printError(output, {
              errors: [{ field: 'audit_log', message: `audit log broken at row ${check.brokenAt}: ${check.reason}` }],
            });
            return done(1);
          }
          output.out(options.json ? json(check) : `Audit log intact: ${check.rows} rows.`);
          return;
        }
        const entries = s.store.audit.list({ accountId: s.caller.account.id });
        if (options.json) return output.out(json(entries));
        const rows = entries.map((e) => [String(e.seq), shortTime(e.at), `${e.actor} (${e.via})`, e.action, e.key_id ?? '', describeChange(e)]);
        output.out(table(['#', 'time', 'actor', 'action', 'key', 'change'], rows));
      });
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function run(argv: readonly string[], env: Env = process.env, output: Output = processOutput): Promise<number> {
  let code = 0;
  const program = buildProgram(env, output, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      if (error.code === 'commander.help') return 0;
      const field = /'(--?[\w-]+)/.exec(error.message)?.[1] ?? null;
      printError(output, { errors: [{ field, message: error.message.replace(/^error: /, '') }] });
      return 2;
    }
    printError(output, toKeydeskError(error).toBody());
    return 1;
  }
}
