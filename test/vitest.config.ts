import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/{unit,property,cli,server,reliability,security}/**/*.test.ts'],
    // The CLI tests run the built CLI: built here, once per run, from the sources as they are.
    globalSetup: ['test/global-setup.ts'],
    // A private per-user config area for each worker, so seal keys never reach the real one.
    setupFiles: ['test/helpers/private-config-home.ts'],
    // CLI tests spawn real processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
