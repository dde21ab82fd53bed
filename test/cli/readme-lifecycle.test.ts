/** The README's lifecycle session, run exactly as written, as a new user would paste it. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('the README lifecycle session runs as written', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- readme-lifecycle-example -->\s*```bash\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const dir = tempDir();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, KEYDESK_DB: join(dir, 'keydesk.db') };
    delete env.KEYDESK_API_KEY;
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block!], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    // The only error is the deliberate verify of the disabled key.
    const errors = result.stderr.split('\n').filter((line) => line.includes('"errors"'));
    expect(errors).toEqual([expect.stringMatching(/this key is disabled/)]);
    expect(result.stdout).toMatch(/EU mailer +restricted +active +\S+ \S+ \(in 30 days\) .* by eu-worker/);
    expect(result.stdout).toMatch(/Warning \(within 30 days\): "EU mailer" expires in 30 days/);
    expect(result.stdout).toMatch(/rejected: the key is disabled/);
    expect(result.stdout.match(/"name": "EU mailer"/g)).toHaveLength(3); // verified once, then old and new secrets after the roll
    expect(result.stdout).toMatch(/Expires .* UTC \(in 90 days\)/);
    expect(result.stdout).toMatch(/Deleted account "Acme EU" and its 1 key\./);
    expect(result.stdout).toMatch(/key\.roll .*rolled: secret [0-9a-f]{12} → [0-9a-f]{12}/);
    expect(result.stdout).toMatch(/account\.delete +account "Acme EU" deleted/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
