/**
 * The npm package as a user gets it: `npm pack` (which builds the CLI through `prepare`), then
 * `npm install --global` of the tarball into a temporary prefix, then `keydesk` from that prefix
 * against a temporary store. The tarball holds the built CLI and nothing of the sources, the tests
 * or the linter's workspace; the install brings better-sqlite3 alone. An older Node is told which
 * version is needed, in one line.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/build.ts';
import { parseErrors } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; engines: { node: string } };

let work: string;
let tarball: string;
let prefix: string;
let installed: string;

const ok = (what: string, result: SpawnSyncReturns<string>) => {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

beforeAll(() => {
  work = tempDir('keydesk-npm-package-');
  ok('npm pack', spawnSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }));
  tarball = join(work, `${PACKAGE.name}-${PACKAGE.version}.tgz`);
  prefix = join(work, 'prefix');
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  ok(
    'npm install --global',
    spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: work, env, encoding: 'utf8', timeout: 180_000 }),
  );
  installed = join(prefix, 'lib', 'node_modules', PACKAGE.name);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `keydesk` from the prefix's bin, as a shell finds it on PATH. */
function keydesk(args: readonly string[], options: { stdin?: string; node?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, KEYDESK_DB: join(work, 'keydesk.db'), ...options.env };
  delete env.KEYDESK_API_KEY;
  const [command, ...rest] = options.node ? [options.node, join(prefix, 'bin', 'keydesk'), ...args] : ['keydesk', ...args];
  return spawnSync(command!, rest, { env, input: options.stdin ?? '', encoding: 'utf8', timeout: 60_000 });
}

describe('npm pack', () => {
  it('packs the built CLI, package.json and the README, and nothing else', () => {
    const listed = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n');
    // npm always packs the file package.json's main names (the desktop app's bundle, for Electron)
    // when it has been built; the CLI never loads it.
    const unexpected = listed.filter((entry) => !/^package\/(package\.json|README\.md|dist\/cli\/[\w-]+\.js|dist\/main\/index\.js)$/.test(entry));
    expect(unexpected).toEqual([]);
    expect(listed).toContain('package/dist/cli/keydesk.js');
  });
});

describe('npm install --global of the tarball', () => {
  it('puts keydesk on the prefix\'s PATH, pointing at the compiled CLI', () => {
    expect(readlinkSync(join(prefix, 'bin', 'keydesk'))).toMatch(/node_modules\/keydesk\/dist\/cli\/keydesk\.js$/);
    const version = keydesk(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(PACKAGE.version);
    expect(version.stderr).toBe('');
  });

  it('brings better-sqlite3 (and its headers package) and no other dependency: the rest is in the bundle', () => {
    const modules = join(installed, 'node_modules');
    const names = existsSync(modules) ? readdirSync(modules).filter((name) => !name.startsWith('.')) : [];
    expect(names.filter((name) => !['better-sqlite3', 'node-addon-api'].includes(name))).toEqual([]);
    expect(existsSync(join(installed, 'tools'))).toBe(false);
    expect(existsSync(join(installed, 'main'))).toBe(false);
  });

  it('creates, lists, verifies and refuses against a temporary store', () => {
    const created = keydesk(['keys', 'create', '--name', 'installed', '--scopes', 'mail.send', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const { api_key, api_key_id } = JSON.parse(created.stdout) as { api_key: string; api_key_id: string };
    expect(created.stderr).toMatch(/^Created a new key store at .*keydesk\.db\.\n$/);

    const listed = keydesk(['keys', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual({ result: [{ name: 'installed', api_key_id }] });
    const verified = keydesk(['verify'], { stdin: api_key });
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ api_key_id, scopes: ['mail.send'] });

    const usage = keydesk(['keys', 'create', '--name', 'x', '--full', '--billing']);
    expect(usage.status).toBe(2);
    expect(parseErrors(usage.stderr)[0]!.field).toBe('--full');
  });
});

describe('an older Node', () => {
  const needed = PACKAGE.engines.node.replace(/^>=\s*/, '');
  /** A Node that reports an older version: the same binary, told so before anything loads. */
  const pretendOld = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.11.1'})`;

  it('is told, in one line, which version keydesk needs; nothing else is run', () => {
    const result = keydesk(['keys', 'list'], { env: { NODE_OPTIONS: `--import=${pretendOld}` } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`keydesk needs Node.js ${needed} or later; this is Node.js 20.11.1.\n`);
    expect(existsSync(join(work, 'keydesk.db-wal'))).toBe(false);
  });

  // The machine's own older Node, where there is one (Debian's, on the test machines): the entry
  // file must parse there, and not only under a Node that pretends.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    const version = existsSync(path) ? spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
    const [major = 0, minor = 0] = version.split('.').map(Number);
    return version !== '' && (major < 22 || (major === 22 && minor < 18));
  });
  it.runIf(systemNode)(`says so under this machine's older Node too (${systemNode ?? 'none found'})`, () => {
    const result = keydesk(['--version'], { node: systemNode! });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^keydesk needs Node\\.js ${needed.replace('.', '\\.')} or later; this is Node\\.js \\d+\\.\\d+\\.\\d+\\.\\n$`));
  });
});
