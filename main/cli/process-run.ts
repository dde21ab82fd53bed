/**
 * The CLI as a process's whole work, for `keydesk` under Node and for the desktop app's binary
 * started with CLI arguments: run the command, set the exit code, and end quietly when whoever
 * reads stdout stops reading (`keydesk keys list | head -1`), as command-line tools do.
 */
import { run } from './program.ts';

function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // Nobody reads stderr any more: nothing can be said there, and the command's outcome stands.
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** Runs the CLI on `argv` and resolves to its exit code, which is also set as the process's. */
export async function runAsProcess(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const code = await run(argv);
  process.exitCode = code;
  return code;
}
