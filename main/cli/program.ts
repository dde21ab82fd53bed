/**
 * The `keydesk` command line: the same services the desktop app uses, over the same store.
 * Output follows SendGrid's JSON shapes with --json; errors go to stderr as
 * {"errors":[{"field","message"}]} and change nothing: exit 2 for a usage mistake, 1 for a refusal.
 * Each command group lives in its own module under commands/; what a command needs beyond its
 * flags (SQLite, the services, the HTTP server) is loaded when it runs, so each starts fast.
 */
import { Command, CommanderError } from 'commander';
import { toKeydeskError } from '../../common/errors.ts';
import { DEFAULT_ACCOUNT } from '../store/account-table.ts';
import { APP_VERSION } from '../services/app-version.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerAnnotateCommand } from './commands/annotate.ts';
import { registerKeyLifecycleCommands } from './commands/key-lifecycle.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerDiffCommand } from './commands/diff.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerLeaksCommand } from './commands/leaks.ts';
import { registerLogCommand } from './commands/log.ts';
import { registerPullCommand } from './commands/pull.ts';
import { registerRestoreBackupCommand } from './commands/restore-backup.ts';
import { registerReviewCommands } from './commands/review.ts';
import { registerScopeCommands } from './commands/scopes.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { argvErrors } from './argv-text.ts';
import { flagsWithValues, protectDashedKeyIds } from './dashed-key-ids.ts';
import { printError, processOutput, type Output } from './output.ts';
import { createCliContext, type Env } from './session.ts';
import { UsageError } from './usage-error.ts';

/** The whole command tree, with its actions bound to `env` and `output`. */
export function buildProgram(env: Env, output: Output, exit: (code: number) => void): Command {
  const program = new Command('keydesk')
    .description('Create, audit and export SendGrid-style API keys, offline.')
    .option('--db <file>', 'key store file (default: $KEYDESK_DB, else the per-user app-data folder)')
    .option('--account <name>', `account to act on (default: "${DEFAULT_ACCOUNT}", or the account of KEYDESK_API_KEY)`)
    .option('--local', "show times in this machine's time zone instead of UTC (JSON stays UTC)")
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
      outputError: () => undefined, // reported as SendGrid JSON by run()
    });

  const context = createCliContext(program, env, output, exit);
  program.hook('preAction', () => context.prepare());
  registerScopeCommands(program, context);
  const keys = registerKeyCommands(program, context);
  registerKeyLifecycleCommands(keys, context);
  registerAnnotateCommand(keys, context);
  registerAccountCommands(program, context);
  registerVerifyCommand(program, context);
  registerLogCommand(program, context);
  registerServeCommand(program, context);
  registerAuditCommand(program, context);
  registerExportCommand(program, context);
  registerImportCommand(program, context);
  registerPullCommand(program, context);
  registerDiffCommand(program, context);
  registerLeaksCommand(program, context);
  registerRestoreBackupCommand(program, context);
  registerReviewCommands(program, context);
  return program;
}

/**
 * Commander repeats a mistaken argument in its message (too many arguments, a bad option value):
 * a SendGrid key pasted in the wrong place is shown by its ID only, never its secret.
 */
const withoutKeys = (message: string): string => message.replace(/SG\.([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]+/g, 'SG.$1.…');

/** Runs the CLI; resolves to the process exit code. */
export async function run(argv: readonly string[], env: Env = process.env, output: Output = processOutput): Promise<number> {
  let code = 0;
  const program = buildProgram(env, output, (c) => (code = c));
  const valueFlags = flagsWithValues(program);
  const unreadable = argvErrors(argv, valueFlags);
  if (unreadable.length) {
    printError(output, { errors: unreadable });
    return 2;
  }
  try {
    await program.parseAsync(protectDashedKeyIds(argv, valueFlags), { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      if (error.code === 'commander.help') return 2; // no command given: the usage text was printed
      const field = /'(--?[\w-]+)/.exec(error.message)?.[1] ?? null;
      printError(output, { errors: [{ field, message: withoutKeys(error.message.replace(/^error: /, '')) }] });
      return 2;
    }
    printError(output, toKeydeskError(error).toBody());
    return error instanceof UsageError ? 2 : 1;
  }
}
