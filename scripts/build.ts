/**
 * `npm run build`: the renderer with Vite into dist/renderer, Electron main with esbuild into
 * dist/main/index.js (its store thread into dist/main/store-worker.js), the preload into
 * dist/preload/index.cjs — one self-contained CommonJS file, because a sandboxed preload can
 * `require` nothing but `electron` and a few polyfills — and the `keydesk` command line into
 * dist/cli/ (what `npm pack` ships and the tests run).
 *
 *   node scripts/build.ts [renderer|main|preload|cli ...]   (no argument: all four)
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { build as viteBuild } from 'vite';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${ROOT}dist`;
export const RENDERER_DIST = `${DIST}/renderer`;
export const CLI_DIST = `${DIST}/cli`;

const shared: BuildOptions = {
  bundle: true,
  absWorkingDir: ROOT,
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

// Bundled CommonJS dependencies still call require(); give each ESM output file one.
const REQUIRE_BANNER = "import { createRequire as __keydeskCreateRequire } from 'node:module'; const require = __keydeskCreateRequire(import.meta.url);";

export async function buildRenderer(): Promise<void> {
  await viteBuild({ configFile: `${ROOT}renderer/vite.config.ts`, logLevel: 'warn' });
}

/**
 * Main runs as ESM (package.json "type": "module"). `electron` is provided by the runtime and
 * better-sqlite3 loads its native prebuild from node_modules, so both stay external; the rest
 * (electron-store, conf, zod, the services) is bundled.
 */
export async function buildMain(): Promise<void> {
  await esbuild({
    ...shared,
    // The store thread (a worker of main's, main/app/store-worker.ts) is bundled beside it.
    entryPoints: { index: 'main/electron/main.ts', 'store-worker': 'main/app/store-worker.ts' },
    outdir: 'dist/main',
    platform: 'node',
    format: 'esm',
    external: ['electron', 'better-sqlite3'],
    banner: { js: REQUIRE_BANNER },
  });
}

/**
 * The command line as ESM split into chunks: the entry (main/cli/keydesk.ts) is a few lines that
 * an old Node can still run to say which version is needed, and each command loads only the
 * chunks it imports (the HTTP server only for `serve`, zod only for files it validates). Chunks
 * sit beside the entry, so `new URL('../../package.json', import.meta.url)` finds package.json
 * from any of them. better-sqlite3 stays external: it loads its native prebuild from node_modules.
 *
 * Files are written to a temporary name and renamed into place, so a test or a script starting
 * the CLI while it is rebuilt reads the old file or the new one, never half of one; chunks of an
 * earlier build that the new one no longer names are removed.
 */
export const CLI_BUILD: BuildOptions = {
  ...shared,
  entryPoints: { keydesk: 'main/cli/keydesk.ts' },
  outdir: CLI_DIST,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: false,
  external: ['better-sqlite3'],
  banner: { js: REQUIRE_BANNER },
};

export async function buildCli(outdir = CLI_DIST): Promise<void> {
  const result = await esbuild({ ...CLI_BUILD, outdir, write: false });
  mkdirSync(outdir, { recursive: true });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    const temporary = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`);
    writeFileSync(temporary, file.contents, { mode: file.path.endsWith('keydesk.js') ? 0o755 : 0o644 });
    renameSync(temporary, file.path);
    written.add(basename(file.path));
  }
  for (const name of readdirSync(outdir)) {
    if (name.endsWith('.js') && !written.has(name)) rmSync(join(outdir, name), { force: true });
  }
}

/**
 * The preload holds the contract's channel names and a transport, nothing more: validation is
 * main's (test/unit/architecture/preload-bundle.test.ts checks the built file holds no zod).
 */
export const PRELOAD_BUILD: BuildOptions = {
  ...shared,
  entryPoints: ['preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  // Loaded by every window: keep it lean.
  minify: true,
  external: ['electron'],
};

export async function buildPreload(): Promise<void> {
  await esbuild(PRELOAD_BUILD);
}

const STEPS = { renderer: buildRenderer, main: buildMain, preload: buildPreload, cli: () => buildCli() } as const;
type Step = keyof typeof STEPS;

export async function buildAll(steps: readonly Step[] = []): Promise<void> {
  for (const step of steps.length ? steps : (Object.keys(STEPS) as Step[])) await STEPS[step]();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((step) => !(step in STEPS));
  if (unknown.length) {
    console.error(`unknown build step(s): ${unknown.join(', ')}; expected ${Object.keys(STEPS).join(', ')}`);
    process.exit(2);
  }
  await buildAll(requested as Step[]);
}
