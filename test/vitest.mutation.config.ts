/** The vitest config Stryker runs (stryker.config.mjs): only the test files named for the file being mutated. */
import { defineConfig } from 'vitest/config';

const files = process.env.KEYDESK_MUTATION_TESTS?.split(',').filter(Boolean) ?? [];
if (files.length === 0) throw new Error('KEYDESK_MUTATION_TESTS names no test file');

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: files,
    setupFiles: ['test/helpers/private-config-home.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
