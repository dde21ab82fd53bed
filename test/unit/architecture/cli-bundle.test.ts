/**
 * The CLI starts fast because each command loads only what it needs (docs/performance.md, bench
 * #10-#12): what every run loads (the entry and the chunks it imports statically, for --help,
 * --version and parsing) holds commander and Keydesk's flag handling, and nothing of SQLite, the
 * store, the HTTP server or zod. Those are chunks a command imports when it runs. The build
 * (scripts/build.ts) runs here in memory, exactly as dist/cli is written.
 */
import { build, type Metafile } from 'esbuild';
import { expect, it } from 'vitest';
import { CLI_BUILD } from '../../../scripts/build.ts';

const result = await build({ ...CLI_BUILD, write: false, metafile: true });
const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((path) => path.endsWith('/keydesk.js'))!;

/** The output files loaded with `from` before any of its code runs, or once it runs, following `kinds` of import. */
function loaded(from: string, kinds: readonly Metafile['outputs'][string]['imports'][number]['kind'][]): Set<string> {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    for (const imported of outputs[queue.pop()!]!.imports) {
      if (!kinds.includes(imported.kind) || imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return seen;
}

/** The sources and packages bundled into a set of output files. */
const inputsOf = (files: Set<string>) => [...files].flatMap((file) => Object.keys(outputs[file]!.inputs));
const externalsOf = (files: Set<string>) => [...files].flatMap((file) => outputs[file]!.imports.filter((i) => i.external).map((i) => i.path));

it('the entry alone is what an old Node parses: a version check, then the program loaded on demand', () => {
  expect(Object.keys(outputs[entry]!.inputs)).toEqual(['main/cli/keydesk.ts']);
  expect(outputs[entry]!.imports.filter((i) => i.kind === 'import-statement' && !i.external)).toEqual([]);
  expect(outputs[entry]!.bytes).toBeLessThan(1_500);
});

it('what every command loads holds commander and no SQLite, store, server or zod', () => {
  // The entry's dynamic import of the program, and everything that imports statically.
  const program = outputs[entry]!.imports.find((i) => i.kind === 'dynamic-import' && !i.external && /process-run/.test(i.path))!.path;
  const always = loaded(program, ['import-statement']);
  const inputs = inputsOf(always);
  const packages = new Set(inputs.filter((input) => input.includes('node_modules/')).map((input) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)![1]));
  expect([...packages]).toEqual(['commander']);
  // The store's modules but one: account-table.ts names the default account, for --help.
  const store = inputs.filter((input) => /^main\/(store|server)\//.test(input) || /inventory-file|open-session/.test(input));
  expect(store).toEqual(['main/store/account-table.ts']);
  expect(externalsOf(always).filter((path) => !path.startsWith('node:'))).toEqual([]);
});

it('SQLite, the HTTP server and zod each load only with the commands that use them', () => {
  const everything = loaded(entry, ['import-statement', 'dynamic-import']);
  expect(externalsOf(everything)).toContain('better-sqlite3');
  expect(inputsOf(everything).some((input) => input.includes('node_modules/fastify/'))).toBe(true);
  expect(inputsOf(everything).some((input) => input.includes('node_modules/zod/'))).toBe(true);
  // fastify sits in one chunk of its own, which only `serve` imports.
  const withFastify = Object.keys(outputs).filter((file) => Object.keys(outputs[file]!.inputs).some((input) => input.includes('node_modules/fastify/')));
  expect(withFastify).toHaveLength(1);
  expect(Object.keys(outputs[withFastify[0]!]!.inputs)).toContain('main/server/local-api.ts');
});
