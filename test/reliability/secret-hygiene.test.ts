/**
 * Secret hygiene: an end-to-end session creates, rolls, verifies, exports, imports, audits and
 * logs keys through the CLI, the app's IPC and the local API, collecting every secret it is shown.
 * Afterwards no secret appears anywhere else: not in the store (file, -wal, -shm, before and after
 * the checkpoint), the settings file, the exports, the request log, or any output of any command
 * other than the one-time reveal itself. Searched as text, hex and UTF-16, whole key and secret part.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, type CliResult } from '../helpers/cli.ts';
import { rawRequest } from '../helpers/local-api.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { runCliBatch, startCli, type BatchResult } from './support/processes.ts';
import { filesUnder, hits as countHits } from '../helpers/secret-scan.ts';

let host: IpcHost;
/** Every secret the session was shown, where it was shown. */
const secrets: string[] = [];
/** Everything every command printed, except the one-time reveals of a new secret. */
const outputs: { what: string; text: string }[] = [];
/** The file planted for `leaks` to find: the one place a secret is meant to be. */
let planted: string;

const keyFromStdout = (result: CliResult) => {
  expect(result.code).toBe(0);
  const key = result.stdout.trim();
  expect(key).toMatch(/^SG\.[\w-]{22}\.[\w-]{43}$/);
  secrets.push(key);
  // The reveal goes to stdout alone; whatever went to stderr must not hold it.
  outputs.push({ what: 'reveal stderr', text: result.stderr });
  return key;
};

/** Runs commands in one CLI process; what the process itself printed is scanned too. */
async function cliBatch(commands: readonly (readonly string[])[]): Promise<BatchResult[]> {
  const { results, stderr } = await runCliBatch(host.path, commands);
  outputs.push({ what: 'cli batch process', text: stderr });
  return results;
}

