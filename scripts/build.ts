/**
 * `npm run build`: the renderer with Vite into dist/renderer, Electron main with esbuild into
 * dist/main/index.js, and the preload into dist/preload/index.cjs — one self-contained CommonJS
 * file, because a sandboxed preload can `require` nothing but `electron` and a few polyfills.
 *
 *   node scripts/build.ts [renderer|main|preload ...]   (no argument: all three)
 */
import { fileURLToPath } from 'node:url';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { build as viteBuild } from 'vite';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${ROOT}dist`;
export const RENDERER_DIST = `${DIST}/renderer`;

const shared: BuildOptions = {
  bundle: true,
  absWorkingDir: ROOT,
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

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
    entryPoints: { index: 'main/electron/main.ts' },
    outdir: 'dist/main',
    platform: 'node',
    format: 'esm',
    external: ['electron', 'better-sqlite3'],
    // Bundled CommonJS dependencies still call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __keydeskCreateRequire } from 'node:module'; const require = __keydeskCreateRequire(import.meta.url);" },
  });
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

const STEPS = { renderer: buildRenderer, main: buildMain, preload: buildPreload } as const;
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
