/**
 * Command-line arguments must be plain text. Node decodes argv as UTF-8 and puts U+FFFD where the
 * bytes were not valid UTF-8, so a mangled name would otherwise be stored as replacement
 * characters; control characters (escape sequences, newlines, NUL) have no place in a name, an ID,
 * a label or a path, and could rewrite a terminal when echoed. Both are refused before parsing,
 * naming the flag (or the position) of the argument, never echoing it.
 */
import type { FieldError } from '../../common/errors.ts';

const CONTROL = /\p{Cc}/u;
const REPLACEMENT = '\uFFFD';

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Problems with the raw arguments, empty when every one is plain text. */
export function argvErrors(argv: readonly string[], valueFlags: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  argv.forEach((arg, i) => {
    const previous = argv[i - 1];
    const inline = /^(--[\w-]+)=/.exec(arg)?.[1];
    const field = inline ?? (previous !== undefined && valueFlags.has(previous) ? previous : `argument ${i + 1}`);
    if (arg.includes(REPLACEMENT) || !arg.isWellFormed()) {
      errors.push({ field, message: 'not valid UTF-8 text: check the terminal or script encoding' });
      return;
    }
    const control = CONTROL.exec(arg)?.[0];
    if (control !== undefined) errors.push({ field, message: `contains a control character (${codePoint(control)})` });
  });
  return errors;
}
