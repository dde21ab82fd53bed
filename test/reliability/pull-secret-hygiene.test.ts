/**
 * The key used for pulling is written nowhere. A session pulls a SendGrid account (a `keydesk
 * serve` with its request log on, and a stand-in that echoes the key back in an error) through
 * the CLI (JSON, text, progress, stdin, refusals) and the app's IPC (with its progress events),
 * then reads the result every way there is: log, verify, export, audit, list. Afterwards a byte
 * scan finds the key, whole or its secret part, as text, hex or UTF-16, in none of the store's
 * files (-wal and -shm too, before and after the checkpoint), the settings, the exports, the
 * source store, the request log, any output, IPC reply or progress event.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, type CliResult } from '../helpers/cli.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { filesUnder, hits as countHits } from '../helpers/secret-scan.ts';
import { startStandIn, type StandIn } from '../helpers/sendgrid-stand-in.ts';
import { openTempStore, type TempStore } from '../helpers/temp-store.ts';
import { startCli, type RunningCli } from './support/processes.ts';

let host: IpcHost;
let source: TempStore;
let server: RunningCli;
let echoing: StandIn;
let pullingKey: string;
const outputs: { what: string; text: string }[] = [];
const hits = (bytes: Buffer) => countHits(bytes, [pullingKey]);

beforeAll(async () => {
  // ---- The account to pull: a parent and a subuser, served by keydesk serve with its request log.
  source = openTempStore();
  source.accounts.create(source.owner(), { name: 'acme-eu', parent: 'default' });
  pullingKey = source.keys.create(source.owner(), { name: 'Auditor', scopes: ['api_keys.read', 'subusers.read', 'mail.send'] }).api_key;
  source.keys.create(source.owner(), { name: 'Mailer', scopes: ['mail.send'] });
  source.keys.create(source.owner('acme-eu'), { name: 'EU mailer', scopes: ['mail.send'] });
  server = startCli(source.path, ['serve', '--port', '0', '--log']);
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec((await server.waitForStdout(/listening on/))!)![1]!;
  // A server that quotes the Authorization header back in its error: the message must not carry it on.
  echoing = await startStandIn({ keys: [], subusers: {} });
  echoing.fault = (request) => ({ kind: 'status', status: 400, body: { errors: [{ field: null, message: `bad header: ${request.authorization}` }] } });

  host = openIpcHost();
  const cli = cliFor(host.path);
  const record = (what: string, result: CliResult) => outputs.push({ what, text: result.stdout + result.stderr });
  const env = { SENDGRID_API_KEY: pullingKey };

  // ---- The CLI.
  for (const args of [
    ['pull', '--base-url', url, '--subusers', '--json'],
    ['pull', '--base-url', url, '--subusers', '--progress'],
    ['pull', '--base-url', url, '--concurrency', '1'],
  ]) {
    const result = await cli(args, { env });
    expect(result.code, result.stderr).toBe(0);
    record(args.join(' '), result);
  }
  const stdin = await cli(['pull', '--base-url', url, '--key-stdin', '--json'], { stdin: `${pullingKey}\n` });
  expect(stdin.code, stdin.stderr).toBe(0);
  record('pull --key-stdin', stdin);
  for (const [what, args] of [
    ['refused by an echoing server', ['pull', '--base-url', echoing.url]],
    ['refused: plain http elsewhere', ['pull', '--base-url', 'http://example.com']],
    ['refused: the key as an argument', ['pull', pullingKey]],
  ] as const) {
    const result = await cli(args, { env });
    expect(result.code).not.toBe(0);
    record(what, result);
  }
  for (const args of [['log', '--json', '--all'], ['log', '--verify'], ['audit', '--json', '--all-accounts'], ['keys', 'list', '--json', '--details'], ['export', '--format', 'json', '--out', join(host.dir, 'exports.json')], ['export', '--format', 'csv']]) {
    const result = await cli(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    record(args.join(' '), result);
  }

  // ---- The app: a pull through IPC, a refused one, and the views after them.
  const pulled = await host.ipc.invoke('pull:start', appFrame, { api_key: pullingKey, base_url: url, subusers: true });
  expect(pulled).toMatchObject({ ok: true });
  outputs.push({ what: 'ipc pull:start', text: JSON.stringify(pulled) });
  const refused = await host.ipc.invoke('pull:start', appFrame, { api_key: pullingKey, base_url: echoing.url });
  expect(refused).toMatchObject({ ok: false });
  outputs.push({ what: 'ipc pull:start refused', text: JSON.stringify(refused) });
  const malformed = await host.ipc.invoke('pull:start', appFrame, { api_key: `${pullingKey}\n${pullingKey}`, base_url: url });
  expect(malformed).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  outputs.push({ what: 'ipc pull:start malformed key', text: JSON.stringify(malformed) });
  for (const channel of ['keys:list', 'audit:list', 'audit:verify', 'accounts:list', 'audit:findings']) {
    outputs.push({ what: `ipc ${channel}`, text: JSON.stringify(await host.ipc.invoke(channel, appFrame, {})) });
  }
  outputs.push({ what: 'ipc events', text: JSON.stringify(host.events) });

  server.child.kill('SIGTERM');
  await server.exited;
  outputs.push({ what: 'serve stdout and request log', text: server.stdout() + server.stderr() });
}, 180_000);
afterAll(async () => {
  host.close();
  source.close();
  await echoing.close();
});

describe('the pulling key after a pull session', () => {
  it('was used (the control: the echoing server did receive it, and the pulls read the account)', () => {
    expect(echoing.requests.some((r) => r.authorization === `Bearer ${pullingKey}`)).toBe(true);
    expect(host.store.keys.listLive(1).map((k) => k.name).sort()).toEqual(['Auditor', 'Mailer']);
    expect(host.events.some((e) => e.event === 'pull:progress')).toBe(true);
  });

  it('is in no file: the store (with -wal and -shm), settings, exports, the source store', () => {
    const files = [...filesUnder(host.dir), ...filesUnder(source.dir)];
    const names = files.map((f) => relative(host.dir, f));
    expect(names).toEqual(expect.arrayContaining(['keydesk.db', 'keydesk.db-wal', 'keydesk.db-shm', 'settings/settings.json', 'exports.json']));
    expect(files.map((f) => [relative(host.dir, f), hits(readFileSync(f))])).toEqual(names.map((n) => [n, 0]));
  });

  it('is in no output, error, IPC reply, progress event or request log', () => {
    expect(outputs.length).toBeGreaterThan(20);
    expect(outputs.map(({ what, text }) => [what, hits(Buffer.from(text))])).toEqual(outputs.map(({ what }) => [what, 0]));
    // The echoed text did come through, with the key taken out.
    expect(outputs.find((o) => o.what === 'refused by an echoing server')!.text).toContain('bad header: Bearer [the key]');
  });

  it('is in no store file after its log is folded into it, either', () => {
    host.store.close();
    expect(hits(readFileSync(host.path))).toBe(0);
  });
});
