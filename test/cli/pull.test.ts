/**
 * `keydesk pull` end to end on loopback, every part a real process: a store with a parent account
 * and two subusers, each holding keys of mixed access, served by `keydesk serve`; `keydesk pull
 * --subusers` into a second store reproduces every key's ID, name and scope set in the right
 * account. A second pull after changes at the source reports them, records them in the audit log
 * with the pull as actor, and `keydesk diff` against an export taken before shows them. The key is
 * taken from SENDGRID_API_KEY or stdin, never an argument; Ctrl-C writes nothing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopesForLevels } from '../../common/permissions.ts';
import type { PullResult } from '../../common/pull.ts';
import { openStore } from '../../main/store/store.ts';
import { CLI, cliFor, parseErrors, storeRows } from '../helpers/cli.ts';
import { startStandIn, type StandIn } from '../helpers/sendgrid-stand-in.ts';
import { openTempStore, tempDir, type TempStore } from '../helpers/temp-store.ts';
import { startCli, type RunningCli } from '../reliability/support/processes.ts';

let source: TempStore;
let server: RunningCli;
let baseUrl: string;
let auditorKey: string;
let dest: string;
const pullCli = () => cliFor(dest);

/** Every live key of every account of a store: account → [id, name, scopes] sorted by id. */
function inventory(path: string): Record<string, [string, string, string[]][]> {
  const store = openStore(path);
  try {
    return Object.fromEntries(
      store.accounts
        .list()
        .map((a) => [a.name, store.keys.listLive(a.id).map((k): [string, string, string[]] => [k.api_key_id, k.name, [...k.scopes]]).sort((x, y) => x[0].localeCompare(y[0]))]),
    );
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  source = openTempStore();
  const { keys, accounts } = source;
  accounts.create(source.owner(), { name: 'acme-eu', parent: 'default' });
  accounts.create(source.owner(), { name: 'acme-us', parent: 'default' });
  auditorKey = keys.create(source.owner(), { name: 'Auditor', scopes: ['api_keys.read', 'subusers.read'] }).api_key;
  keys.create(source.owner(), { name: 'Everything' });
  keys.create(source.owner(), { name: 'Finance', scopes: ['billing.read', 'billing.update'] });
  keys.create(source.owner(), { name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full', stats: 'read' }) });
  keys.create(source.owner('acme-eu'), { name: 'EU mailer', scopes: ['mail.send'] });
  keys.create(source.owner('acme-eu'), { name: 'EU everything' });
  keys.create(source.owner('acme-us'), { name: 'US billing', scopes: ['billing.read'] });
  keys.create(source.owner('acme-us'), { name: 'US templates', scopes: scopesForLevels({ template_engine: 'full', mail_send: 'full' }) });
  server = startCli(source.path, ['serve', '--port', '0']);
  const line = await server.waitForStdout(/listening on/);
  baseUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line!)![1]!;
  dest = join(tempDir(), 'audit.db');
});
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  source.close();
});

