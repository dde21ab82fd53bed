/** The README's auditing and inventories session, run exactly as written. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('the README auditing session runs as written', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- readme-inventory-example -->\s*```bash\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const dir = tempDir();
  try {
    // TMPDIR keeps the session's `mktemp -d` inside our temp folder, so nothing is left behind.
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: join(dir, 'keydesk.db'), TMPDIR: dir };
    delete env.KEYDESK_API_KEY;
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block!], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.includes('"errors"'))).toEqual([]);
    expect(result.stdout).toMatch(/never_used: 1 key issued and never used/);
    expect(result.stdout).toMatch(/Exported 1 keys? of "default" to .*keys\.csv/);
    expect(result.stdout).toMatch(/from SendGrid's key objects .*: 1 added/);
    expect(result.stdout).toContain('+ qfTQ6KG0QBiwWdJ0-pCLCA  "A New Hope" added');
    expect(result.stdout).toMatch(/1 SendGrid-shaped key, 1 live\./);
    expect(result.stdout).toMatch(/a live key was found: roll it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
