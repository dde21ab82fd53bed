/**
 * Where the Electron binary is, found without `require('electron')` (which, in Electron 43+,
 * starts a download when the binary is missing). Null with the reason when there is none, as on
 * machines that installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { readonly path: string; readonly reason?: undefined } | { readonly path: null; readonly reason: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      path: null,
      reason: `the Electron binary is not installed: ${pathFile} is missing (the install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without network)`,
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const path = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(packageDir, 'dist', relative);
  return existsSync(path) ? { path } : { path: null, reason: `the Electron binary is not installed: ${path} is missing` };
}
