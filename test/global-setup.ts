/**
 * Before any test: builds the `keydesk` command line (dist/cli/), so every test that starts the
 * CLI runs what `npm pack` ships and never a build older than the sources (this runs on each
 * `vitest run`, and again before each rerun in watch mode; Playwright's globalSetup does the same);
 * and names this run, so the tests that need the whole app built (test/helpers/built-app.ts) build
 * it once between them.
 */
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { buildCli } from '../scripts/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Changes with every run (and rerun): what built-app.ts's stamp is compared with. */
    runId: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  await buildCli();
  project.provide('runId', randomUUID());
  project.onTestsRerun(async () => {
    await buildCli();
    project.provide('runId', randomUUID());
  });
}
