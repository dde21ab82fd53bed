/**
 * Where the key store lives by default: the per-user app-data folder, `Keydesk/keydesk.db`, the
 * same folder Electron's `userData` points at, so the desktop app and the CLI share one store.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Keydesk';
export const DATABASE_FILE = 'keydesk.db';

export type Env = Readonly<Record<string, string | undefined>>;

/** The OS per-user application-data folder, as Electron computes `appData`. */
export function appDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}

export function defaultDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(appDataDir(env, platform), APP_FOLDER);
}

/** `--db FILE`, else `KEYDESK_DB`, else the default location. */
export function resolveDatabasePath(flag: string | undefined, env: Env = process.env): string {
  return flag ?? env.KEYDESK_DB ?? join(defaultDataDir(env), DATABASE_FILE);
}
