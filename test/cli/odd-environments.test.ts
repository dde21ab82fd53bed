/**
 * The CLI in the odd places scripts put it: an empty store name, a store in a folder that does not
 * exist, a reader that stops reading, a read-only store, a full disk, an import file nested 100,000
 * deep. Each gets its exit code, a message that says what is wrong and where, and leaves the disk
 * as it was: no throwaway database, no folder made on the way, no store changed.
 *
 * The read-only and full-disk cases need a read-only or a small file system. As root (the test
 * machines) they are made in a private mount namespace (`unshare`), which nothing outside sees;
 * elsewhere a read-only folder is made with chmod. Where neither is possible they are skipped,
 * saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, cliFor, emptyStoreIn, parseErrors, runCli, storeRows } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-store.ts';

let dir: string;
beforeEach(() => (dir = tempDir('keydesk-odd-')));
afterEach(() => {
  if (existsSync(dir)) chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** Every file and folder under `root` with its content's hash: what "nothing changed on disk" compares. */
function diskState(root: string): Record<string, string> {
  const state: Record<string, string> = {};
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const name = relative(root, full);
      if (entry.isDirectory()) {
        state[`${name}/`] = 'folder';
        visit(full);
      } else {
        state[name] = createHash('sha256').update(readFileSync(full)).digest('hex');
      }
    }
  };
  visit(root);
  return state;
}

/** An import file of SendGrid's key list with `count` keys, for outputs larger than a pipe holds. */
function sendGridList(count: number): string {
  const result = Array.from({ length: count }, (_, i) => ({ api_key_id: randomBytes(16).toString('base64url'), name: `imported key number ${i}` }));
  return JSON.stringify({ result });
}

