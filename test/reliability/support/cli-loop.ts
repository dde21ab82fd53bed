/**
 * A CLI process that runs many commands: each through the real `run()` of main/cli/program.ts,
 * which opens the store, does one command and closes it, exactly as a `keydesk` invocation does;
 * only Node's start-up is shared, so thousands of commands fit in a test. Used by the race tests.
 *
 *   node cli-loop.ts DB ACCOUNT KEYS RENAMES
 *
 * creates KEYS keys in ACCOUNT, then renames them RENAMES times in turn, and prints one JSON line:
 * {ran, failed: [{args, code, stderr}], keys: {id: lastName}}.
 */
import { run } from '../../../main/cli/program.ts';

const [db, account, keyCount, renameCount] = process.argv.slice(2) as [string, string, string, string];
const env = { ...process.env, KEYDESK_API_KEY: undefined };

let ran = 0;
const failed: { args: string[]; code: number; stderr: string }[] = [];
const lastName: Record<string, string> = {};

async function command(args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await run(['--db', db, '--account', account, ...args], env, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
  });
  ran += 1;
  if (code !== 0 || stderr !== '') failed.push({ args, code, stderr });
  return stdout;
}

const ids: string[] = [];
for (let i = 0; i < Number(keyCount); i++) {
  const name = `${account} key ${i}`;
  const out = await command(['keys', 'create', '--name', name, '--scopes', 'mail.send', '--json']);
  if (!out) continue;
  const id = (JSON.parse(out) as { api_key_id: string }).api_key_id;
  ids.push(id);
  lastName[id] = name;
}
for (let r = 0; r < Number(renameCount); r++) {
  const id = ids[r % ids.length]!;
  const name = `${account} key ${r % ids.length} rev ${r}`;
  await command(['keys', 'rename', id, '--name', name]);
  lastName[id] = name;
}
process.stdout.write(`${JSON.stringify({ ran, failed, keys: lastName })}\n`);
