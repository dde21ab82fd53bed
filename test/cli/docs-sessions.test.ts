/**
 * The shell sessions in the README and docs/ (the CLI taste, auditing and inventory, the key
 * lifecycle), each run exactly as written, as a new user would paste it, against a fresh store.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = /<!-- session:([\w-]+) -->\s*```bash\n([\s\S]*?)```/g;

/** Where each session is documented; every marked block must be one of these. */
const SESSIONS = { cli: 'README.md', inventory: 'docs/auditing.md', lifecycle: 'docs/keys-and-permissions.md', review: 'docs/auditing.md' } as const;

function markedBlocks(page: string): Array<{ name: string; block: string }> {
  return [...readFileSync(join(ROOT, page), 'utf8').matchAll(MARKER)].map(([, name = '', block = '']) => ({ name, block }));
}

/** Runs the bash block after `<!-- session:NAME -->` in its page, in a temp folder; returns what it printed. */
function runSession(name: keyof typeof SESSIONS): { stdout: string; errors: string[] } {
  const page = SESSIONS[name];
  const block = markedBlocks(page).find((found) => found.name === name)?.block;
  expect(block, `${page} has a session:${name} block`).toBeDefined();
  const dir = tempDir();
  try {
    // TMPDIR keeps a session's `mktemp -d` inside our temp folder, so nothing is left behind.
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: join(dir, 'keydesk.db'), TMPDIR: dir };
    delete env.KEYDESK_API_KEY;
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block!], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return { stdout: result.stdout, errors: result.stderr.split('\n').filter((line) => line.includes('"errors"')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('documented sessions', () => {
  it('every marked session in the README and docs/ is one this file runs, in the page it names', () => {
    const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
    const found = pages.flatMap((page) => markedBlocks(page).map(({ name }) => `${name} in ${page}`));
    // A marker this file's pattern misses (a typo, no bash block after it) would go untested.
    const markers = pages.flatMap((page) => readFileSync(join(ROOT, page), 'utf8').match(/<!--\s*session\b/g) ?? []);
    expect(found).toHaveLength(markers.length);
    expect(found.sort()).toEqual(Object.entries(SESSIONS).map(([name, page]) => `${name} in ${page}`).sort());
  });

  it('the README\'s CLI taste runs as written', () => {
    const { stdout, errors } = runSession('cli');
    // The only error is the deliberate verify of the deleted key.
    expect(errors).toEqual([expect.stringMatching(/deleted/)]);
    expect(stdout).toMatch(/Production mailer/);
    expect(stdout).toMatch(/rejected: the key was deleted/);
    expect(stdout).toMatch(/Audit log intact: 4 rows/);
  }, 90_000);

  it('the auditing and inventories session runs as written', () => {
    const { stdout, errors } = runSession('inventory');
    expect(errors).toEqual([]);
    // A key made a moment ago with two narrow levels: nothing to report yet.
    expect(stdout).toMatch(/^No findings\.$/m);
    expect(stdout).toMatch(/Exported 1 keys? of "default" to .*keys\.csv/);
    expect(stdout).toMatch(/from SendGrid's key objects .*: 1 added/);
    expect(stdout).toContain('+ qfTQ6KG0QBiwWdJ0-pCLCA  "A New Hope" added');
    expect(stdout).toMatch(/1 SendGrid-shaped key, 1 live\./);
    expect(stdout).toMatch(/a live key was found: roll it/);
  }, 120_000);

  it('the lifecycle session runs as written', () => {
    const { stdout, errors } = runSession('lifecycle');
    // The only error is the deliberate verify of the disabled key.
    expect(errors).toEqual([expect.stringMatching(/this key is disabled/)]);
    expect(stdout).toMatch(/EU mailer +restricted +active +\S+ \S+ UTC \(in 30 days\) .* by eu-worker/);
    expect(stdout).toMatch(/Warning \(within 30 days\): "EU mailer" expires in 30 days/);
    expect(stdout).toMatch(/rejected: the key is disabled/);
    expect(stdout.match(/"name": "EU mailer"/g)).toHaveLength(3); // verified once, then old and new secrets after the roll
    expect(stdout).toMatch(/Expires .* UTC \(in 90 days\)/);
    expect(stdout).toMatch(/Deleted account "Acme EU" and its 1 key\./);
    expect(stdout).toMatch(/key\.roll .*rolled: secret [0-9a-f]{12} → [0-9a-f]{12}/);
    expect(stdout).toMatch(/account\.delete +account "Acme EU" deleted/);
  }, 180_000);

  it('the access review session runs as written: refused close, then a closed review and its reports', () => {
    const { stdout, errors } = runSession('review');
    expect(errors).toEqual([expect.stringMatching(/cannot close: 1 of 2 keys have no decision yet/)]);
    expect(stdout).toMatch(/refused: B is undecided/);
    expect(stdout).toMatch(/Closed review 1: 1 Keep, 1 Reduce, 0 Disable, 0 Delete\.\nAudit head at close: \d+:[0-9a-f]{64}/);
    expect(stdout).toMatch(/Wrote the report of review 1 to .*review-1\.html \(html, sha256 [0-9a-f]{64}\)/);
    expect(stdout).toMatch(/Wrote the report of review 1 to .*review-1\.csv \(csv/);
    expect(stdout).toMatch(/Audit log intact/);
  }, 90_000);
});
