/**
 * A packaged Keydesk does not start with a debugger attached. Chromium's remote debugging
 * (`--remote-debugging-port`, `--remote-debugging-pipe`) and Node's inspector (`--inspect`, ...)
 * would let any local process that reaches the port read the window and main, secrets included.
 * The fuses (electron-builder.yml) already make a packaged Electron ignore the Node inspector
 * switches and NODE_OPTIONS; Chromium's switches have no fuse. So a packaged app started with any
 * of them says why and exits before it opens the store or a window. Development builds keep them
 * (Playwright's Electron driver needs them).
 */

/** Switches that open a debugger, Chromium's and Node's, without their leading dashes. */
export const DEBUGGING_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-wait',
  'inspect-brk-node',
  'debug',
  'debug-brk',
  'debug-port',
] as const;

/** The parts of Electron's `app.commandLine` this needs. */
export interface CommandLineLike {
  hasSwitch(name: string): boolean;
  removeSwitch(name: string): void;
}

/**
 * The debugging switches on the command line (`argv` as Chromium reads it: `--name`, `-name`,
 * `--name=value`, and `/name` on Windows; nothing after a bare `--`), in Chromium's own parse
 * (`commandLine`), or among Node's options in NODE_OPTIONS.
 */
export function debuggingSwitches(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, commandLine: CommandLineLike): string[] {
  const prefix = platform === 'win32' ? /^(?:--|-|\/)/ : /^--?/;
  const named = new Set<string>();
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    if (!prefix.test(arg)) continue;
    const name = arg.replace(prefix, '').split('=')[0]!;
    named.add(platform === 'win32' ? name.toLowerCase() : name);
  }
  for (const option of (env.NODE_OPTIONS ?? '').split(/\s+/)) {
    if (/^--/.test(option)) named.add(option.slice(2).split('=')[0]!);
  }
  return DEBUGGING_SWITCHES.filter((name) => named.has(name) || commandLine.hasSwitch(name));
}

/** The parts of Electron's `app` and `dialog` a refusal needs. */
export interface RefusingApp {
  readonly commandLine: CommandLineLike;
  exit(code: number): void;
}
export interface ErrorBoxLike {
  showErrorBox(title: string, content: string): void;
}

export const refusalMessage = (found: readonly string[]): string =>
  `Keydesk does not start with a debugger attached, which could read your keys: remove ${found.map((name) => `--${name}`).join(', ')} and start it again.`;

/**
 * In a packaged build, refuses to start if a debugging switch is present: takes the switches off
 * Chromium's command line (so its debugging server does not start meanwhile), says why (a message
 * box; on Linux before `ready` Electron writes it to stderr) and exits with 1. True if it refused.
 */
export function refuseDebugging(
  app: RefusingApp,
  dialog: ErrorBoxLike,
  { packaged, argv, env, platform }: { readonly packaged: boolean; readonly argv: readonly string[]; readonly env: Readonly<Record<string, string | undefined>>; readonly platform: NodeJS.Platform },
): boolean {
  if (!packaged) return false;
  const found = debuggingSwitches(argv, env, platform, app.commandLine);
  if (found.length === 0) return false;
  for (const name of found) app.commandLine.removeSwitch(name);
  dialog.showErrorBox('Keydesk', refusalMessage(found));
  app.exit(1);
  return true;
}
