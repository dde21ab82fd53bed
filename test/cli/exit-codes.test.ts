/**
 * The CLI's exit codes, case by case (docs/cli.md#exit-codes): 2 for a command line that cannot be
 * read as a request (an unknown command or flag, one missing, two that exclude each other, a value
 * that is not a duration, a date, a number, a port or one of the choices), 1 for a request that the
 * store or its rules refuse. Either way the error is SendGrid JSON on stderr, naming the field, and
 * nothing in the store changes.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, createKeyWithCli, emptyStoreIn, parseErrors, runCli, storeRows, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-store.ts';

let dir: string;
let db: string;
let cli: ReturnType<typeof cliFor>;
let readerKey: string;

beforeAll(async () => {
  dir = tempDir();
  db = emptyStoreIn(dir);
  cli = cliFor(db);
  await createKeyWithCli(cli, ['--name', 'existing', '--full']);
  readerKey = (await createKeyWithCli(cli, ['--name', 'reader', '--scopes', 'api_keys.read'])).api_key;
  // A key presented is a key used: its last use is recorded (at most once a minute), so record it
  // now, and the refusals below leave the store exactly as it is.
  await cli(['keys', 'list'], { env: { KEYDESK_API_KEY: readerKey } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Case = readonly [args: readonly string[], field: string | null, message: RegExp, env?: Readonly<Record<string, string | undefined>>];

const USAGE: readonly Case[] = [
  [['keys', 'frobnicate'], null, /unknown command 'frobnicate'/],
  [['keys', 'create', '--name', 'x', '--full', '--frobnicate'], '--frobnicate', /unknown option/],
  [['keys', 'create', '--full'], '--name', /required option '--name <name>' not specified/],
  [['keys', 'show'], null, /missing required argument 'id'/],
  [['keys', 'create', '--name', 'x'], 'scopes', /choose the access: --full, --billing/],
  [['keys', 'create', '--name', 'x', '--full', '--billing'], '--full', /choose one of --full, --billing/],
  [['keys', 'create', '--name', 'x', '--full', '--expires-in', '90d', '--expires-at', '2027-01-01'], '--expires-in', /choose one of --expires-in, --expires-at/],
  [['keys', 'create', '--name', 'x', '--full', '--expires-in', 'soon'], '--expires-in', /expected a duration/],
  [['keys', 'create', '--name', 'x', '--full', '--expires-at', '2026-02-30'], '--expires-at', /expected an ISO-8601 date/],
  [['keys', 'create', '--name', 'x', '--level', 'nothing=read'], '--level', /unknown category "nothing"/],
  [['keys', 'create', '--name', 'x', '--level', 'mail_send'], '--level', /expected CATEGORY=none\|read\|full/],
  [['keys', 'expire', 'ID'], '--in', /choose the expiry/],
  [['keys', 'expire', 'ID', '--in', '1d', '--never'], '--in', /choose one of --in, --never/],
  [['keys', 'roll', 'ID', '--grace', 'forever'], '--grace', /expected a duration/],
  [['accounts', 'policy', 'default', '--max-lifetime', '90d', '--off'], '--max-lifetime', /choose one of --max-lifetime, --off/],
  [['accounts', 'policy', 'default', '--max-lifetime', '36h'], '--max-lifetime', /whole days/],
  [['audit', '--unused-days', 'soon'], '--unused-days', /whole number of days/],
  [['audit', '--fail-on', 'critical'], '--fail-on', /Allowed choices are high, medium, low/],
  [['export'], '--format', /required option '--format <format>' not specified/],
  [['export', '--format', 'xml'], '--format', /Allowed choices are csv, json/],
  [['export', '--format', 'csv', '--status', 'retired'], '--status', /Allowed choices are active, disabled, expired/],
  [['log', '--since', 'yesterday'], '--since', /expected an ISO-8601 date/],
  [['log', '--since', '2026-02-01', '--until', '2026-01-01'], '--since', /after --until/],
  [['log', '--action', 'key.explode'], '--action', /unknown action "key\.explode"; actions: key\.create/],
  [['log', '--verify', '--key', 'ID'], '--verify', /takes no --since/],
  [['serve', '--port', '70000'], '--port', /expected a port from 0 to 65535/],
  [['restore-backup', 'x.backup', '--latest'], '--latest', /not both/],
  [['keys', 'create', '--name', 'a\u001b[2Jb', '--full'], '--name', /control character/],
  [['--db', '', 'keys', 'list'], '--db', /--db is empty/],
  [['keys', 'list'], 'KEYDESK_DB', /KEYDESK_DB is set but empty/, { KEYDESK_DB: '' }],
];

const REFUSED: readonly Case[] = [
  [['keys', 'show', 'AAAAAAAAAAAAAAAAAAAAAA'], 'api_key_id', /unable to find API Key/],
  [['keys', 'delete', 'AAAAAAAAAAAAAAAAAAAAAA'], 'api_key_id', /unable to find API Key/],
  [['keys', 'create', '--name', 'x', '--scopes', 'mail.sned'], 'scopes', /unknown scopes: \[mail\.sned\]/],
  [['keys', 'create', '--name', '', '--full'], 'name', /missing required argument/],
  [['--account', 'nobody', 'keys', 'list'], '--account', /unknown account "nobody"/],
  [['accounts', 'delete', 'default'], 'account', /the "default" account .* cannot be deleted/],
  [['import', 'no-such-file.json'], 'file', /cannot read no-such-file\.json: no such file/],
  [['keys', 'create', '--name', 'x', '--full'], null, /access forbidden/, { KEYDESK_API_KEY: 'reader' }],
  [['keys', 'list'], 'KEYDESK_API_KEY', /./, { KEYDESK_API_KEY: 'SG.not-a-key' }],
  [['restore-backup', '--latest'], '--latest', /no usable backup/],
  [['--db', 'no/such/folder/keydesk.db', 'keys', 'list'], '--db', /no key store at .*no\/such\/folder\/keydesk\.db/],
];

async function run([args, , , env]: Case): Promise<CliResult> {
  // Without --db, so that KEYDESK_DB is what names the store.
  if (env?.KEYDESK_DB !== undefined) return runCli(args, { env: { KEYDESK_API_KEY: undefined, ...env } });
  const withKey = env?.KEYDESK_API_KEY === 'reader' ? { ...env, KEYDESK_API_KEY: readerKey } : env;
  return cli(args, withKey ? { env: withKey } : {});
}

function expectError(result: CliResult, [args, field, message]: Case, code: number): void {
  const label = args.join(' ');
  expect(result.code, label).toBe(code);
  expect(result.stdout, label).toBe('');
  const [first] = parseErrors(result.stderr);
  expect(first?.field, label).toBe(field);
  expect(first?.message, label).toMatch(message);
}

describe('exit codes', () => {
  it('2 for every usage mistake, before anything is opened; nothing changes', async () => {
    const before = storeRows(db);
    for (const usage of USAGE) expectError(await run(usage), usage, 2);
    expect(storeRows(db)).toEqual(before);
  });

  it('1 for every refusal by the store or its rules; nothing changes', async () => {
    const before = storeRows(db);
    for (const refused of REFUSED) expectError(await run(refused), refused, 1);
    expect(storeRows(db)).toEqual(before);
  });

  it('1 for a command that ran and reports failure: a rejected key, a finding at --fail-on, a live leaked key', async () => {
    const before = storeRows(db);
    const rejected = await cli(['verify'], { stdin: 'SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect(rejected.code).toBe(1);
    const failOn = await cli(['audit', '--fail-on', 'high', '--json']);
    expect(failOn.code).toBe(1);
    expect(JSON.parse(failOn.stdout).findings.length).toBeGreaterThan(0); // the findings still print
    expect(parseErrors(failOn.stderr)).toEqual([{ field: '--fail-on', message: expect.stringMatching(/^\d+ findings? at or above high$/) }]);
    expect(storeRows(db)).toEqual(before);

    writeFileSync(join(dir, 'leaked.env'), `SENDGRID_API_KEY=${readerKey}\n`);
    expect((await cli(['leaks', join(dir, 'leaked.env')])).code).toBe(1);
  });

  it('0 when all is well, and for --help and --version', async () => {
    for (const args of [['keys', 'list'], ['audit'], ['--help'], ['keys', '--help'], ['--version'], ['audit', '--fail-on', 'low', '--unused-days', '3650']]) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(args.includes('--fail-on') ? 1 : 0);
    }
  });
});

it('--grace 0 means now, as --grace now does: the old secret stops working at once', async () => {
  const created = await createKeyWithCli(cli, ['--name', 'rolled', '--scopes', 'mail.send']);
  const rolled = await cli(['keys', 'roll', created.api_key_id, '--grace', '0', '--json']);
  expect(rolled.code, rolled.stderr).toBe(0);
  expect(JSON.parse(rolled.stdout)).toMatchObject({ previous_secret_retires_at: expect.any(String) });
  expect((await cli(['verify'], { stdin: created.api_key })).code).toBe(1);
  expect((await cli(['verify'], { stdin: (JSON.parse(rolled.stdout) as { api_key: string }).api_key })).code).toBe(0);
});
