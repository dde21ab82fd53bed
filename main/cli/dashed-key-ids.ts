/**
 * API Key IDs are base64url, so about 1 in 64 begins with "-", and commander would read
 * `keys show -hX...` as an option (-h even prints help). Before parsing, such an ID, and the
 * operands after it, move behind a `--`, which marks them as operands; options after it stay in
 * front, and an ID that is the value of an option (e.g. `--name -abc...`) stays where it is.
 */
import type { Command } from 'commander';
import { isKeyId } from '../core/key-format.ts';

/** Every flag in the command tree that takes a value, e.g. `--name`, `--grace`, `--db`. */
export function flagsWithValues(program: Command): Set<string> {
  const flags = new Set<string>();
  const visit = (command: Command): void => {
    for (const option of command.options) {
      if (!option.required && !option.optional) continue;
      if (option.long) flags.add(option.long);
      if (option.short) flags.add(option.short);
    }
    command.commands.forEach(visit);
  };
  visit(program);
  return flags;
}

export function protectDashedKeyIds(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  if (argv.includes('--')) return [...argv]; // the user already marked the operands
  const isValue = (i: number) => i > 0 && valueFlags.has(argv[i - 1]!);
  const first = argv.findIndex((arg, i) => arg.startsWith('-') && isKeyId(arg) && !isValue(i));
  if (first < 0) return [...argv];
  const options: string[] = [];
  const operands: string[] = [];
  for (let i = first; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-') && !isKeyId(arg)) {
      options.push(arg);
      if (valueFlags.has(arg) && i + 1 < argv.length) options.push(argv[++i]!);
    } else {
      operands.push(arg);
    }
  }
  return [...argv.slice(0, first), ...options, '--', ...operands];
}