describe('keydesk pull --subusers from keydesk serve', () => {
  let first: PullResult;

  it('reproduces every key ID, name and scope set in the right account', async () => {
    const result = await pullCli()(['pull', '--base-url', baseUrl, '--subusers', '--json'], { env: { SENDGRID_API_KEY: auditorKey } });
    expect(result.code, result.stderr).toBe(0);
    // A pull may be the first thing done with Keydesk: it makes the store, and says so.
    expect(result.stderr).toBe(`Created a new key store at ${dest}.\n`);
    first = JSON.parse(result.stdout) as PullResult;
    expect(inventory(dest)).toEqual(inventory(source.path));
    expect(first.accounts.map((a) => [a.account, a.subuser, a.created, a.added.length])).toEqual([
      ['default', null, false, 4],
      ['acme-eu', 'acme-eu', true, 2],
      ['acme-us', 'acme-us', true, 2],
    ]);
    expect(first).toMatchObject({ base_url: baseUrl, key_id: auditorKey.split('.')[1], excess_scopes: [] });
    const rows = storeRows(dest) as { accounts: { name: string; parent_id: number | null }[]; keys: { origin: string; digest: unknown }[] };
    expect(rows.accounts.map((a) => [a.name, a.parent_id])).toEqual([['default', null], ['acme-eu', 1], ['acme-us', 1]]);
    expect(new Set(rows.keys.map((k) => k.origin))).toEqual(new Set(['pulled']));
    expect(rows.keys.every((k) => k.digest === null)).toBe(true);
  });

  it('a second pull reports what changed in SendGrid; the log and keydesk diff show it, with the pull as actor', async () => {
    const exported = join(tempDir(), 'before.json');
    expect((await pullCli()(['export', '--format', 'json', '--out', exported])).code).toBe(0);

    const owner = source.owner();
    const [mailer, finance] = ['Production mailer', 'Finance'].map((name) => source.keys.list(owner).find((k) => k.name === name)!);
    source.keys.replace(owner, mailer!.api_key_id, { name: 'Production mailer (EU)', scopes: ['mail.send', 'templates.read'] });
    source.keys.remove(owner, finance!.api_key_id);

    const text = await pullCli()(['pull', '--base-url', baseUrl, '--subusers'], { env: { SENDGRID_API_KEY: auditorKey } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('"default": 0 added, 1 changed, 1 removed, 2 unchanged');
    expect(text.stdout).toContain(`${mailer!.api_key_id}  Production mailer (EU): renamed "Production mailer" → "Production mailer (EU)" +templates.read`);
    expect(text.stdout).toMatch(new RegExp(`Removed \\(gone from SendGrid, kept here as removed\\):\\n\\s+${finance!.api_key_id}  Finance`));
    expect(text.stdout).toContain('"acme-eu" (subuser): 0 added, 0 changed, 0 removed, 2 unchanged');
    expect(inventory(dest)).toEqual(inventory(source.path));

    const log = JSON.parse((await pullCli()(['log', '--json'])).stdout) as { actor: string; action: string; key_id: string | null }[];
    const pullActor = `pull:${auditorKey.split('.')[1]}`;
    expect(log.slice(-3).map((e) => [e.actor, e.action, e.key_id])).toEqual([
      [pullActor, 'key.pull.update', mailer!.api_key_id],
      [pullActor, 'key.pull.remove', finance!.api_key_id],
      ['owner', 'inventory.pull', null],
    ]);
    const diff = JSON.parse((await pullCli()(['diff', exported, '--json'])).stdout) as Record<string, unknown[]>;
    expect(diff).toMatchObject({
      added: [],
      removed: [{ api_key_id: finance!.api_key_id, name: 'Finance' }],
      renamed: [{ api_key_id: mailer!.api_key_id, from: 'Production mailer', to: 'Production mailer (EU)' }],
      scopes: [{ api_key_id: mailer!.api_key_id, gained: ['templates.read'], lost: expect.arrayContaining(['stats.read']) }],
    });
    const verify = await pullCli()(['log', '--verify']);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('reads the key from one line on stdin with --key-stdin, and reports progress on stderr with --progress', async () => {
    const result = await pullCli()(['pull', '--base-url', baseUrl, '--key-stdin', '--progress', '--json'], { stdin: `${auditorKey}\n` });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(["pull: checking the key's scopes", 'pull: reading keys', 'pull: default: 3 keys read', 'pull: writing 3 keys']);
  });
});

describe('the pulling key', () => {
  it('comes from SENDGRID_API_KEY or stdin; missing, it is asked for by name and nothing is written', async () => {
    const before = storeRows(dest);
    const result = await pullCli()(['pull', '--base-url', baseUrl], { env: { SENDGRID_API_KEY: undefined } });
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)).toEqual([{ field: 'SENDGRID_API_KEY', message: expect.stringMatching(/^set SENDGRID_API_KEY .*--key-stdin/) }]);
    expect(storeRows(dest)).toEqual(before);
  });

  it('is never taken as an argument, and one given there is not repeated back', async () => {
    for (const args of [['pull', auditorKey], ['pull', '--concurrency', auditorKey]]) {
      const result = await pullCli()([...args, '--base-url', baseUrl]);
      expect(result.code).toBe(2);
      expect(result.stderr + result.stdout).not.toContain(auditorKey.split('.')[2]);
      expect(parseErrors(result.stderr)[0]!.message).toContain(`SG.${auditorKey.split('.')[1]}.…`);
    }
    const help = await pullCli()(['pull', '--help']);
    expect(help.stdout).toContain('SENDGRID_API_KEY');
    expect(help.stdout).not.toMatch(/--(api-)?key </);
  });

  it('without api_keys.read is refused saying what to add in SendGrid; with more than needed, the summary warns', async () => {
    const narrow = source.keys.create(source.owner(), { name: 'Mail only', scopes: ['mail.send'] }).api_key;
    const refused = await pullCli()(['pull', '--base-url', baseUrl], { env: { SENDGRID_API_KEY: narrow } });
    expect(refused.code).toBe(1);
    expect(parseErrors(refused.stderr)).toEqual([
      { field: 'SENDGRID_API_KEY', message: expect.stringMatching(/lacks api_keys\.read.*Restricted Access and API Keys: Read Access$/) },
      { field: null, message: 'nothing was written: the store is as it was before the pull' },
    ]);

    const broad = source.keys.create(source.owner(), { name: 'Too broad', scopes: ['api_keys.read', 'mail.send', 'stats.read'] }).api_key;
    const warned = await pullCli()(['pull', '--base-url', baseUrl], { env: { SENDGRID_API_KEY: broad } });
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stdout).toContain('Warning: the key holds 2 scopes the pull does not need (mail.send, stats.read).');
  });

  it('plain http goes only to this machine', async () => {
    const result = await pullCli()(['pull', '--base-url', 'http://api.sendgrid.com'], { env: { SENDGRID_API_KEY: auditorKey } });
    expect(result.code).toBe(1);
    expect(parseErrors(result.stderr)).toEqual([{ field: '--base-url', message: expect.stringMatching(/must use https:\/\//) }]);
  });
});

describe('Ctrl-C', () => {
  let slow: StandIn;
  beforeAll(async () => {
    slow = await startStandIn({ keys: [{ api_key_id: 'slowslowslowslowslow12', name: 'slow', scopes: ['mail.send'] }], subusers: {} });
    slow.fault = (request) => (request.path.startsWith('/v3/api_keys/') ? { kind: 'delay', ms: 20_000 } : null);
  });
  afterAll(() => slow.close());

  it('cancels a pull in flight: exit 130, a message, and nothing written', async () => {
    const before = storeRows(dest);
    const child = spawn(process.execPath, [CLI, '--db', dest, 'pull', '--base-url', slow.url, '--progress'], {
      env: { ...process.env, SENDGRID_API_KEY: slow.key, KEYDESK_API_KEY: undefined } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupt once the slow key read is in flight.
    while (!slow.requests.some((r) => r.path.startsWith('/v3/api_keys/'))) await new Promise((resolve) => setTimeout(resolve, 20));
    const interrupted = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - interrupted).toBeLessThan(5_000);
    expect(stdout).toBe('');
    expect(parseErrors(stderr)).toEqual([{ field: null, message: 'the pull was cancelled: nothing was written' }]);
    expect(storeRows(dest)).toEqual(before);
  });
});
