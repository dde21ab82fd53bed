/** The real `keydesk accounts ...` commands, against a temp store. */
import { beforeEach, describe, expect, it } from 'vitest';
import { OWNER } from '../../main/services/caller.ts';
import { createServices } from '../../main/services/services.ts';
import { openStore } from '../../main/store/store.ts';
import { cliOverTempStore, createKeyWithCli, expectCliRefused, parseErrors, type RefusedCase, type Cli } from '../helpers/cli.ts';

let db: string;
let cli: Cli;
beforeEach(() => ({ db, cli } = cliOverTempStore()));

const inAccount = (account: string) => (args: readonly string[]) => cli(['--account', account, ...args]);

interface AccountJson {
  id: number;
  name: string;
  parent_name: string | null;
  issued_keys: number;
  keys: number;
  max_key_lifetime_days: number | null;
}
const listAccounts = async () => (JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as { result: AccountJson[] }).result;

const expectRefused = (cases: readonly RefusedCase[]) => expectCliRefused(cli, db, cases);

// Each test spawns many CLI processes on a shared 2-core machine.
describe('keydesk accounts', { timeout: 90_000 }, () => {
  it('creates accounts and subusers, lists them with their keys, and renames', async () => {
    expect((await cli(['accounts', 'create', 'acme'])).stdout).toBe('Created account "acme".\n');
    expect((await cli(['accounts', 'create', 'acme-eu', '--parent', 'acme'])).stdout).toBe('Created account "acme-eu" as a subuser of "acme".\n');
    await createKeyWithCli(inAccount('acme-eu'), ['--name', 'eu mailer', '--scopes', 'mail.send']);
    expect((await listAccounts()).map((a) => [a.name, a.parent_name, a.issued_keys])).toEqual([
      ['default', null, 0],
      ['acme', null, 0],
      ['acme-eu', 'acme', 1],
    ]);
    const table = await cli(['--account', 'acme-eu', 'accounts', 'list']);
    expect(table.stdout).toMatch(/^\* +acme-eu +acme +1\/100 +off/m); // * marks the account --account selects

    expect((await cli(['accounts', 'rename', 'acme-eu', 'Acme EU'])).stdout).toBe('Renamed account "acme-eu" to "Acme EU".\n');
    const keys = JSON.parse((await inAccount('Acme EU')(['keys', 'list', '--json'])).stdout) as { result: { name: string }[] };
    expect(keys.result.map((k) => k.name)).toEqual(['eu mailer']);
    const log = (await cli(['--account', 'Acme EU', 'log'])).stdout;
    expect(log).toMatch(/account\.create .*account "acme-eu" created as a subuser/);
    expect(log).toMatch(/account\.rename .*account renamed "acme-eu" → "Acme EU"/);
  });

  it('refuses bad names, unknown or subuser parents and the default account, changing nothing', async () => {
    await cli(['accounts', 'create', 'acme']);
    await cli(['accounts', 'create', 'acme-eu', '--parent', 'acme']);
    await expectRefused([
      [['accounts', 'create', ''], 'name', /missing required argument/],
      [['accounts', 'create', 'ACME'], 'name', /an account named "acme" already exists/],
      [['accounts', 'create', 'x', '--parent', 'nobody'], '--parent', /unknown account "nobody"/],
      [['accounts', 'create', 'x', '--parent', 'acme-eu'], '--parent', /a subuser cannot have subusers/],
      [['accounts', 'rename', 'nobody', 'x'], 'account', /unknown account "nobody"/],
      [['accounts', 'rename', 'default', 'main'], 'account', /cannot be renamed/],
      [['accounts', 'delete', 'default'], 'account', /cannot be deleted/],
      [['accounts', 'delete', 'acme', '--force'], 'account', /has subusers \("acme-eu"\); delete them first/],
    ]);
  });

  it('delete refuses while keys exist; --force deletes them, audit-logged, and they stop verifying', async () => {
    await cli(['accounts', 'create', 'old']);
    const keys = [
      await createKeyWithCli(inAccount('old'), ['--name', 'a', '--scopes', 'mail.send']),
      await createKeyWithCli(inAccount('old'), ['--name', 'b', '--scopes', 'mail.send']),
    ];
    await expectRefused([[['accounts', 'delete', 'old'], 'account', /still has 2 keys/]]);
    expect((await cli(['verify'], { stdin: keys[0]!.api_key })).code).toBe(0);

    const deleted = await cli(['accounts', 'delete', 'old', '--force', '--json']);
    const ids = keys.map((k) => k.api_key_id).sort();
    expect((JSON.parse(deleted.stdout) as { deleted_keys: string[] }).deleted_keys.sort()).toEqual(ids);
    expect((await listAccounts()).map((a) => a.name)).toEqual(['default']);
    for (const key of keys) expect((await cli(['verify'], { stdin: key.api_key })).code).toBe(1);

    const all = JSON.parse((await cli(['log', '--all', '--json'])).stdout) as { action: string; key_id: string | null }[];
    expect(all.slice(-3).map((e) => e.action)).toEqual(['key.delete', 'key.delete', 'account.delete']);
    expect(all.slice(-3, -1).map((e) => e.key_id).sort()).toEqual(ids);
    expect((await cli(['log', '--all'])).stdout).toMatch(/#2 \(deleted\) +account\.delete/);
    expect((await cli(['log', '--verify'])).code).toBe(0);
    expect((await cli(['accounts', 'delete', 'gone'])).code).toBe(1);
  });

  it('keeps the 100-key limit per account: a full account leaves the others free', async () => {
    await cli(['accounts', 'create', 'full']);
    // Filling an account through 100 CLI processes would be slow; it is the same SQLite file either way.
    const store = openStore(db);
    try {
      const services = createServices(store);
      const caller = { actor: OWNER, account: store.accounts.byName('full')!, via: 'cli' as const };
      for (let i = 0; i < 100; i++) services.keys.create(caller, { name: `k${i}`, scopes: ['mail.send'] });
    } finally {
      store.close();
    }
    const refused = await inAccount('full')(['keys', 'create', '--name', 'one more', '--scopes', 'mail.send']);
    expect(refused.code).toBe(1);
    expect(parseErrors(refused.stderr)).toEqual([{ field: null, message: 'Cannot create more than 100 API Keys' }]);
    expect((await inAccount('default')(['keys', 'create', '--name', 'fine', '--scopes', 'mail.send'])).code).toBe(0);
  });

  it('policy: keys must then expire within the maximum lifetime; --off lifts it', async () => {
    await cli(['accounts', 'create', 'strict']);
    const legacy = await createKeyWithCli(inAccount('strict'), ['--name', 'legacy', '--scopes', 'mail.send']);
    const set = await cli(['accounts', 'policy', 'strict', '--max-lifetime', '90d']);
    expect(set.stdout).toBe(
      `Keys in "strict" must expire within 90 days of when their expiry is set.\nNot within it yet (existing expiries stay until changed): 1 key, ${legacy.api_key_id}\n`,
    );
    expect((await cli(['accounts', 'policy', 'strict'])).stdout).toMatch(/must expire within 90 days/);

    const strict = inAccount('strict');
    const none = await strict(['keys', 'create', '--name', 'forever', '--scopes', 'mail.send']);
    expect(parseErrors(none.stderr)).toEqual([{ field: '--expires-in', message: 'this account requires keys to expire within 90 days' }]);
    const long = await strict(['keys', 'create', '--name', 'long', '--scopes', 'mail.send', '--expires-at', '2099-01-01']);
    expect(parseErrors(long.stderr)[0]).toMatchObject({ field: '--expires-at', message: expect.stringMatching(/at most 90 days/) });
    const never = await strict(['keys', 'expire', legacy.api_key_id, '--never']);
    expect(parseErrors(never.stderr)[0]).toMatchObject({ field: '--never', message: expect.stringMatching(/requires keys to expire/) });
    expect((await strict(['keys', 'create', '--name', 'ok', '--scopes', 'mail.send', '--expires-in', '90d'])).code).toBe(0);
    // Another account is not bound by it.
    expect((await cli(['keys', 'create', '--name', 'forever', '--scopes', 'mail.send'])).code).toBe(0);

    expect((await cli(['accounts', 'policy', 'strict', '--off'])).stdout).toMatch(/may live without expiry/);
    expect((await strict(['keys', 'create', '--name', 'forever', '--scopes', 'mail.send'])).code).toBe(0);
    await expectRefused([
      [['accounts', 'policy', 'strict', '--max-lifetime', '12h'], '--max-lifetime', /whole days/],
      [['accounts', 'policy', 'strict', '--max-lifetime', '3651d'], '--max-lifetime', /from 1 to 3650/],
      [['accounts', 'policy', 'strict', '--max-lifetime', '30d', '--off'], '--max-lifetime', /choose one of/],
    ]);
  });

  it('is refused to a key acting through KEYDESK_API_KEY', async () => {
    const admin = await createKeyWithCli(cli, ['--name', 'admin', '--level', 'api_keys=full', '--level', 'subusers=full']);
    const env = { KEYDESK_API_KEY: admin.api_key };
    for (const args of [['accounts', 'list'], ['accounts', 'create', 'x'], ['log', '--all']]) {
      const result = await cli(args, { env });
      expect(result.code, args.join(' ')).toBe(1);
      expect(parseErrors(result.stderr)).toEqual([{ field: null, message: 'access forbidden' }]);
    }
  });
});
