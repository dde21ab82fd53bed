/**
 * The app's binary started as the command line (see main/cli/app-arguments.ts): no window, no Dock
 * icon, no GPU and, on Linux, Ozone's headless platform so no display is needed; the process ends
 * with the CLI's exit code once what it printed has been written out.
 */
import type { App } from 'electron';
import { runAsProcess } from '../cli/process-run.ts';

type CliApp = Pick<App, 'exit' | 'disableHardwareAcceleration' | 'commandLine' | 'dock'>;

const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));

export async function runCliInApp(app: CliApp, argv: readonly string[]): Promise<void> {
  // Both must be set before Chromium initialises its platform, which happens after this script starts.
  app.disableHardwareAcceleration();
  if (process.platform === 'linux') app.commandLine.appendSwitch('ozone-platform', 'headless');
  app.dock?.hide();
  const code = await runAsProcess(argv);
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  app.exit(code);
}
