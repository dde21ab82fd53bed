/**
 * The desktop app's binary as the command line: the built main bundle (dist/main/index.js) under
 * plain Node with `electron` resolved to the recording fake, started as Electron starts it with
 * CLI arguments (main/cli/app-arguments.ts). It runs the CLI against a temp store, exits with the
 * CLI's code, and never takes the single-instance lock or opens a window; without CLI arguments it
 * is the app (main-bundle.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/build.ts';
import { buildAppOnce } from '../../helpers/built-app.ts';
import { emptyStoreIn, parseErrors } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const REGISTER = fileURLToPath(new URL('./register-fake-electron.ts', import.meta.url));

interface AppRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the app asked of Electron before it exited (from the fake's exit report). */
  readonly exit: { code: number; calls: string[]; windowCount: number } | null;
}

let dir: string;
let db: string;
beforeAll(() => buildAppOnce(), 120_000);
beforeEach(() => {
  dir = tempDir('keydesk-cli-mode-');
  db = emptyStoreIn(dir, { configHome: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The app's binary started with `args`, as `electron dist/main/index.js ARGS` would be. */
function runApp(args: readonly string[], stdin = ''): AppRun {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: db, XDG_CONFIG_HOME: dir, APPDATA: dir };
  delete env.KEYDESK_API_KEY;
  const result = spawnSync(process.execPath, ['--import', REGISTER, join(ROOT, 'dist/main/index.js'), ...args], { env, input: stdin, encoding: 'utf8', timeout: 60_000 });
  const lines = result.stderr.split('\n');
  const report = lines.find((line) => line.startsWith('FAKE_ELECTRON_EXIT '));
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: lines.filter((line) => line !== report).join('\n'),
    exit: report ? (JSON.parse(report.slice('FAKE_ELECTRON_EXIT '.length)) as AppRun['exit']) : null,
  };
}

describe('the app binary started with CLI arguments', () => {
  it('runs the command (`Keydesk keys create ...`), with no window and no single-instance lock, and exits with its code', () => {
    const created = runApp(['keys', 'create', '--name', 'from the app binary', '--scopes', 'mail.send', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'from the app binary', scopes: ['mail.send'] });
    expect(created.exit).toMatchObject({ code: 0, windowCount: 0 });
    expect(created.exit!.calls).not.toContain('requestSingleInstanceLock');
    expect(created.exit!.calls).toContain('disableHardwareAcceleration');
    if (process.platform === 'linux') expect(created.exit!.calls).toContain('appendSwitch ozone-platform=headless');
  });

  it('takes what the launchers pass: Chromium switches, --cli, --, then the arguments as typed', () => {
    runApp(['keys', 'create', '--name', '-looks like a flag', '--full']);
    const listed = runApp(['--ozone-platform=headless', '--disable-gpu', '--cli', '--', 'keys', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { result: { name: string }[] }).result.map((k) => k.name)).toEqual(['-looks like a flag']);
  });

  it('exits 1 for a refusal and 2 for a usage mistake, as keydesk does', () => {
    const rejected = runApp(['--cli', '--', 'verify'], 'SG.not-a-key');
    expect(rejected.code).toBe(1);
    expect(rejected.exit?.code).toBe(1);
    expect(parseErrors(rejected.stderr)[0]!.message).toMatch(/^not a SendGrid API key/);
    const usage = runApp(['--cli', '--', 'keys', 'create', '--name', 'x']);
    expect(usage.code).toBe(2);
    expect(parseErrors(usage.stderr)).toEqual([{ field: 'scopes', message: expect.stringMatching(/choose the access/) }]);
  });

  it('--version and --help answer as the CLI', () => {
    const version = runApp(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runApp(['--help']).stdout).toMatch(/^Usage: keydesk /);
  });
});
