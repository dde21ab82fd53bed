/**
 * Electron may be imported only by the thin glue (main/electron/ and preload/): everything else
 * must run under plain Node, where `require('electron')` throws.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ELECTRON_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](electron|electron-store|@electron\/[\w-]+)['"]/;
const ALLOWED = [/^main\/electron\//, /^preload\/index\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

it('only main/electron/ and preload/index.ts import electron', () => {
  const offenders = ['main', 'preload', 'renderer']
    .flatMap((dir) => {
      try {
        return sources(join(ROOT, dir));
      } catch {
        return [];
      }
    })
    .map((path) => relative(ROOT, path).replaceAll('\\', '/'))
    .filter((path) => !ALLOWED.some((allowed) => allowed.test(path)))
    .filter((path) => ELECTRON_IMPORT.test(readFileSync(join(ROOT, path), 'utf8')));
  expect(offenders).toEqual([]);
});

it('the check itself catches an electron import', () => {
  expect(ELECTRON_IMPORT.test("import { app } from 'electron';")).toBe(true);
  expect(ELECTRON_IMPORT.test("const Store = await import('electron-store');")).toBe(true);
  expect(ELECTRON_IMPORT.test("import { z } from 'zod';")).toBe(false);
});