beforeAll(async () => {
  host = openIpcHost();
  const cli = cliFor(host.path);
  const record = (what: string, result: CliResult) => outputs.push({ what, text: result.stdout + result.stderr });

  // ---- The CLI: create and roll (the reveals), verify, export, import, audit, log.
  const [plainCreated, jsonCreated] = await cliBatch([
    ['keys', 'create', '--name', 'cli plain', '--scopes', 'mail.send'],
    ['keys', 'create', '--name', 'cli json', '--level', 'mail_send=full', '--json'],
  ]);
  const plain = keyFromStdout(plainCreated!);
  const created = JSON.parse(jsonCreated!.stdout) as { api_key: string; api_key_id: string };
  secrets.push(created.api_key);
  outputs.push({ what: 'create --json stderr', text: jsonCreated!.stderr });
  const plainId = plain.split('.')[1]!;
  const exports = join(host.dir, 'exports');
  mkdirSync(exports);
  const [rolledPlain, rolledJson, ...rest] = await cliBatch([
    ['keys', 'roll', plainId, '--grace', '1h'],
    ['keys', 'roll', created.api_key_id, '--json'],
    ['export', '--format', 'csv', '--out', join(exports, 'keys.csv')],
    ['export', '--format', 'json', '--out', join(exports, 'keys.json')],
    // The export read back into another store, as a migration between machines would.
    ['--db', join(host.dir, 'elsewhere.db'), 'import', join(exports, 'keys.json'), '--json'],
    ['log'],
    ['log', '--json', '--all'],
    ['log', '--verify'],
    ['audit', '--json', '--all-accounts'],
    ['keys', 'list', '--json', '--details'],
    ['keys', 'show', plainId, '--json', '--details'],
    ['keys', 'list'],
  ]);
  keyFromStdout(rolledPlain!);
  secrets.push((JSON.parse(rolledJson!.stdout) as { api_key: string }).api_key);
  outputs.push({ what: 'roll --json stderr', text: rolledJson!.stderr });
  for (const result of rest) {
    expect(result.code, result.stderr).toBe(0);
    record(`keydesk ${result.args.join(' ')}`, result);
  }
  // verify reads its key from stdin: a process of its own, once with a good key, once with a bad one.
  record('verify', await cli(['verify', '--caller', 'hygiene'], { stdin: `${plain}\n` }));
  record('verify (wrong secret)', await cli(['verify'], { stdin: `${plain.slice(0, -1)}x\n` }));
  // A real secret, refused: the one rolled away without grace.
  const retired = await cli(['verify'], { stdin: `${created.api_key}\n` });
  expect(retired.code).toBe(1);
  record('verify (rolled-away secret)', retired);

  // ---- The app: create, copy to the clipboard, settings, audit.
  const app = (await host.ipc.invoke('keys:create', appFrame, { name: 'app key' })) as { data: { api_key: string } };
  secrets.push(app.data.api_key);
  await host.ipc.invoke('clipboard:copy-secret', appFrame, { text: app.data.api_key });
  await host.ipc.invoke('settings:set', appFrame, { theme: 'dark', lastAccount: 'default' });
  for (const channel of ['keys:list', 'audit:list', 'audit:verify', 'accounts:list']) {
    outputs.push({ what: `ipc ${channel}`, text: JSON.stringify(await host.ipc.invoke(channel, appFrame, {})) });
  }

  // ---- The local API, served by the CLI with its request log on.
  const server = startCli(host.path, ['serve', '--port', '0', '--log']);
  const port = Number(/:(\d+) /.exec((await server.waitForStdout(/listening on/))!)![1]);
  const made = await rawRequest(port, { method: 'POST', path: '/v3/api_keys', key: app.data.api_key, body: { name: 'api key', scopes: ['mail.send'] } });
  expect(made.status).toBe(201);
  const apiKey = (made.body as { api_key: string }).api_key;
  secrets.push(apiKey);
  for (const req of [
    { path: '/v3/scopes', key: apiKey },
    { path: '/v3/api_keys', key: app.data.api_key },
    { path: '/v3/api_keys', key: `${apiKey.slice(0, -1)}x` }, // a wrong secret: 401, and the log must not keep it
    { path: `/v3/api_keys?token=${apiKey}`, key: app.data.api_key }, // a key pasted into a query string
  ]) {
    const response = await rawRequest(port, req);
    outputs.push({ what: `GET ${req.path.slice(0, 20)}`, text: response.text });
  }
  server.child.kill('SIGTERM');
  await server.exited;
  outputs.push({ what: 'serve stdout and request log', text: server.stdout() + server.stderr() });

  // ---- The leak check finds a planted secret and reports it redacted.
  const repo = join(host.dir, 'repo');
  mkdirSync(repo);
  planted = join(repo, 'config.env');
  writeFileSync(planted, `SENDGRID_API_KEY=${plain}\n`);
  const leaks = await cli(['leaks', repo, '--json']);
  expect(leaks.code).toBe(1); // a live key found
  record('leaks', leaks);
}, 120_000);
afterAll(() => host.close());

const hits = (bytes: Buffer): number => countHits(bytes, secrets);

describe('secret hygiene after an end-to-end session', () => {
  it('the session was shown its secrets (and the planted one is found, as the control)', () => {
    expect(secrets.length).toBe(6); // two created and two rolled by the CLI, one created by the app, one by the local API
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(hits(readFileSync(planted))).toBeGreaterThan(0);
  });

  it('no secret in any file: the store (with -wal and -shm), settings, exports, anything else', () => {
    const files = filesUnder(host.dir).filter((f) => f !== planted);
    const names = files.map((f) => relative(host.dir, f));
    expect(names).toEqual(
      expect.arrayContaining(['keydesk.db', 'keydesk.db-wal', 'keydesk.db-shm', 'settings/settings.json', 'exports/keys.csv', 'exports/keys.json', 'elsewhere.db']),
    );
    expect(files.map((f) => [relative(host.dir, f), hits(readFileSync(f))])).toEqual(names.map((n) => [n, 0]));
  });

  it('no secret in any output of any command, IPC reply or request log, beyond the one-time reveals', () => {
    expect(outputs.length).toBeGreaterThan(20);
    expect(outputs.map(({ what, text }) => [what, hits(Buffer.from(text))])).toEqual(outputs.map(({ what }) => [what, 0]));
  });

  it('no secret in the store after its log is folded into the file, either', () => {
    host.store.close();
    expect(hits(readFileSync(host.path))).toBe(0);
  });
});
