/**
 * Builds the `keydesk` command line (dist/cli/) before any test runs, so every test that starts
 * the CLI runs what `npm pack` ships, and never a build older than the sources: this runs on each
 * `vitest run`, and again before each rerun in watch mode. Playwright's globalSetup does the same.
 */
import type { TestProject } from 'vitest/node';
import { buildCli } from '../scripts/build.ts';

export default async function setup(project: TestProject): Promise<void> {
  await buildCli();
  project.onTestsRerun(async () => {
    await buildCli();
  });
}
