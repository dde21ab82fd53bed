/**
 * Progress of long runs on stderr, so stdout stays the result alone. On a terminal the line
 * redraws itself; elsewhere (logs, tests) it is off unless --progress asks for it, and then
 * prints a line every tenth of the way.
 */
import type { Progress } from '../services/progress.ts';
import type { Output } from './output.ts';

export interface ProgressFlag {
  readonly progress?: boolean;
}

export function cliProgress(label: string, unit: string, flags: ProgressFlag, output: Output): Progress | undefined {
  if (process.stderr.isTTY) {
    return (done, total) => {
      process.stderr.write(`\r${label}: ${done}/${total} ${unit}`);
      if (done === total) process.stderr.write('\n');
    };
  }
  if (!flags.progress) return undefined;
  let lastTenth = -1;
  return (done, total) => {
    const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    output.err(`${label}: ${done}/${total} ${unit}`);
  };
}
