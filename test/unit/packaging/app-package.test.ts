/**
 * The packaged desktop app, built for real by electron-builder (`--dir --linux --x64`) from
 * electron-builder.yml, with a stand-in for the Electron download (a folder holding a dummy
 * "electron" file) and the config's fuses left out (flipping them needs the real binary). What
 * ships is listed from app.asar and app.asar.unpacked: the built app, package.json and
 * better-sqlite3 with only the target's prebuilt addon, nothing of any other dependency, nor
 * dependency tests, docs or benchmarks. Then the `keydesk` launcher in that tree runs the
 * packaged main bundle as the CLI, with a Node stand-in for the app's binary.
 *
 * One package per test run (about 15 s on two cores); the app itself is built once per run with
 * the other tests that need it (test/helpers/built-app.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAll, extractFile, listPackage } from '@electron/asar';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/build.ts';
import { buildAppOnce } from '../../helpers/built-app.ts';
import { parseErrors } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const require = createRequire(import.meta.url);
const BUILDER = require.resolve('electron-builder/cli.js');
const REGISTER = fileURLToPath(new URL('../electron/register-fake-electron.ts', import.meta.url));

let work: string;
let unpacked: string;
let resources: string;
let asarEntries: string[];
let unpackedEntries: string[];

/** Every file and folder under `dir`, as paths relative to it with forward slashes. */
function walk(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    found.push(relative);
    if (entry.isDirectory()) found.push(...walk(join(dir, entry.name), `${relative}/`));
  }
  return found;
}

beforeAll(async () => {
  await buildAppOnce();
  work = tempDir('keydesk-package-');
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), 'a stand-in for the Electron binary\n', { mode: 0o755 });
  const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & { directories: object };
  delete config.electronFuses;
  config.directories = { ...config.directories, output: join(work, 'release') };
  writeFileSync(join(work, 'electron-builder.json'), JSON.stringify(config));
  const built = spawnSync(
    process.execPath,
    [BUILDER, '--dir', '--linux', '--x64', '--config', join(work, 'electron-builder.json'), `-c.electronDist=${electronDist}`],
    { cwd: ROOT, encoding: 'utf8', timeout: 300_000 },
  );
  if (built.status !== 0) throw new Error(`electron-builder failed (${built.status}):\n${built.stdout}\n${built.stderr}`);
  unpacked = join(work, 'release', 'linux-unpacked');
  resources = join(unpacked, 'resources');
  asarEntries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/').replace(/^\//, ''));
  unpackedEntries = walk(join(resources, 'app.asar.unpacked'));
}, 360_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('app.asar', () => {
  it('holds the built app and package.json, without source maps or the npm package\'s CLI', () => {
    expect(asarEntries).toEqual(expect.arrayContaining(['package.json', 'dist/main/index.js', 'dist/preload/index.cjs', 'dist/renderer/index.html']));
    const outsideModules = asarEntries.filter((entry) => !entry.startsWith('node_modules'));
    expect(outsideModules.filter((entry) => !/^(dist|dist\/(main|preload|renderer)(\/.*)?|package\.json)$/.test(entry))).toEqual([]);
    expect(asarEntries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(asarEntries.filter((entry) => /^(tools|test|main|common|renderer|scripts|bench|docs)\b/.test(entry))).toEqual([]);
  });

  it('holds one dependency, better-sqlite3: its JavaScript, licence and the linux-x64 addon, no sources, tests, docs or benchmarks', () => {
    const modules = asarEntries.filter((entry) => entry.startsWith('node_modules/'));
    expect(new Set(modules.map((entry) => entry.split('/')[1]))).toEqual(new Set(['better-sqlite3']));
    const inside = modules.map((entry) => entry.slice('node_modules/better-sqlite3/'.length)).filter(Boolean);
    expect(inside.filter((entry) => !/^(LICENSE|package\.json|lib(\/.*\.js|\/methods)?|prebuilds(\/linux-x64\.node)?)$/.test(entry))).toEqual([]);
    expect(inside.filter((entry) => /(^|\/)(src|deps|docs?|benchmarks?|tests?|build)(\/|$)|\.(md|gyp|[ch]pp|h)$/i.test(entry))).toEqual([]);
  });

  it('the package.json it carries starts the bundle as ESM and names no workspace', () => {
    const pkg = JSON.parse(extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: 'keydesk', main: 'dist/main/index.js', type: 'module' });
    expect(pkg.workspaces ?? null).toBeNull();
  });
});

