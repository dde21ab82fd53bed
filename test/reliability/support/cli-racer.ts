/**
 * One `keydesk` command, started on a signal: the process loads the CLI, prints "ready", and runs
 * the command through the real `run()` when a line arrives on stdin. Several of these start a
 * command within a millisecond of each other, which separate process start-ups (half a second
 * each, give or take) never would. Prints {code, stdout, stderr} as one JSON line.
 *
 *   node cli-racer.ts --db k.db keys create --name racer --scopes mail.send   (--db first)
 */
import { createInterface } from 'node:readline';
import { run } from '../../../main/cli/program.ts';

const argv = process.argv.slice(2);
const env = { ...process.env, KEYDESK_API_KEY: undefined };
const lines = createInterface({ input: process.stdin });
// A first command (it opens the same store) pays for loading and warming up the code, so that on
// the signal the racers reach the store within a few milliseconds of each other.
const quiet = { out: () => undefined, err: () => undefined };
await run([...argv.slice(0, 2), 'accounts', 'list', '--json'], env, quiet);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
let stdout = '';
let stderr = '';
const code = await run(argv, env, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
process.stdout.write(`${JSON.stringify({ code, stdout, stderr })}\n`);
