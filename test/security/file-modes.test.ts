/**
 * Files holding key data are private to the user (POSIX): after create, upgrade, backup and
 * restore, every file in Keydesk's data folder is 0600 and the folder 0700, for new stores and for
 * those an older Keydesk left readable by others. The CLI runs as a real process under umask 000,
 * so nothing here is owed to a careful umask.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, defaultDataDir } from '../../main/store/location.ts';
import { CLI, outcomeOf, type CliResult } from '../helpers/cli.ts';
import { rawRequest } from '../helpers/local-api.ts';
import { storeAtPreviousSchema } from '../helpers/store-files.ts';
import { tempDir } from '../helpers/temp-store.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;
/** Every entry of `folder` with its mode, as `name: 0o600` text, so a failure names the file. */
const modesIn = (folder: string) => Object.fromEntries(readdirSync(folder).map((name) => [name, `0o${modeOf(join(folder, name)).toString(8)}`]));
const allPrivate = (folder: string) => Object.fromEntries(readdirSync(folder).map((name) => [name, '0o600']));

let home: string;
let folder: string;
let store: string;
const running: ChildProcessWithoutNullStreams[] = [];

/** The CLI as a process with the data folder under `home` and umask 000: files it makes are 0666 unless it says otherwise. */
function keydesk(args: readonly string[]): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: home, HOME: home, APPDATA: home };
  delete env.KEYDESK_DB;
  delete env.KEYDESK_API_KEY;
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, CLI, ...args], { env });
  running.push(child);
  return child;
}

const run = (args: readonly string[]): Promise<CliResult> => outcomeOf(keydesk(args), '');

/** `keydesk serve` holding the store open (so its -wal and -shm exist) until `stop()`. */
async function serving(): Promise<{ port: number; stop(): Promise<void> }> {
  const child = keydesk(['serve', '--port', '0']);
  const closed = new Promise((resolve) => child.on('close', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const found = /127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (found) resolve(Number(found));
    });
    void closed.then(() => reject(new Error('serve exited')));
  });
  return { port, stop: async () => void (child.kill('SIGTERM'), await closed) };
}

beforeEach(() => {
  home = tempDir('keydesk-modes-');
  folder = defaultDataDir({ XDG_CONFIG_HOME: home, APPDATA: home });
  store = join(folder, DATABASE_FILE);
});
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('file modes (POSIX)', () => {
  it('create: the data folder is made 0700, and the store, its -wal and -shm are 0600', async () => {
    const created = await run(['keys', 'create', '--name', 'first', '--full', '--json']);
    expect(created.code).toBe(0);
    expect(modeOf(folder)).toBe(0o700);
    expect(modesIn(folder)).toEqual({ [DATABASE_FILE]: '0o600' });

    const server = await serving();
    const key = (JSON.parse(created.stdout) as { api_key: string }).api_key;
    expect((await rawRequest(server.port, { method: 'POST', path: '/v3/api_keys', key, body: { name: 'through the API' } })).status).toBe(201);
    expect(Object.keys(modesIn(folder)).sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);
    expect(modesIn(folder)).toEqual(allPrivate(folder));
    await server.stop();
  });

  it('upgrade and backup: an older store left readable by others (folder 0755, files 0644) is made private, and its backup is 0600', async () => {
    mkdirSync(folder, { recursive: true });
    storeAtPreviousSchema(store);
    // What an older Keydesk left: everything readable by others, a backup and a restored-over copy among them.
    copyFileSync(store, `${store}.schema-1.2025-12-01T09-00-00-000Z.backup`);
    copyFileSync(store, `${store}.replaced-2025-12-02T09-00-00-000Z`);
    writeFileSync(join(folder, 'settings.json'), '{}');
    for (const name of readdirSync(folder)) chmodSync(join(folder, name), 0o644);
    chmodSync(folder, 0o755);

    expect((await run(['keys', 'list', '--json'])).code).toBe(0);
    expect(modeOf(folder)).toBe(0o700);
    const names = readdirSync(folder);
    expect(names.filter((n) => n.endsWith('.backup'))).toHaveLength(2); // the old one and the upgrade's
    // settings.json is the app's, made private when the app opens it (test/unit/settings/settings-file.test.ts).
    expect(modesIn(folder)).toEqual({ ...allPrivate(folder), 'settings.json': '0o644' });
  });

  it('restore: the restored store and the replaced one kept aside are 0600, even from a 0644 backup outside the folder', async () => {
    expect((await run(['keys', 'create', '--name', 'before', '--full'])).code).toBe(0);
    const elsewhere = join(home, 'copies');
    mkdirSync(elsewhere);
    const outside = join(elsewhere, 'keydesk.db.schema-4.2026-01-01T00-00-00-000Z.backup');
    copyFileSync(store, outside);
    chmodSync(outside, 0o644);

    const restored = await run(['restore-backup', outside, '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const { replaced_file } = JSON.parse(restored.stdout) as { replaced_file: string };
    expect(dirname(replaced_file)).toBe(folder);
    expect(modesIn(folder)).toEqual(allPrivate(folder));
    expect(Object.keys(modesIn(folder))).toHaveLength(2);
    expect(modeOf(folder)).toBe(0o700);
    expect((await run(['keys', 'list', '--json'])).code).toBe(0);
    expect(modesIn(folder)).toEqual(allPrivate(folder));
  });

  // (A --db in a folder that does not exist is refused, creating nothing: test/cli/odd-environments.test.ts.)
  it('a store the user put in a folder of their own (--db): its files are 0600, the folder is left as they made it', async () => {
    const shared = join(home, 'team');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    expect((await run(['--db', join(shared, 'keys.db'), 'keys', 'create', '--name', 'team key', '--full'])).code).toBe(0);
    expect(modeOf(shared)).toBe(0o755);
    expect(modesIn(shared)).toEqual({ 'keys.db': '0o600' });
  });
});
