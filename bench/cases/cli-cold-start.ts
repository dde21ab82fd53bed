/**
 * #10-#12: how much a script pays each time it calls `keydesk`. Whole-process CPU time (user and
 * system, of the process from exec to exit) of the built CLI, dist/cli/keydesk.js as `npm pack`
 * ships it, against `node -e 0`: the floor any Node program pays to start at all. Both are
 * spawned alternately in batches from this process, and their CPU read from what the kernel
 * accounts to this process's waited-for children (/proc/self/stat), so the figure includes
 * Node's own start, module loading and SQLite, and nothing of this process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, CLI_DIST } from '../../scripts/build.ts';
import { fillStore, openBenchStore } from '../fixtures.ts';
import { ratioCase, type CaseResult, type Timing } from '../harness.ts';

const CLI = join(CLI_DIST, 'keydesk.js');

const NOTE =
  'rows #10-#12 are whole-process CPU time (user + system) per run of the built CLI, medians of ' +
  'alternating batches against `node -e 0`; Node\'s compile cache is warm, as for a script calling keydesk again';

/** Linux reports CPU in /proc in units of USER_HZ, which is 100 on every architecture. */
const USER_HZ = 100;

/** CPU seconds of this process's children that have been waited for (cutime + cstime). */
function childrenCpuUs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [cutime, cstime] = [fields[13], fields[14]].map(Number) as [number, number];
  return ((cutime + cstime) / USER_HZ) * 1e6;
}

interface Run {
  readonly args: readonly string[];
  readonly stdin?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function spawnOnce(run: Run): void {
  const result = spawnSync(process.execPath, run.args, { input: run.stdin ?? '', env: run.env ?? process.env, stdio: ['pipe', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${run.args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
}

/** Mean CPU per run of a batch of `count` runs, in µs. */
function batchCpuUs(run: Run, count: number): number {
  const before = childrenCpuUs();
  for (let i = 0; i < count; i++) spawnOnce(run);
  return (childrenCpuUs() - before) / count;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Alternating batches of the command and of `node -e 0`; the median batch mean of each. */
function compareProcesses(command: Run, rounds: number, perRound: number): { keydesk: Timing; baseline: Timing } {
  const baseline: Run = { args: ['-e', '0'] };
  // Warm-up: the first runs fill Node's compile cache, as a script's first call does once.
  batchCpuUs(command, 3);
  batchCpuUs(baseline, 3);
  const k: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      k.push(batchCpuUs(command, perRound));
      b.push(batchCpuUs(baseline, perRound));
    } else {
      b.push(batchCpuUs(baseline, perRound));
      k.push(batchCpuUs(command, perRound));
    }
  }
  return { keydesk: { medianUs: median(k), rounds, opsPerRound: perRound }, baseline: { medianUs: median(b), rounds, opsPerRound: perRound } };
}

export async function benchCliColdStart({ rounds = 10, perRound = 10 } = {}): Promise<CaseResult[]> {
  if (process.platform !== 'linux') throw new Error('the CLI cold-start cases read child CPU time from /proc (Linux only)');
  await buildCli();
  const bench = openBenchStore('keydesk-bench-cli-');
  try {
    const { apiKey } = fillStore(bench.store, 100);
    bench.store.close();
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: bench.path };
    delete env.KEYDESK_API_KEY;
    const cases: readonly [id: string, name: string, run: Run, goal: number][] = [
      ['10', 'CLI cold start: keydesk --version', { args: [CLI, '--version'] }, 3],
      ['11', 'CLI cold start: keydesk keys list, 100 keys', { args: [CLI, 'keys', 'list'], env }, 5],
      ['12', 'CLI cold start: keydesk verify, 100 keys', { args: [CLI, 'verify'], stdin: apiKey, env }, 5],
    ];
    return cases.map(([id, name, run, goal]) =>
      ratioCase(id, name, compareProcesses(run, rounds, perRound), goal, id === '10' ? NOTE : undefined),
    );
  } finally {
    bench.close();
  }
}
