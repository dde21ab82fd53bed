/**
 * `npm start` where the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no
 * network at install): one short message of ours, saying what is missing, how to get it on a
 * connected machine, and that the CLI works meanwhile; exit 1, no stack trace, no download tried.
 * ELECTRON_OVERRIDE_DIST_PATH points at an empty folder, so this holds on a
 * machine that has the binary too.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/build.ts';
import { tempDir } from '../../helpers/temp-store.ts';

const empty = tempDir('keydesk-no-electron-');
afterAll(() => rmSync(empty, { recursive: true, force: true }));

it('says in three lines what is missing, how to get it and that the CLI works; exit 1', () => {
  const result = spawnSync('npm', ['start'], { cwd: ROOT, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, npm_config_update_notifier: 'false' }, encoding: 'utf8', timeout: 60_000 });
  expect(result.status).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toEqual([
    expect.stringMatching(/^npm start: the Electron binary is not installed: .+ is missing/),
    'On a machine with network access, get it with: npx install-electron',
    'The command line works without it meanwhile: npx keydesk --help',
  ]);
  expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(result.stdout + result.stderr).not.toMatch(/Downloading Electron/);
});
