/**
 * Runs the real `keydesk` CLI as a child process: the built one (dist/cli/keydesk.js, what `npm
 * pack` ships), which the test runners' globalSetup builds from the sources before any test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { openStore } from '../../main/store/store.ts';
import { fileKeyring, sealKeyDir } from '../../main/store/seal-keys.ts';
import { tempStoreFile } from './temp-store.ts';

/** scripts/build.ts's CLI_DIST, named here so a test need not load the build tools (Vite, esbuild). */
export const CLI = fileURLToPath(new URL('../../dist/cli/keydesk.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Text, or raw bytes (e.g. invalid UTF-8). */
  readonly stdin?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working folder (default: the test runner's). */
  readonly cwd?: string;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const env = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return outcomeOf(spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] }), options.stdin ?? '');
}

/** Feeds a spawned CLI its stdin, and resolves with its exit code and all it printed. */
export function outcomeOf(child: ChildProcessWithoutNullStreams, stdin: string | Uint8Array): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

export type Cli = ReturnType<typeof cliFor>;

/**
 * A new, empty key store (the default account, no keys) at `dir/keydesk.db`: what a command that
 * reads needs to find, since the CLI creates a store only for keys create, accounts create and import.
 */
export function emptyStoreIn(dir: string, { configHome }: { readonly configHome?: string } = {}): string {
  const path = join(dir, 'keydesk.db');
  // Its seal key goes where the processes that use it will look: this process's config area, or
  // `configHome` for a process started with XDG_CONFIG_HOME / APPDATA pointing there.
  openStore(path, configHome === undefined ? {} : { keyring: fileKeyring(sealKeyDir({ XDG_CONFIG_HOME: configHome, APPDATA: configHome })) }).close();
  return path;
}

/** A CLI bound to one store file, with KEYDESK_API_KEY cleared unless given. */
export function cliFor(db: string) {
  return (args: readonly string[], options: CliOptions = {}) =>
    runCli(['--db', db, ...args], { ...options, env: { KEYDESK_API_KEY: undefined, ...options.env } });
}

/** For one test: a temp folder, the store path in it, and the CLI bound to that store; the folder goes when the test finishes. */
export function cliOverTempStore(): { readonly dir: string; readonly db: string; readonly cli: Cli } {
  const { dir } = tempStoreFile();
  const db = emptyStoreIn(dir);
  return { dir, db, cli: cliFor(db) };
}

export function parseErrors(stderr: string): { field: string | null; message: string }[] {
  return (JSON.parse(stderr.trim().split('\n').at(-1)!) as { errors: { field: string | null; message: string }[] }).errors;
}

export interface CreatedKeyJson {
  readonly api_key: string;
  readonly api_key_id: string;
  readonly name: string;
  readonly scopes: string[];
  readonly expires_at?: string;
}

/** `keys create ... --json` through `cli`; throws with the CLI's stderr unless it succeeded. */
export async function createKeyWithCli(
  cli: (args: readonly string[], options?: CliOptions) => Promise<CliResult>,
  args: readonly string[],
  options: CliOptions = {},
): Promise<CreatedKeyJson> {
  const result = await cli(['keys', 'create', ...args, '--json'], options);
  if (result.code !== 0) throw new Error(`keys create failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as CreatedKeyJson;
}

/** Every row of every table in a store file, read through a separate read-only connection. */
export function storeRows(path: string): unknown {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    const tables = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, raw.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    raw.close();
  }
}

/** A refused command: its args, the field its first error names, and what that error says. */
export type RefusedCase = readonly [args: readonly string[], field: string | null, message: RegExp];

/** Each command fails with a non-zero exit, nothing on stdout, its first error on the named field, and nothing written to `db`. */
export async function expectCliRefused(cli: ReturnType<typeof cliFor>, db: string, cases: readonly RefusedCase[]): Promise<void> {
  const before = storeRows(db);
  for (const [args, field, message] of cases) {
    const result = await cli(args);
    expect(result.code, args.join(' ')).not.toBe(0);
    expect(result.stdout, args.join(' ')).toBe('');
    const [first] = parseErrors(result.stderr);
    expect(first!.field, args.join(' ')).toBe(field);
    expect(first!.message, args.join(' ')).toMatch(message);
  }
  expect(storeRows(db)).toEqual(before);
}
