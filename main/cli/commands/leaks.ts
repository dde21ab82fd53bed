/** `keydesk leaks PATH`: SendGrid-shaped keys in files; exit 1 when one is a live key of this store. */
import type { Command } from 'commander';
import { checkLeaks, MAX_FILE_BYTES } from '../../services/leak-check.ts';
import { json, table } from '../output.ts';
import { cliProgress, type ProgressFlag } from '../progress.ts';
import type { CliContext } from '../session.ts';
import type { LeakReport } from '../../../common/inventory.ts';

interface LeakFlags extends ProgressFlag {
  readonly json?: boolean;
  readonly scanIgnored?: boolean;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(report: LeakReport, live: number): string {
  const summary =
    `Scanned ${count(report.files_scanned, 'file')} in ${report.root} (${report.skipped.length} skipped): ` +
    `${count(report.hits.length, 'SendGrid-shaped key')}, ${live} live.`;
  if (report.hits.length === 0) return summary;
  const rows = report.hits.map((h) => [
    `${h.file}:${h.line}:${h.column}`,
    h.status,
    h.redacted,
    h.account === null ? '' : `${h.account}: ${h.name ?? ''}`,
  ]);
  const advice = live ? '\nDelete or roll every live key found: anyone who can read these files can use it.' : '';
  return `${table(['where', 'status', 'key', 'key in this store'], rows)}\n\n${summary}${advice}`;
}

export function registerLeaksCommand(program: Command, { output, sessionAsync, exit }: CliContext): void {
  program
    .command('leaks <path>')
    .description('scan a file or folder for SendGrid-shaped keys; exit 1 when one is a live key of this store')
    .option('--json', 'JSON output: {root, files_scanned, hits: [{file, line, column, api_key_id, account, name, status, redacted}], skipped}')
    .option('--scan-ignored', 'also scan .git and node_modules folders')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .addHelpText('after', `\nSkipped: binary files, files over ${MAX_FILE_BYTES / 1024 / 1024} MiB, symlinks (never followed).`)
    .action(async (path: string, flags: LeakFlags) => {
      const onProgress = cliProgress('leaks', 'files', flags, output);
      const report = await sessionAsync((s) =>
        checkLeaks(s.store, path, { caller: s.caller, clock: s.clock, onProgress, scanIgnoredFolders: flags.scanIgnored === true }),
      );
      const live = report.hits.filter((h) => h.status === 'live').length;
      output.out(flags.json ? json(report) : describe(report, live));
      if (live) exit(1);
    });
}
