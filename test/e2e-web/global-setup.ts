/** Builds the renderer and the CLI once per Playwright run, so the suites test what `npm run build` ships. */
import { buildCli, buildRenderer } from '../../scripts/build.ts';

export default async function globalSetup(): Promise<void> {
  await buildRenderer();
  await buildCli();
}
