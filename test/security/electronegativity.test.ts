/**
 * Doyensec's electronegativity over the sources the app ships (main, preload, renderer): no high or
 * medium finding beyond the accepted ones below, each justified in docs/security.md ("electronegativity").
 *
 * The scanner is installed once into its own prefix in the user's cache, outside this project's
 * dependency tree: it pins an old typescript-estree that breaks against the project's TypeScript.
 * Its one check that needs the network (Electron release notes) is excluded; we track Electron's
 * current major in package.json instead.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = '1.10.3';
const PREFIX = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'keydesk-tools', `electronegativity-${VERSION}`);
const BIN = join(PREFIX, 'node_modules', '.bin', 'electronegativity');
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** Findings reviewed and accepted: check id → file. docs/security.md says why. */
export const ACCEPTED = [{ id: 'PRELOAD_JS_CHECK', file: 'main/electron/window.ts' }] as const;

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly file: string;
  readonly location: string;
  readonly sample: string;
}

/** The scanner's CSV: quoted fields with "" escapes, one finding a line. */
function parseCsv(text: string): Finding[] {
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replaceAll('""', '"')));
  return rows.map(([id = '', severity = '', , file = '', location = '', sample = '']) => ({ id, severity, file, location, sample }));
}

async function scan(input: string): Promise<Finding[]> {
  const output = join(input, '..', `${Date.now()}-${Math.random().toString(36).slice(2)}.csv`);
  await run(BIN, ['-i', input, '-r', '-v', 'false', '-e', ELECTRON_VERSION, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', output], {
    timeout: 120_000,
  });
  return parseCsv(readFileSync(output, 'utf8'));
}

const serious = (findings: Finding[]) => findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');

const work = tempDir('keydesk-electronegativity-');
beforeAll(async () => {
  if (existsSync(BIN)) return;
  mkdirSync(PREFIX, { recursive: true });
  const args = ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-save', `@doyensec/electronegativity@${VERSION}`];
  try {
    await run('npm', args, { timeout: 280_000 });
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`could not install electronegativity (npm ${args.join(' ')}): ${stderr.trim().split('\n').slice(-5).join('\n')}`, { cause: error });
  }
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('finds no high or medium issue in main, preload and renderer beyond the accepted ones', async () => {
  const sources = join(work, 'keydesk');
  for (const part of ['main', 'preload', 'renderer', 'package.json']) cpSync(join(ROOT, part), join(sources, part), { recursive: true });
  const findings = await scan(sources);
  expect(findings.some((f) => f.id === 'ELECTRON_VERSION_JSON_CHECK'), 'the scan read package.json').toBe(true);
  const unaccepted = serious(findings).filter((f) => !ACCEPTED.some((a) => a.id === f.id && a.file === f.file));
  expect(unaccepted).toEqual([]);

  const securityDoc = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');
  for (const { id } of ACCEPTED) expect(securityDoc, `docs/security.md justifies ${id}`).toContain(id);
}, 150_000);

it('does flag an insecure window, so a clean result means something', async () => {
  const insecure = join(work, 'insecure');
  mkdirSync(insecure, { recursive: true });
  writeFileSync(join(insecure, 'package.json'), JSON.stringify({ name: 'insecure', devDependencies: { electron: ELECTRON_VERSION } }));
  writeFileSync(
    join(insecure, 'main.js'),
    "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n",
  );
  const ids = serious(await scan(insecure)).map((f) => f.id);
  expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
}, 150_000);
