/**
 * Load test of the local API on loopback: a bounded run of `GET /v3/scopes` (the Host and
 * browser guards, authentication, key lookup and response) against a bare Fastify server answering the same
 * body as a constant, in the same run (both in one worker thread, the load generator in this
 * one). The ratio of their medians is what the local API's own work costs, independent of how
 * fast this machine is.
 *
 *   npm run bench:api                      20,000 requests per server, 32 connections
 *   node bench/local-api-load.ts --requests 5000 --connections 8
 *
 * Exits 1 if any request failed or answered other than 200.
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadServersReady } from './load-servers.ts';

export interface LoadOptions {
  /** Requests per measured run. */
  readonly requests: number;
  readonly connections: number;
  /** A run is stopped after this long whatever it reached, so the benchmark always ends. */
  readonly maxSecondsPerRun: number;
}

export const DEFAULT_LOAD: LoadOptions = { requests: 20_000, connections: 32, maxSecondsPerRun: 60 };

export interface RunResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts, plus any answer other than 200. */
  readonly errors: number;
}

export interface LocalApiLoadReport {
  readonly options: LoadOptions;
  readonly localApi: RunResult;
  readonly bareFastify: RunResult;
  /** Local API median latency over the bare server's: 1 would mean the API's own work is free. */
  readonly medianRatio: number;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** One bounded autocannon run; latencies are taken per response, in fractional milliseconds. */
async function measure(url: string, headers: Record<string, string>, requests: number, options: LoadOptions): Promise<RunResult> {
  const latencies = new Float64Array(requests);
  let count = 0;
  let wrongStatus = 0;
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url, headers, amount: requests, connections: options.connections, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode !== 200) wrongStatus += 1;
    if (count < requests) latencies[count++] = responseTime;
  });
  const stop = setTimeout(() => instance.stop(), options.maxSecondsPerRun * 1000);
  const result = await finished;
  clearTimeout(stop);
  const sorted = latencies.subarray(0, count).sort();
  return {
    requests: count,
    seconds: result.duration,
    requestsPerSecond: Math.round(count / result.duration),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: result.errors + result.timeouts + wrongStatus + (requests - count),
  };
}

export async function runLocalApiLoad(options: LoadOptions = DEFAULT_LOAD): Promise<LocalApiLoadReport> {
  const servers = new Worker(new URL('./load-servers.ts', import.meta.url));
  try {
    const { apiUrl, bareUrl, apiKey } = (await once(servers, 'message'))[0] as LoadServersReady;
    const headers = { authorization: `Bearer ${apiKey}` };
    const warmUp = Math.min(2_000, options.requests);
    await measure(bareUrl, headers, warmUp, options);
    await measure(apiUrl, headers, warmUp, options);
    const bareFastify = await measure(bareUrl, headers, options.requests, options);
    const localApi = await measure(apiUrl, headers, options.requests, options);
    return { options, localApi, bareFastify, medianRatio: localApi.p50Ms / bareFastify.p50Ms };
  } finally {
    servers.postMessage('stop');
    await once(servers, 'exit');
  }
}

export function formatReport(report: LocalApiLoadReport): string {
  const { requests, connections } = report.options;
  const row = (name: string, r: RunResult) =>
    `${name.padEnd(22)} ${String(r.requestsPerSecond).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   ` +
    `p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   ${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.errors} errors`;
  return [
    `GET /v3/scopes on loopback, ${requests} requests per server, ${connections} connections`,
    row('local API', report.localApi),
    row('bare Fastify constant', report.bareFastify),
    `median latency ratio (local API / bare): ${report.medianRatio.toFixed(2)}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, connections: { type: 'string' } } });
  const report = await runLocalApiLoad({
    ...DEFAULT_LOAD,
    ...(values.requests ? { requests: Number(values.requests) } : {}),
    ...(values.connections ? { connections: Number(values.connections) } : {}),
  });
  console.log(formatReport(report));
  if (report.localApi.errors + report.bareFastify.errors > 0) process.exitCode = 1;
}
