/**
 * Hostile content: key names holding HTML or script are kept as the text they are and come back
 * byte for byte (the app renders them as text; every door answers JSON, never HTML); names with
 * text-direction overrides or control characters, and names of 10 MB, are refused at every door
 * (IPC, CLI, local API, import) with a clear error that does not echo them, and change nothing.
 * Command-line input that is not plain text (control characters, bytes that are not UTF-8, in
 * arguments or on stdin) gets a clear error too.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, cliFor, outcomeOf, parseErrors, storeRows, type CliResult } from '../helpers/cli.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { startLocalApi } from '../../main/server/local-api.ts';
import { createServices } from '../../main/services/services.ts';
import { rawRequest } from '../helpers/local-api.ts';
import { runCliBatch } from './support/processes.ts';

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

interface Envelope {
  readonly ok: boolean;
  readonly data?: { readonly api_key_id: string; readonly name: string };
  readonly code?: string;
  readonly errors?: readonly { readonly field: string | null; readonly message: string }[];
}
const call = (channel: string, input?: unknown) => host.ipc.invoke(channel, appFrame, input) as Promise<Envelope>;

const MARKUP = [
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '{{constructor.constructor("alert(1)")()}}',
  '&lt;b&gt;not bold&lt;/b&gt;',
];
const DIRECTION = ['invoice\u202Efdp.exe', 'a\u2066b\u2069', 'x\u200Fy', 'x\u061Cy'];
const CONTROL = ['bell\u0007', 'escape \u001b[31mred', 'two\nlines', 'nul\u0000'];
const HUGE = 'x'.repeat(10 * 1024 * 1024);
const DIRECTION_ERROR = 'name must not contain control or text-direction characters';

describe('names with markup are text, kept and returned exactly', () => {
  it('through the app, the CLI and the local API, always as JSON', async () => {
    const ids: string[] = [];
    for (const name of MARKUP) {
      const created = await call('keys:create', { name, scopes: ['mail.send'] });
      expect(created).toMatchObject({ ok: true, data: { name } });
      ids.push(created.data!.api_key_id);
      expect(await call('keys:get', { api_key_id: created.data!.api_key_id })).toMatchObject({ ok: true, data: { name } });
    }
    const [json, table] = (await runCliBatch(host.path, [['keys', 'list', '--json'], ['keys', 'list']])).results.map((r) => r.stdout);
    const listed = JSON.parse(json!) as { result: { name: string }[] };
    expect(listed.result.map((k) => k.name).sort()).toEqual([...MARKUP].sort());
    // The terminal table prints them as they are: to a terminal, markup is text.
    for (const name of MARKUP) expect(table).toContain(name);

    const api = await startLocalApi(createServices(host.store, host.clock), { port: 0 });
    try {
      const admin = host.keys.create(host.owner(), { name: 'admin' });
      const response = await rawRequest(api.port, { path: `/v3/api_keys/${ids[0]}`, key: admin.api_key });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ name: MARKUP[0] });
    } finally {
      await api.close();
    }
  });
});

describe('names with direction overrides, control characters or 10 MB are refused everywhere, changing nothing', () => {
  it('through the app', async () => {
    const key = await call('keys:create', { name: 'fine', scopes: ['mail.send'] });
    const before = storeRows(host.path);
    for (const name of [...DIRECTION, ...CONTROL]) {
      expect(await call('keys:create', { name, scopes: ['mail.send'] })).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        errors: [{ field: 'name', message: DIRECTION_ERROR }],
      });
      expect(await call('keys:rename', { api_key_id: key.data!.api_key_id, name })).toMatchObject({
        ok: false,
        errors: [{ field: 'name', message: DIRECTION_ERROR }],
      });
    }
    const huge = await call('keys:create', { name: HUGE, scopes: ['mail.send'] });
    expect(huge).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'name' }] });
    expect(JSON.stringify(huge).length).toBeLessThan(300);
    expect(storeRows(host.path)).toEqual(before);
  });

  it('through the local API: a direction override is a 400, 10 MB a 413', async () => {
    const admin = host.keys.create(host.owner(), { name: 'admin' });
    const api = await startLocalApi(createServices(host.store, host.clock), { port: 0 });
    // The key's first use is recorded (then at most once a minute): let that happen before the snapshot.
    expect((await rawRequest(api.port, { path: '/v3/scopes', key: admin.api_key })).status).toBe(200);
    const before = storeRows(host.path);
    try {
      const rtl = await rawRequest(api.port, { method: 'POST', path: '/v3/api_keys', key: admin.api_key, body: { name: DIRECTION[0], scopes: ['mail.send'] } });
      expect(rtl.status).toBe(400);
      expect(rtl.body).toEqual({ errors: [{ field: 'name', message: DIRECTION_ERROR }] });
      const huge = await rawRequest(api.port, { method: 'POST', path: '/v3/api_keys', key: admin.api_key, body: { name: HUGE, scopes: ['mail.send'] } });
      expect(huge.status).toBe(413);
      expect(huge.text.length).toBeLessThan(300);
    } finally {
      await api.close();
    }
    expect(storeRows(host.path)).toEqual(before);
  });

  it('through the CLI (arguments and import files), with errors that name the field and never echo the text', async () => {
    const dir = host.dir;
    const file = (name: string, content: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const inFile = (name: string) => JSON.stringify({ result: [{ api_key_id: id, name, scopes: ['mail.send'] }] });
    const before = storeRows(host.path);
    const { results } = await runCliBatch(host.path, [
      ['keys', 'create', '--name', DIRECTION[0]!, '--scopes', 'mail.send'],
      ['keys', 'create', '--name', 'y'.repeat(100_000), '--scopes', 'mail.send'],
      ['accounts', 'create', DIRECTION[0]!],
      ['verify', '--caller', DIRECTION[0]!],
      ['keys', 'create', '--name', CONTROL[1]!, '--scopes', 'mail.send'],
      ['keys', 'create', `--name=${CONTROL[0]}`, '--scopes', 'mail.send'],
      ['keys', 'show', `${id}\u001b]0;pwned\u0007`],
      ['import', file('rtl.json', inFile(DIRECTION[0]!))],
      ['import', file('escaped-control.json', inFile('bell\u0007'))],
      ['import', file('raw-control.json', `{"result":[{"api_key_id":"${id}","name":"raw\u001bescape","scopes":[]}]}`)],
      ['import', file('huge.json', inFile(HUGE))],
      ['import', file('latin1.json', Buffer.concat([Buffer.from(`{"result":[{"api_key_id":"${id}","name":"caf`), Buffer.from([0xe9]), Buffer.from('"}]}')]))],
    ]);
    const outcome = (r: CliResult) => ({ code: r.code, stdout: r.stdout, errors: parseErrors(r.stderr) });
    expect(results.map(outcome)).toEqual([
      { code: 1, stdout: '', errors: [{ field: 'name', message: DIRECTION_ERROR }] },
      { code: 1, stdout: '', errors: [{ field: 'name', message: 'name must be at most 100 characters' }] },
      { code: 1, stdout: '', errors: [{ field: 'name', message: DIRECTION_ERROR }] },
      { code: 1, stdout: '', errors: [{ field: '--caller', message: 'the label must not contain control or text-direction characters' }] },
      { code: 2, stdout: '', errors: [{ field: '--name', message: 'contains a control character (U+001B)' }] },
      { code: 2, stdout: '', errors: [{ field: '--name', message: 'contains a control character (U+0007)' }] },
      // Counted as `keydesk` counts them: --db and its value come first.
      { code: 2, stdout: '', errors: [{ field: 'argument 5', message: 'contains a control character (U+001B)' }] },
      { code: 1, stdout: '', errors: [{ field: 'result[0].name', message: DIRECTION_ERROR }] },
      { code: 1, stdout: '', errors: [{ field: 'result[0].name', message: DIRECTION_ERROR }] },
      { code: 1, stdout: '', errors: [{ field: 'file', message: expect.stringMatching(/^not valid JSON at line 1, column \d+$/) }] },
      { code: 1, stdout: '', errors: [{ field: 'result[0].name', message: 'name must be at most 100 characters' }] },
      { code: 1, stdout: '', errors: [{ field: 'file', message: 'the file is not UTF-8 text' }] },
    ]);
    // Nothing hostile was echoed back (JSON would escape controls, but not direction marks).
    const printed = results.map((r) => r.stdout + r.stderr).join('');
    for (const hostile of ['\u202E', '\u2066', '\u0007', '\u001b[31m', 'yyyyy', 'xxxxx']) expect(printed).not.toContain(hostile);
    expect(storeRows(host.path)).toEqual(before);
  });
});

/** The real CLI with raw argument bytes: a shell builds them with printf, as a mis-encoded script would. */
function cliWithRawArgs(db: string, shellArgs: string, stdin: Uint8Array = new Uint8Array()): Promise<CliResult> {
  const env = { ...process.env };
  delete env.KEYDESK_API_KEY;
  return outcomeOf(spawn('/bin/sh', ['-c', `exec "$0" "$1" --db "$2" ${shellArgs}`, process.execPath, CLI, db], { env }), stdin);
}

