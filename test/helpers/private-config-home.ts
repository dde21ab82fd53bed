/**
 * Gives this test process (and every process it spawns, which inherit its environment) a per-user
 * config area of its own in a temp folder: the seal keys Keydesk keeps there (main/store/seal-keys.ts)
 * then never land in the real one, and parallel runs and other worktrees never share them.
 * Loaded by vitest (setupFiles) and by the Playwright config.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set once per process: vitest runs its setup file once per test file in the same worker. */
const MARK = 'KEYDESK_TEST_CONFIG_HOME';

export function usePrivateConfigHome(): string {
  const existing = process.env[MARK];
  if (existing && process.env.XDG_CONFIG_HOME === existing) return existing;
  const home = mkdtempSync(join(tmpdir(), 'keydesk-config-'));
  process.env[MARK] = home;
  // Linux and the BSDs: XDG_CONFIG_HOME; Windows: APPDATA (main/store/location.ts). macOS has no
  // variable for it (~/Library/Application Support), so there the seal keys follow HOME.
  process.env.XDG_CONFIG_HOME = home;
  process.env.APPDATA = home;
  if (process.platform === 'darwin') process.env.HOME = home;
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  return home;
}

usePrivateConfigHome();
