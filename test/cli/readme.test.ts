/** The README's CLI session, run exactly as written, as a new user would paste it. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('the README CLI session runs as written', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- readme-cli-example -->\s*```bash\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const dir = tempDir();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: join(dir, 'keydesk.db') };
    delete env.KEYDESK_API_KEY;
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block!], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    // The only error is the deliberate verify of the deleted key.
    const errors = result.stderr.split('\n').filter((line) => line.includes('"errors"'));
    expect(errors).toEqual([expect.stringMatching(/deleted/)]);
    expect(result.stdout).toMatch(/Production mailer/);
    expect(result.stdout).toMatch(/rejected: the key was deleted/);
    expect(result.stdout).toMatch(/Audit log intact: 4 rows/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
