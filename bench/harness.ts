/**
 * A small benchmark harness. Each case runs its Keydesk operation and its baseline (the least work
 * that could do the same job) in alternating rounds in the same process, so drift and noise from a
 * shared machine hit both alike; the figure that matters is the ratio of their medians.
 */
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface Timing {
  /** Median time per operation across rounds, in microseconds. */
  readonly medianUs: number;
  readonly rounds: number;
  readonly opsPerRound: number;
}

export interface CaseResult {
  readonly id: string;
  readonly name: string;
  readonly keydesk: Timing;
  readonly baseline: Timing | null;
  /** keydesk / baseline, or for cases without a baseline the measured figure itself. */
  readonly ratio: number | null;
  readonly goal: string;
  readonly pass: boolean;
  readonly unit?: string;
  readonly note?: string;
}

/** A case that gave no figures: its module is not there yet, or it broke. Says why. */
export interface MissingCase {
  readonly id: string;
  readonly name: string;
  readonly goal: string;
  readonly outcome: 'not available' | 'error';
  readonly reason: string;
}

/** One row of the benchmark table. */
export type BenchRow = CaseResult | MissingCase;

export const isMissing = (row: BenchRow): row is MissingCase => 'outcome' in row;

export interface Pair {
  readonly keydesk: () => unknown;
  readonly baseline: () => unknown;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function timeBatch(fn: () => unknown, ops: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

/** Alternates keydesk and baseline batches; returns the median per-op time of each. */
export function comparePair(pair: Pair, { rounds = 30, opsPerRound = 200, warmup = 2 } = {}): { keydesk: Timing; baseline: Timing } {
  const k: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    let kt: number;
    let bt: number;
    if (r % 2 === 0) {
      kt = timeBatch(pair.keydesk, opsPerRound);
      bt = timeBatch(pair.baseline, opsPerRound);
    } else {
      bt = timeBatch(pair.baseline, opsPerRound);
      kt = timeBatch(pair.keydesk, opsPerRound);
    }
    if (r >= warmup) {
      k.push(kt);
      b.push(bt);
    }
  }
  return {
    keydesk: { medianUs: median(k), rounds, opsPerRound },
    baseline: { medianUs: median(b), rounds, opsPerRound },
  };
}

async function timeBatchAsync(fn: () => unknown, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

/**
 * `comparePair` for operations that may return a promise (the IPC dispatcher). Both sides are
 * awaited in the same loop, so the one await an async caller pays anyway is on both sides.
 */
export async function comparePairAsync(
  pair: Pair,
  { rounds = 30, opsPerRound = 200, warmup = 2 } = {},
): Promise<{ keydesk: Timing; baseline: Timing }> {
  const k: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const order = r % 2 === 0 ? [pair.keydesk, pair.baseline] : [pair.baseline, pair.keydesk];
    const first = await timeBatchAsync(order[0]!, opsPerRound);
    const second = await timeBatchAsync(order[1]!, opsPerRound);
    if (r >= warmup) {
      k.push(r % 2 === 0 ? first : second);
      b.push(r % 2 === 0 ? second : first);
    }
  }
  return {
    keydesk: { medianUs: median(k), rounds, opsPerRound },
    baseline: { medianUs: median(b), rounds, opsPerRound },
  };
}

/** Untimed steps around each timed run, e.g. a fresh empty store for an import to fill. */
export interface RunHooks {
  readonly before?: () => Promise<unknown> | unknown;
  readonly after?: () => Promise<unknown> | unknown;
}

/** Times an async operation `runs` times (whole runs, e.g. an export), alternating with its baseline. */
export async function compareRuns(
  keydesk: () => Promise<unknown> | unknown,
  baseline: () => Promise<unknown> | unknown,
  runs = 5,
  hooks: RunHooks = {},
): Promise<{ keydesk: Timing; baseline: Timing }> {
  const k: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [fn, into] of (r % 2 ? [[baseline, b], [keydesk, k]] : [[keydesk, k], [baseline, b]]) as [() => unknown, number[]][]) {
      await hooks.before?.();
      const start = process.hrtime.bigint();
      await fn();
      into.push(Number(process.hrtime.bigint() - start) / 1000);
      await hooks.after?.();
    }
  }
  return { keydesk: { medianUs: median(k), rounds: runs, opsPerRound: 1 }, baseline: { medianUs: median(b), rounds: runs, opsPerRound: 1 } };
}

export function ratioCase(
  id: string,
  name: string,
  timings: { keydesk: Timing; baseline: Timing },
  maxRatio: number,
  note?: string,
): CaseResult {
  const ratio = timings.keydesk.medianUs / timings.baseline.medianUs;
  return { id, name, ...timings, ratio, goal: `ratio ≤ ${maxRatio}`, pass: ratio <= maxRatio, ...(note ? { note } : {}) };
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

const fmt = (us: number): string => (us >= 1e6 ? `${(us / 1e6).toFixed(2)} s` : us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);

export function formatTable(results: readonly BenchRow[]): string {
  const rows = results.map((r) =>
    isMissing(r)
      ? [r.id, r.name, '—', '—', '—', r.goal, r.outcome === 'error' ? 'ERROR' : 'n/a']
      : [
          r.id,
          r.name,
          r.unit ? `${r.keydesk.medianUs.toFixed(1)} ${r.unit}` : fmt(r.keydesk.medianUs),
          r.baseline ? fmt(r.baseline.medianUs) : '—',
          r.ratio === null ? '—' : r.ratio.toFixed(2),
          r.goal,
          r.pass ? 'pass' : 'FAIL',
        ],
  );
  const header = ['#', 'benchmark', 'keydesk (median)', 'baseline (median)', 'ratio', 'goal', 'result'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
