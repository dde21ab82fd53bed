/**
 * `npm run test:mutation`: mutation testing of the tamper-detection and rule code with StrykerJS
 * (stryker.config.mjs). Each target file is mutated on its own, against only the test files that
 * aim at it, and must reach a mutation score of 95%: every mutant (a check deleted, a condition
 * flipped, a message emptied) must make some test fail. Not part of `npm test`: it takes about 35
 * minutes on two cores.
 *
 *   npm run test:mutation                            every target; writes reports/mutation/summary.json
 *   npm run test:mutation -- main/core/grant.ts      one target
 *
 * Exits 1 when a target scores below 95%.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MINIMUM_SCORE = 95;

interface Target {
  readonly file: string;
  /** Test files that run in the test runner's process (one that spawns the CLI cannot see the mutant). */
  readonly tests: readonly string[];
}

const STORE_TESTS = ['test/unit/store/audit-log.test.ts', 'test/unit/store/audit-seal.test.ts', 'test/unit/store/audit-append-many.test.ts'];
const MIGRATION_TESTS = ['test/unit/store/migration-0002.test.ts', 'test/unit/store/migration-0003.test.ts', 'test/unit/store/migration-0004.test.ts', 'test/unit/store/migration-0008.test.ts'];

export const TARGETS: readonly Target[] = [
  { file: 'main/store/audit-log.ts', tests: [...STORE_TESTS, ...MIGRATION_TESTS, 'test/unit/services/audit-integrity.test.ts'] },
  { file: 'main/store/audit-seal.ts', tests: ['test/unit/store/audit-seal.test.ts', 'test/unit/store/audit-log.test.ts', 'test/unit/store/migration-0008.test.ts'] },
  { file: 'main/store/audit-snapshots.ts', tests: [...STORE_TESTS, 'test/unit/store/audit-snapshots.test.ts'] },
  { file: 'main/store/seal-keys.ts', tests: ['test/unit/store/seal-keys.test.ts', 'test/unit/store/audit-seal.test.ts', 'test/unit/store/migration-0008.test.ts'] },
  { file: 'main/services/audit-integrity.ts', tests: ['test/unit/services/audit-integrity.test.ts'] },
  { file: 'main/services/audit-witness.ts', tests: ['test/unit/services/audit-witness.test.ts'] },
  { file: 'main/core/grant.ts', tests: ['test/unit/core/grant.test.ts', 'test/property/permissions.property.test.ts'] },
  { file: 'main/services/verify.ts', tests: ['test/unit/services/verify.test.ts'] },
];

/** Stryker's JSON report (mutation-testing-report-schema), the part read here. */
interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly { readonly status: string }[] }>>;
}

export interface Score {
  readonly file: string;
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** (killed + timed out) ÷ every mutant that ran or could have (survived and uncovered count against it). */
  readonly score: number;
}

export function scoreOf(file: string, report: Report): Score {
  const statuses = Object.values(report.files).flatMap((f) => f.mutants.map((m) => m.status));
  const count = (...wanted: string[]) => statuses.filter((s) => wanted.includes(s)).length;
  const killed = count('Killed', 'Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + survived + noCoverage;
  return { file, mutants: valid, killed, survived, noCoverage, score: valid === 0 ? 100 : (100 * killed) / valid };
}

const reportPath = (file: string) => `${ROOT}reports/mutation/${file.replace(/[/.]/g, '-')}.json`;

function run(target: Target): Score {
  process.stderr.write(`mutating ${target.file} against ${target.tests.length} test files ...\n`);
  const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, KEYDESK_MUTATE: target.file, KEYDESK_MUTATION_TESTS: target.tests.join(',') },
  });
  if (result.status !== 0) throw new Error(`stryker failed on ${target.file} (exit ${result.status})`);
  return scoreOf(target.file, JSON.parse(readFileSync(reportPath(target.file), 'utf8')) as Report);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const unknown = only.filter((file) => !TARGETS.some((t) => t.file === file));
  if (unknown.length) throw new Error(`not a mutation target: ${unknown.join(', ')} (targets: ${TARGETS.map((t) => t.file).join(', ')})`);
  const started = Date.now();
  const scores = TARGETS.filter((t) => only.length === 0 || only.includes(t.file)).map(run);
  const lines = scores.map((s) => `${s.file.padEnd(34)} ${s.score.toFixed(2).padStart(6)}%  ${s.killed}/${s.mutants} killed, ${s.survived} survived, ${s.noCoverage} not covered`);
  console.log(lines.join('\n'));
  if (only.length === 0) {
    mkdirSync(`${ROOT}reports/mutation`, { recursive: true });
    const summary = { date: new Date(started).toISOString(), minutes: Math.round((Date.now() - started) / 60000), minimum: MINIMUM_SCORE, scores };
    writeFileSync(`${ROOT}reports/mutation/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (scores.some((s) => s.score < MINIMUM_SCORE)) process.exitCode = 1;
}