describe('command-line input that is not plain text', () => {
  it('an argument whose bytes are not UTF-8 (Latin-1 "café") is refused, not stored as replacement characters', async () => {
    const before = storeRows(host.path);
    const result = await cliWithRawArgs(host.path, `keys create --name "$(printf 'caf\\351')" --scopes mail.send`);
    expect(result.code).toBe(2);
    expect(parseErrors(result.stderr)).toEqual([{ field: '--name', message: 'not valid UTF-8 text: check the terminal or script encoding' }]);
    expect(storeRows(host.path)).toEqual(before);
  });

  it('verify: stdin that is not UTF-8, or holds more than one line, is refused without echoing it', async () => {
    const key = host.keys.create(host.owner(), { name: 'real', scopes: ['mail.send'] });
    const cli = cliFor(host.path);
    const latin1 = await cli(['verify'], { stdin: Buffer.concat([Buffer.from(key.api_key), Buffer.from([0xff, 0xfe])]) });
    expect(latin1.code).toBe(1);
    expect(parseErrors(latin1.stderr)).toEqual([{ field: 'stdin', message: 'stdin is not UTF-8 text' }]);
    // Two lines, the second with a terminal escape sequence.
    const twoKeys = await cli(['verify'], { stdin: `${key.api_key}\n\u001b[2J${key.api_key}\n` });
    expect(twoKeys.code).toBe(1);
    expect(parseErrors(twoKeys.stderr)).toEqual([{ field: 'stdin', message: 'expected one key on one line; stdin holds control characters or several lines' }]);
    for (const result of [latin1, twoKeys]) expect(result.stdout + result.stderr).not.toContain(key.api_key.split('.')[2]);
  });
});
