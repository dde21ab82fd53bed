/** The real `keydesk` CLI as a child process the test can watch line by line and kill at will. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { CLI, type CliResult } from '../../helpers/cli.ts';

export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when the process has exited: its code, or the signal that ended it. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the stderr line that matched, or null if the process ended first. */
  waitForStderr(pattern: RegExp, occurrence?: number): Promise<string | null>;
  /** The same for stdout. */
  waitForStdout(pattern: RegExp): Promise<string | null>;
}

type Waiter = { pattern: RegExp; remaining: number; resolve: (line: string | null) => void };

/** Hands each line to the waiters whose pattern it matches (the n-th match for each). */
function feed(waiters: Waiter[], line: string): void {
  for (const waiter of [...waiters]) {
    if (waiter.pattern.test(line) && --waiter.remaining === 0) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  }
}

export function startCli(db: string, args: readonly string[]): RunningCli {
  const env = { ...process.env };
  delete env.KEYDESK_API_KEY;
  const child = spawn(process.execPath, [CLI, '--db', db, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const outWaiters: Waiter[] = [];
  const errWaiters: Waiter[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    out += `${line}\n`;
    feed(outWaiters, line);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    err += `${line}\n`;
    feed(errWaiters, line);
  });
  // 'close', not 'exit': by then both streams have been read to their end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      for (const waiter of [...outWaiters.splice(0), ...errWaiters.splice(0)]) waiter.resolve(null);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (pattern, occurrence = 1) => new Promise((resolve) => errWaiters.push({ pattern, remaining: occurrence, resolve })),
    waitForStdout: (pattern) => new Promise((resolve) => outWaiters.push({ pattern, remaining: 1, resolve })),
  };
}

/**
 * Whether some connection holds the store's write lock right now: a write transaction of our own
 * is refused at once (busy timeout 0) while another one is open.
 */
export function writeLockProbe(db: string): { held(): boolean; close(): void } {
  const probe = new BetterSqlite3(db, { timeout: 0 });
  return {
    held() {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      }
    },
    close: () => probe.close(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CLI_BATCH = fileURLToPath(new URL('./cli-batch.ts', import.meta.url));

export interface BatchResult extends CliResult {
  readonly args: readonly string[];
}

/**
 * Runs commands one after another in one CLI process (cli-batch.ts), each with `--db db` unless it
 * names its own store; resolves to what each printed, and what the process itself printed.
 */
export function runCliBatch(db: string, commands: readonly (readonly string[])[]): Promise<{ results: BatchResult[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.KEYDESK_API_KEY;
    const child = spawn(process.execPath, [CLI_BATCH], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`cli batch exited ${code}: ${err}`));
      resolve({ results: JSON.parse(out) as BatchResult[], stderr: err });
    });
    child.stdin!.end(JSON.stringify(commands.map((args) => (args[0] === '--db' ? args : ['--db', db, ...args]))));
  });
}

const CLI_RACER = fileURLToPath(new URL('./cli-racer.ts', import.meta.url));

export interface Racer {
  /** Starts the command (the process is already loaded and waiting). */
  go(): void;
  /** What the command returned and printed. */
  readonly result: Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;
}

/** Starts a process that loads the CLI and waits; resolves once it is ready to run `args` on `go()`. */
export function readyRacer(db: string, args: readonly string[]): Promise<Racer> {
  const env = { ...process.env };
  delete env.KEYDESK_API_KEY;
  const child = spawn(process.execPath, [CLI_RACER, '--db', db, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolveReady, rejectReady) => {
    const result = new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line === 'ready') return resolveReady({ go: () => child.stdin!.write('go\n'), result });
        resolve(JSON.parse(line) as { code: number; stdout: string; stderr: string });
      });
      child.on('close', (code) => {
        const failure = new Error(`racer exited ${code}: ${err}`);
        rejectReady(failure);
        reject(failure);
      });
    });
    result.catch(() => undefined);
  });
}