describe('an empty store name', () => {
  it('--db "" is a usage error, not a throwaway database: exit 2, and nothing is written anywhere', async () => {
    for (const db of ['', '  ']) {
      const result = await runCli(['--db', db, 'keys', 'create', '--name', 'lost', '--full'], { env: { KEYDESK_API_KEY: undefined }, cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(parseErrors(result.stderr)).toEqual([{ field: '--db', message: '--db is empty: name the key store file' }]);
    }
    expect(diskState(dir)).toEqual({});
  });

  it('KEYDESK_DB set but empty is one too', async () => {
    const result = await runCli(['keys', 'create', '--name', 'lost', '--full'], { env: { KEYDESK_DB: '', KEYDESK_API_KEY: undefined, XDG_CONFIG_HOME: dir }, cwd: dir });
    expect(result.code).toBe(2);
    expect(parseErrors(result.stderr)).toEqual([{ field: 'KEYDESK_DB', message: 'KEYDESK_DB is set but empty: name the key store file, or unset it for the default one' }]);
    expect(diskState(dir)).toEqual({});
  });
});

describe('a store that is not there', () => {
  it('a command that reads says so, exit 1, and creates neither the store nor its folders', async () => {
    for (const args of [['keys', 'list'], ['log'], ['audit'], ['export', '--format', 'csv'], ['verify']]) {
      const result = await cliFor(join(dir, 'bad/no/such/dir/k.db'))(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(parseErrors(result.stderr)[0], args.join(' ')).toEqual({ field: '--db', message: expect.stringMatching(/^no key store at .*bad\/no\/such\/dir\/k\.db: nothing was read or changed/) });
      const here = await cliFor(join(dir, 'k.db'))(args);
      expect(here.code).toBe(1);
    }
    expect(diskState(dir)).toEqual({});
  });

  it('a command that creates makes one only where its folder exists, and says so on stderr', async () => {
    const nowhere = await cliFor(join(dir, 'no/such/dir/k.db'))(['keys', 'create', '--name', 'first', '--full']);
    expect(nowhere.code).toBe(1);
    expect(parseErrors(nowhere.stderr)).toEqual([{ field: '--db', message: expect.stringMatching(/^cannot create a key store at .*no\/such\/dir\/k\.db: the folder .*no\/such\/dir does not exist$/) }]);
    expect(diskState(dir)).toEqual({});

    const made = await cliFor(join(dir, 'k.db'))(['keys', 'create', '--name', 'first', '--full']);
    expect(made.code).toBe(0);
    expect(made.stderr.split('\n')[0]).toBe(`Created a new key store at ${join(dir, 'k.db')}.`);
    const again = await cliFor(join(dir, 'k.db'))(['keys', 'create', '--name', 'second', '--full']);
    expect(again.stderr).not.toMatch(/Created a new key store/);
  });
});

describe('a reader that stops reading', () => {
  /** Runs the CLI with the read end of its stdout already closed, as `| head -1` ends up. */
  const withClosedStdout = (db: string, args: readonly string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env = { ...process.env };
      delete env.KEYDESK_API_KEY;
      const child = spawn(process.execPath, [CLI, '--db', db, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('keys list, scopes and log --json end quietly with exit 0', async () => {
    const db = emptyStoreIn(dir);
    writeFileSync(join(dir, 'list.json'), sendGridList(3000));
    expect((await cliFor(db)(['import', join(dir, 'list.json')])).code).toBe(0);
    for (const args of [['keys', 'list'], ['scopes'], ['scopes', '--json'], ['log', '--json']]) {
      expect(await withClosedStdout(db, args), args.join(' ')).toEqual({ code: 0, stderr: '' });
    }
    // And in a real pipeline, with more output than the pipe holds.
    const piped = spawnSync('bash', ['-c', `"$0" "$1" --db "$2" keys list | head -1; echo "keydesk exited $\{PIPESTATUS[0]}" >&2`, process.execPath, CLI, db], { encoding: 'utf8' });
    expect(piped.stdout).toMatch(/^API KEY ID +NAME/);
    expect(piped.stderr).toBe('keydesk exited 0\n');
  });
});

describe('an import file nested 100,000 deep', () => {
  it('is refused as not an inventory, naming the file, with no store created and none changed', async () => {
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    writeFileSync(join(dir, 'deep-result.json'), `${'{"result":'.repeat(100_000)}[]${'}'.repeat(100_000)}`);
    const before = diskState(dir);
    for (const file of ['deep.json', 'deep-result.json']) {
      const result = await cliFor(join(dir, 'new.db'))(['import', join(dir, file)]);
      expect(result.code, file).toBe(1);
      expect(parseErrors(result.stderr), file).toEqual([{ field: 'file', message: 'lists or "result" objects nest more than 32 deep: this is not SendGrid\'s output or a Keydesk export' }]);
    }
    expect(diskState(dir)).toEqual(before);

    const db = emptyStoreIn(dir);
    const rows = storeRows(db);
    for (const args of [['import', join(dir, 'deep.json')], ['diff', join(dir, 'deep.json')]]) {
      const result = await cliFor(db)(args);
      expect(result.code).toBe(1);
      expect(parseErrors(result.stderr)[0]!.message).toMatch(/nest more than 32 deep/);
    }
    expect(storeRows(db)).toEqual(rows);
  });
});

// ---- Read-only and full file systems.

const isRoot = process.getuid?.() === 0;
const canUnshare = isRoot && spawnSync('unshare', ['-rm', 'true']).status === 0;
const readOnlyHow = canUnshare ? 'a read-only bind mount in a private mount namespace' : !isRoot ? 'chmod' : null;

/** Runs `script` with `sh`, in a private mount namespace where one is needed and possible. */
function shell(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const command = canUnshare ? ['unshare', '-rm', 'sh', '-c', script, 'sh', ...args] : ['sh', '-c', script, 'sh', ...args];
  const env = { ...process.env };
  delete env.KEYDESK_API_KEY;
  return spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(readOnlyHow === null)(`a read-only store (${readOnlyHow ?? 'not possible here: root without unshare'})`, () => {
  it('says the store is read-only and where, exit 1, whether reading or writing; the store is unchanged', async () => {
    const folder = join(dir, 'ro');
    mkdirSync(folder);
    const db = emptyStoreIn(folder);
    expect((await cliFor(db)(['keys', 'create', '--name', 'before', '--full'])).code).toBe(0);
    const before = diskState(folder);
    // $1 the folder, $2 node, $3 the CLI; then the command.
    const script = canUnshare
      ? 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
      : 'chmod 0555 "$1" && chmod 0444 "$1/keydesk.db"; shift; "$@"; code=$?; chmod 0755 "$1"; exit $code';
    for (const args of [['keys', 'list'], ['keys', 'create', '--name', 'after', '--full']]) {
      const result = shell(script, folder, process.execPath, CLI, '--db', db, ...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      const reason = canUnshare ? 'it is on a read-only file system' : /the file is read-only for this user/.source;
      expect(parseErrors(result.stderr), args.join(' ')).toEqual([{ field: 'database', message: expect.stringMatching(new RegExp(`^cannot use the key store at ${db}: ${reason}; Keydesk must be able to write`)) }]);
    }
    if (!canUnshare) chmodSync(join(folder, 'keydesk.db'), 0o644);
    expect(diskState(folder)).toEqual(before);
  });
});

describe.skipIf(!canUnshare)(`a full disk (${canUnshare ? 'a 512 KiB tmpfs in a private mount namespace' : 'skipped: needs unshare, as root'})`, () => {
  it('says the disk is full and where, exit 1, for the store and for an export file; the store is unchanged', async () => {
    const db = emptyStoreIn(dir);
    expect((await cliFor(db)(['keys', 'create', '--name', 'before', '--full'])).code).toBe(0);
    const out = join(dir, 'out');
    mkdirSync(out);
    // In the namespace: a small file system, the store copied onto it, filled up but for 40 KiB
    // (room to open the store, not to write to it). What each step printed lands in $out, on the
    // real disk, with the store's hash before and after.
    const script = `
      full="$1/full"; out="$2"; node="$3"; cli="$4"
      mkdir "$full" && mount -t tmpfs -o size=512k tmpfs "$full" || exit 90
      cp "$1/keydesk.db" "$full/keydesk.db"
      dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null; truncate -s -40K "$full/filler"
      sha256sum < "$full/keydesk.db" > "$out/before"
      "$node" "$cli" --db "$full/keydesk.db" keys create --name after --full > "$out/create.out" 2> "$out/create.err"; echo $? > "$out/create.code"
      "$node" "$cli" --db "$full/keydesk.db" keys list --json > "$out/list.out" 2> "$out/list.err"
      sha256sum < "$full/keydesk.db" > "$out/after"
      dd if=/dev/zero of="$full/filler2" bs=4k 2>/dev/null
      "$node" "$cli" --db "$1/keydesk.db" export --format csv --out "$full/keys.csv" > "$out/export.out" 2> "$out/export.err"; echo $? > "$out/export.code"
      ls "$full" > "$out/files"
    `;
    const ran = shell(script, dir, out, process.execPath, CLI);
    expect(ran.status, ran.stderr).toBe(0);
    const read = (name: string) => readFileSync(join(out, name), 'utf8');

    expect(read('create.code').trim()).toBe('1');
    expect(read('create.out')).toBe('');
    expect(parseErrors(read('create.err'))).toEqual([{ field: 'database', message: expect.stringMatching(/^cannot use the key store at .*full\/keydesk\.db: the disk is full \(SQLITE_FULL\)$/) }]);
    expect(read('after')).toBe(read('before'));
    expect((JSON.parse(read('list.out')) as { result: { name: string }[] }).result.map((k) => k.name)).toEqual(['before']);

    expect(read('export.code').trim()).toBe('1');
    expect(parseErrors(read('export.err'))).toEqual([{ field: '--out', message: expect.stringMatching(/^cannot write .*full\/keys\.csv: the disk is full/) }]);
    expect(read('files').split('\n').filter((name) => name.startsWith('keys.csv') || name.includes('.tmp'))).toEqual([]);
    expect(statSync(db).size).toBeGreaterThan(0);
  });
});
