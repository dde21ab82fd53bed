/**
 * The renderer bundles only browser code. Whatever it imports at runtime from outside renderer/
 * (common/key-shape.ts, for one) must reach no Node built-in, no electron and no package such
 * as zod; type-only imports are erased and do not count. One stray import would ship Node code,
 * or the settings schema's zod, into the window. (ESLint's layer rule keeps the renderer to
 * common/; this checks what common/ then pulls in.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RENDERER = join(ROOT, 'renderer');
// Runtime imports and re-exports; `import type` and `export type` are skipped.
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') && name !== 'vite.config.ts' ? [path] : [];
  });
}

function runtimeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)].map((match) => match[1]!);
}

/** Every non-relative import reachable from `file` through relative runtime imports. */
function reachablePackages(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return runtimeImports(file).flatMap((specifier) =>
    specifier.startsWith('.') ? reachablePackages(resolve(dirname(file), specifier), seen) : [`${relative(ROOT, file)} → ${specifier}`],
  );
}

it('modules the renderer takes from common/ at runtime reach no Node, electron or package import', () => {
  const outside = sources(RENDERER).flatMap((file) =>
    runtimeImports(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => !target.startsWith(RENDERER + '/')),
  );
  expect(outside.map((file) => relative(ROOT, file))).toContain('common/key-shape.ts');
  expect([...new Set(outside)].flatMap((file) => reachablePackages(file))).toEqual([]);
});

it('the check sees through type-only imports and catches a runtime one', () => {
  const sample = "import type { Settings } from './schema.ts';\nimport { z } from 'zod';\nexport { x } from './x.ts';\nimport './styles.css';";
  expect([...sample.matchAll(RUNTIME_IMPORT)].map((m) => m[1])).toEqual(['zod', './x.ts', './styles.css']);
});
