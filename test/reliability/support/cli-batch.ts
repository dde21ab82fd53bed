/**
 * Runs a list of `keydesk` commands in one process, each through the real `run()` (which opens the
 * store, runs the command and closes it, as a `keydesk` invocation does), and prints what each one
 * printed. Spares a test a second of Node start-up per command.
 *
 *   echo '[["--db", "k.db", "keys", "list"], ...]' | node cli-batch.ts
 *
 * prints one JSON array: [{args, code, stdout, stderr}].
 */
import { run } from '../../../main/cli/program.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const commands = JSON.parse(Buffer.concat(chunks).toString('utf8')) as string[][];
const env = { ...process.env, KEYDESK_API_KEY: undefined };

const results: { args: string[]; code: number; stdout: string; stderr: string }[] = [];
for (const args of commands) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, env, {
    out: (text) => void (stdout += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void (stderr += text.endsWith('\n') ? text : `${text}\n`),
  });
  results.push({ args, code, stdout, stderr });
}
process.stdout.write(JSON.stringify(results));
