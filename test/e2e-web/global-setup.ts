/** Builds the renderer once per Playwright run, so the suites test what `npm run build` ships. */
import { buildRenderer } from '../../scripts/build.ts';

export default async function globalSetup(): Promise<void> {
  await buildRenderer();
}
