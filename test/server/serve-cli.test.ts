/** `keydesk serve` as a real process: it serves the store, stops cleanly on a signal, and logs no key. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, cliFor, emptyStoreIn, parseErrors } from '../helpers/cli.ts';
import { percentEncodeEvery, rawRequest, secretPiecesIn } from '../helpers/local-api.ts';
import { tempDir } from '../helpers/temp-store.ts';

let dir: string;
let db: string;
const running: ChildProcessWithoutNullStreams[] = [];
beforeEach(() => {
  dir = tempDir();
  db = emptyStoreIn(dir);
});
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Server {
  readonly port: number;
  /** Sends `signal` and resolves with the exit code and everything written to stderr. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }>;
}

/** Starts `keydesk serve` and resolves once it prints where it listens. */
function serve(args: string[]): Promise<Server> {
  const env = { ...process.env };
  delete env.KEYDESK_API_KEY;
  const child = spawn(process.execPath, [CLI, '--db', db, 'serve', '--port', '0', ...args], { env });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      if (port) {
        resolve({
          port: Number(port),
          stop: async (signal) => {
            child.kill(signal);
            return { code: await exited, stderr };
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

it('serves the store on 127.0.0.1 and exits 0 on SIGTERM and on Ctrl-C (SIGINT)', async () => {
  const created = await cliFor(db)(['keys', 'create', '--name', 'served', '--level', 'api_keys=full', '--json']);
  const { api_key, api_key_id } = JSON.parse(created.stdout) as { api_key: string; api_key_id: string };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const server = await serve([]);
    const listed = await rawRequest(server.port, { path: '/v3/api_keys', key: api_key });
    expect(listed.body).toEqual({ result: [{ name: 'served', api_key_id }] });
    const { code, stderr } = await server.stop(signal);
    expect(code).toBe(0);
    expect(stderr).toContain(`${signal}: finishing requests in flight, then stopping.`);
    expect(stderr).not.toContain('"level"'); // no request log unless asked for
  }
});

it('--log writes one JSON line per request to stderr, with no key in it', async () => {
  const created = await cliFor(db)(['keys', 'create', '--name', 'logged', '--full', '--json']);
  const { api_key } = JSON.parse(created.stdout) as { api_key: string };
  const server = await serve(['--log']);
  await rawRequest(server.port, { path: '/v3/scopes', key: api_key });
  const made = await rawRequest(server.port, { method: 'POST', path: '/v3/api_keys', key: api_key, body: { name: 'new', scopes: ['mail.send'] } });
  const { stderr } = await server.stop('SIGTERM');
  expect(stderr).toMatch(/"url":"\/v3\/scopes"/);
  expect(stderr).toMatch(/"statusCode":201/);
  for (const key of [api_key, (made.body as { api_key: string }).api_key]) expect(stderr).not.toContain(key.split('.')[2]);
  expect(stderr).not.toMatch(/authorization|bearer/i);
});

it('--log: a key percent-encoded into the path, the query and a header is nowhere in the output', async () => {
  const created = await cliFor(db)(['keys', 'create', '--name', 'encoded', '--full', '--json']);
  const { api_key } = JSON.parse(created.stdout) as { api_key: string };
  const encoded = percentEncodeEvery(api_key, 20);
  const server = await serve(['--log']);
  const found = await rawRequest(server.port, { path: `/v3/api_keys/${encoded}?key=${encoded}`, key: api_key, headers: { 'x-api-key': encoded } });
  expect(found.status).toBe(404);
  const { stderr } = await server.stop('SIGTERM');
  expect(stderr).toMatch(/"url":"\/v3\/api_keys\/\[redacted\]\?key=\[redacted\]"/);
  expect(stderr).toMatch(/"x-api-key":"\[redacted\]"/);
  expect(secretPiecesIn(stderr, api_key.split('.')[2]!)).toEqual([]);
});

it('rejects a bad --port as a usage error (exit 2), and a port in use with exit 1', async () => {
  const cli = cliFor(db);
  const bad = await cli(['serve', '--port', 'eighty']);
  expect(bad.code).toBe(2);
  expect(parseErrors(bad.stderr)[0]).toMatchObject({ field: '--port', message: expect.stringMatching(/expected a port from 0 to 65535/) });

  const server = await serve([]);
  const clash = await cli(['serve', '--port', String(server.port)]);
  expect(clash.code).toBe(1);
  expect(parseErrors(clash.stderr)).toEqual([{ field: 'port', message: `port ${server.port} is already in use` }]);
  await server.stop('SIGTERM');
});

it('--log writes exactly one line per request, answered or refused: method, path, status and time', async () => {
  const created = await cliFor(db)(['keys', 'create', '--name', 'logged', '--full', '--json']);
  const { api_key } = JSON.parse(created.stdout) as { api_key: string };
  const server = await serve(['--log']);
  await rawRequest(server.port, { path: '/v3/scopes', key: api_key });
  await rawRequest(server.port, { path: '/v3/api_keys' }); // no key: 401
  await rawRequest(server.port, { path: '/v3/nothing-here', key: api_key }); // 404
  await rawRequest(server.port, { method: 'POST', path: '/v3/api_keys', key: api_key, body: { name: '' } }); // 400
  const { stderr } = await server.stop('SIGTERM');
  const logged = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
  const requests = logged.filter((line) => line.req);
  expect(requests.map((line) => [line.req!.method, line.req!.url, line.res!.statusCode])).toEqual([
    ['GET', '/v3/scopes', 200],
    ['GET', '/v3/api_keys', 401],
    ['GET', '/v3/nothing-here', 404],
    ['POST', '/v3/api_keys', 400],
  ]);
  for (const line of requests) expect(line.responseTime).toBeGreaterThan(0);
  // Besides them, only the line saying where it listens: no "incoming request", no "route not found".
  expect(logged.filter((line) => !line.req).map((line) => line.msg)).toEqual([expect.stringMatching(/^Server listening at http:\/\/127\.0\.0\.1:\d+$/)]);
  expect(stderr).not.toMatch(/Deprecation|Warning/);
});