describe('app.asar.unpacked', () => {
  it('holds only what must load from disk: better-sqlite3 with the target\'s addon alone', () => {
    const addons = unpackedEntries.filter((entry) => entry.endsWith('.node'));
    expect(addons).toEqual(['node_modules/better-sqlite3/prebuilds/linux-x64.node']);
    expect(new Set(unpackedEntries.map((entry) => entry.split('/').slice(0, 2).join('/')))).toEqual(new Set(['node_modules', 'node_modules/better-sqlite3']));
  });
});

describe('the keydesk launcher in resources/bin', () => {
  let app: string;
  let store: string;

  beforeAll(() => {
    // The packaged app, unpacked from its archive, run by Node with the recording fake in place of
    // Electron: a stand-in for the app's binary at the path the launcher expects.
    app = join(work, 'app');
    extractAll(join(resources, 'app.asar'), app);
    writeFileSync(join(unpacked, 'keydesk'), `#!/bin/sh\nexec "${process.execPath}" --import "${REGISTER}" "${join(app, 'dist/main/index.js')}" "$@"\n`);
    chmodSync(join(unpacked, 'keydesk'), 0o755);
    store = join(work, 'keydesk.db');
  });

  const keydesk = (launcher: string, args: readonly string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: store, XDG_CONFIG_HOME: work };
    delete env.KEYDESK_API_KEY;
    const result = spawnSync(launcher, args, { env, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr.split('\n').filter((l) => !l.startsWith('FAKE_ELECTRON_EXIT')).join('\n') };
  };

  it('is the file from build/bin, executable; the Windows launcher stays out of the Linux app', () => {
    const launcher = join(resources, 'bin', 'keydesk');
    expect(readFileSync(launcher, 'utf8')).toBe(readFileSync(join(ROOT, 'build/bin/keydesk'), 'utf8'));
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
    expect(existsSync(join(resources, 'bin', 'keydesk.cmd'))).toBe(false);
  });

  it('runs the packaged CLI, through a symbolic link on PATH as well, with the CLI\'s exit codes', () => {
    const linkDir = join(work, 'on-path');
    mkdirSync(linkDir);
    symlinkSync(join(resources, 'bin', 'keydesk'), join(linkDir, 'keydesk'));
    for (const launcher of [join(resources, 'bin', 'keydesk'), join(linkDir, 'keydesk')]) {
      const created = keydesk(launcher, ['keys', 'create', '--name', `made via ${launcher === join(linkDir, 'keydesk') ? 'link' : 'launcher'}`, '--full', '--json']);
      expect(created.code, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ api_key: expect.stringMatching(/^SG\./) });
    }
    const listed = keydesk(join(linkDir, 'keydesk'), ['keys', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as { result: { name: string }[] }).result.map((k) => k.name).sort()).toEqual(['made via launcher', 'made via link']);
    const usage = keydesk(join(linkDir, 'keydesk'), ['keys', 'expire', 'x', '--in', 'soon']);
    expect(usage.code).toBe(2);
    expect(parseErrors(usage.stderr)[0]!.field).toBe('--in');
  });

  it('says where it looked when the app is not beside it', () => {
    const lone = join(work, 'lone', 'resources', 'bin');
    mkdirSync(lone, { recursive: true });
    writeFileSync(join(lone, 'keydesk'), readFileSync(join(resources, 'bin', 'keydesk')), { mode: 0o755 });
    const result = keydesk(join(lone, 'keydesk'), ['--version']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^keydesk: the Keydesk app is not where this launcher expects it: .*lone\/resources\/bin\/\.\.\/\.\.\/keydesk\n$/);
  });
});
