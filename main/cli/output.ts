/** Terminal output: aligned tables for people, JSON for scripts, errors always as SendGrid JSON on stderr. */
import type { ErrorBody } from '../../common/errors.ts';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

export function printError(output: Output, body: ErrorBody): void {
  output.err(JSON.stringify(body));
}

/** Left-aligned columns separated by two spaces; the header is upper-cased. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers.map((h) => h.toUpperCase()), ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
