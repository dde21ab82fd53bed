/**
 * The desktop app's binary is also the `keydesk` command line: started with CLI arguments it runs
 * the CLI instead of opening a window (the runAsNode fuse stays off, so Electron cannot simply be
 * told to act as Node). Two ways in:
 *
 * - the `keydesk` / `keydesk.cmd` launchers shipped beside the app pass `--cli --` and then the
 *   user's arguments. Chromium switches may come before `--cli` (the Linux launcher runs Ozone's
 *   headless platform, so no display is needed); `--` stops Chromium reading any of the user's
 *   arguments as its own switches.
 * - the binary itself started with a command (`Keydesk.exe keys list`, or `keydesk keys list`
 *   through the link a deb package puts on PATH): the first argument is one of the CLI's commands
 *   or global flags. Anything else (no arguments, a switch, a file to open) starts the app.
 */
import { buildProgram } from './program.ts';

export const CLI_MARKER = '--cli';

/** Every word a command line may start with: the CLI's commands, `help`, and its global flags. */
function firstWords(): Set<string> {
  const silent = { out: () => undefined, err: () => undefined };
  const program = buildProgram({}, silent, () => undefined);
  const flags = program.options.flatMap((option) => [option.long, option.short]).filter((flag): flag is string => flag !== undefined);
  return new Set([...program.commands.map((command) => command.name()), 'help', '--help', '-h', ...flags]);
}

/**
 * The CLI arguments in the app's argv, or null when the app should start as the app.
 * `defaultApp`: Electron was started on a folder or script (`electron .`), which then comes first.
 */
export function cliArgumentsOf(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  const marker = args.indexOf(CLI_MARKER);
  if (marker >= 0 && args.slice(0, marker).every((arg) => arg.startsWith('--'))) {
    const rest = args.slice(marker + 1);
    return rest[0] === '--' ? rest.slice(1) : rest;
  }
  const first = args[0];
  return first !== undefined && firstWords().has(first.split('=')[0]!) ? [...args] : null;
}
