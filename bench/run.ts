/**
 * `npm run bench`: every benchmark of issues 8 and 16, each against its floor in the same run (or an
 * absolute goal), then the table on stdout and `bench/results.json` (figures, machine, date). Not
 * part of `npm test`.
 *
 *   npm run bench                     every case; writes bench/results.json
 *   node bench/run.ts --only 4,5      some cases, by number; prints them, writes nothing
 *
 * Progress goes to stderr. Exits 1 when a case misses its goal or breaks.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAuditFindings } from './cases/audit-findings.ts';
import { benchAuditLogSize } from './cases/audit-log-size.ts';
import { benchCliColdStart } from './cases/cli-cold-start.ts';
import { benchCreateKey } from './cases/create-key.ts';
import { benchCsvExport } from './cases/csv-export.ts';
import { benchDispatcher } from './cases/dispatcher.ts';
import { benchImport } from './cases/import.ts';
import { benchLeakCheck } from './cases/leak-check.ts';
import { benchPull } from './cases/pull.ts';
import { benchMainStall } from './cases/main-stall.ts';
import { benchRenderer, type RendererFigures } from './cases/renderer.ts';
import { benchVerify } from './cases/verify.ts';
import { formatTable, isMissing, machine, type BenchRow, type CaseResult } from './harness.ts';

interface BenchCase {
  readonly id: string;
  /** What the row is called when the case gives no figures. */
  readonly name: string;
  readonly goal: string;
  readonly run: () => Promise<readonly BenchRow[]>;
}

/** The renderer cases (#8, #9) run in Chromium and also report figures beyond the table. */
let rendererFigures: RendererFigures | null = null;

async function rendererRows(): Promise<readonly BenchRow[]> {
  const report = await benchRenderer();
  rendererFigures = report.figures;
  return report.results;
}

const one = (run: () => CaseResult | Promise<CaseResult>) => async () => [await run()];

const CASES: readonly BenchCase[] = [
  { id: '1', name: 'verify, store of 100,000 keys', goal: 'ratio ≤ 1.15', run: one(() => benchVerify()) },
  { id: '2', name: 'create one key through the service', goal: 'ratio ≤ 2', run: one(benchCreateKey) },
  { id: '3', name: 'dispatcher overhead, keys:list of 100 keys', goal: 'ratio ≤ 1.05', run: one(() => benchDispatcher()) },
  { id: '4', name: 'CSV export of 100,000 keys', goal: 'ratio ≤ 1.5', run: one(() => benchCsvExport()) },
  { id: '5', name: 'import of 100,000 keys from SendGrid JSON', goal: 'ratio ≤ 1.5', run: one(() => benchImport()) },
  { id: '6', name: 'audit findings over 100,000 keys', goal: 'ratio ≤ 3', run: one(() => benchAuditFindings()) },
  { id: '7', name: 'leak check over a 200 MB tree', goal: 'ratio ≤ 2', run: one(() => benchLeakCheck()) },
  { id: '8', name: 'renderer (#8 and #9)', goal: 'see the issue', run: rendererRows },
  { id: '10', name: 'CLI cold start (#10-#12)', goal: 'ratio ≤ 3 / 5 / 5', run: benchCliColdStart },
  { id: '13', name: 'pull of 20 accounts × 100 keys from the local API', goal: 'ratio ≤ 1.3', run: one(() => benchPull()) },
  { id: '14', name: "Electron main's longest event-loop stall during long calls", goal: '≤ 50 ms', run: one(() => benchMainStall()) },
  { id: '15', name: 'audit-log bytes ÷ key-row bytes after the 100,000-key import', goal: '≤ 3', run: one(() => benchAuditLogSize()) },
];

/** Cases that report several rows, by the ids of the rows after their first. */
const ALSO: Readonly<Record<string, readonly string[]>> = { '8': ['9'], '10': ['11', '12'] };

export async function runBenchmarks(only: ReadonlySet<string> | null): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const benchCase of CASES.filter((c) => !only || only.has(c.id) || (ALSO[c.id] ?? []).some((id) => only.has(id)))) {
    const started = performance.now();
    process.stderr.write(`#${benchCase.id} ${benchCase.name} ...`);
    try {
      rows.push(...(await benchCase.run()));
    } catch (error) {
      // One broken case must not cost the figures of the others.
      rows.push({ id: benchCase.id, name: benchCase.name, goal: benchCase.goal, outcome: 'error', reason: error instanceof Error ? error.message : String(error) });
    }
    process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  return rows;
}

/** What to read under the table: notes on figures, and why a case gave none. */
function footnotes(rows: readonly BenchRow[]): string[] {
  return rows.flatMap((row) => {
    if (isMissing(row)) return [`#${row.id} ${row.name}: ${row.reason}`];
    return row.note ? [`#${row.id} ${row.name}: ${row.note}`] : [];
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const failed = (row: BenchRow) => (isMissing(row) ? row.outcome === 'error' : !row.pass);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only ? new Set(values.only.split(',').map((id) => id.trim())) : null;
  const started = Date.now();
  // Other work on the machine stretches every time; the ratios are what to compare across runs.
  const loadBefore = loadavg()[0]!;
  const rows = await runBenchmarks(only);
  const load = { before: round1(loadBefore), after: round1(loadavg()[0]!) };
  const seconds = Math.round((Date.now() - started) / 1000);
  const about = machine();
  console.log(
    `${about.cpu}, ${about.cores} cores, ${about.memory_gb} GB, ${about.os}, Node ${about.node}; ${seconds} s, ` +
      `load average ${load.before} → ${load.after}`,
  );
  console.log(formatTable(rows));
  for (const line of footnotes(rows)) console.log(line);
  if (!only) {
    const results = {
      date: new Date(started).toISOString(),
      duration_s: seconds,
      machine: about,
      load_average: load,
      results: rows,
      renderer_figures: rendererFigures,
    };
    writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  }
  if (rows.some(failed)) process.exitCode = 1;
}
