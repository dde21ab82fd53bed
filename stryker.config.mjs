/**
 * Mutation testing (`npm run test:mutation`, scripts/mutation.ts): StrykerJS with the vitest
 * runner. One run per target file, mutating that file alone and running only the test files that
 * aim at it (KEYDESK_MUTATE and KEYDESK_MUTATION_TESTS, set by the script), so a run takes minutes.
 * Tests that check through a spawned CLI process are left out: the mutant is switched on in the
 * test runner's process only, so a child process would run the original code.
 */
import process from 'node:process';

const target = process.env.KEYDESK_MUTATE;
if (!target) throw new Error('run mutation testing with "npm run test:mutation" (scripts/mutation.ts), which names each target');
const name = target.replace(/[/.]/g, '-');

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [target],
  // Two cores, shared: one test runner at a time.
  concurrency: 1,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  // Stryker would rewrite tsconfig.json through TypeScript's JS API, which TypeScript 7 does not
  // have; the sandbox sits inside the project, so nothing in it needs rewriting. Point it nowhere.
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  // Vitest strips types without checking them; a check would need TypeScript's JS API too.
  disableTypeChecks: false,
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: null },
  ignorePatterns: ['dist', 'release', 'out', 'test/artifacts', 'reports', '.scratch', 'docs/screenshots'],
};
