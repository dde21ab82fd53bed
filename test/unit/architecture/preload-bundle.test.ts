/**
 * The sandboxed preload is loaded by every window and trusted with the bridge: it must carry the
 * channel names and a transport, and nothing of main. The build (scripts/build.ts) runs here in
 * memory, exactly as `npm run build` writes dist/preload/index.cjs.
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { CHANNELS } from '../../../common/ipc/contract.ts';
import { PRELOAD_BUILD } from '../../../scripts/build.ts';

it('bundles the channel names and a transport, with no zod and no main/ module in it', async () => {
  const result = await build({ ...PRELOAD_BUILD, write: false, metafile: true, sourcemap: false });
  const bundle = result.outputFiles.find((file) => file.path.endsWith('.cjs'))!.text;
  const inputs = Object.keys(result.metafile.inputs);

  expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
  expect(inputs.filter((input) => !/^(preload|common)\//.test(input))).toEqual([]);
  expect(bundle).not.toMatch(/zod|ZodError|safeParse/);
  for (const channel of CHANNELS) expect(bundle).toContain(`"${channel}"`);
  // Small enough to read in one go: names and a transport.
  expect(bundle.length).toBeLessThan(8_000);
});
