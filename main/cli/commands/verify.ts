/** `keydesk verify`: does the key on stdin unlock a live key of this store? */
import type { Command } from 'commander';
import { badRequest, KeydeskError } from '../../../common/errors.ts';
import { nameErrors } from '../../core/grant.ts';
import { json, printError } from '../output.ts';
import type { CliContext } from '../session.ts';

/** The one key on stdin, as text; refused (never echoed: it may be a secret) when it is not one line of UTF-8. */
export async function readKeyFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest('stdin', 'stdin is not UTF-8 text');
  }
  const key = text.trim();
  if (/\p{Cc}/u.test(key)) throw badRequest('stdin', 'expected one key on one line; stdin holds control characters or several lines');
  return key;
}

export function registerVerifyCommand(program: Command, { output, session, exit }: CliContext): void {
  program
    .command('verify')
    .description('read one key from stdin; exit 0 with {api_key_id, name, scopes}, or 1 when rejected')
    .option('--caller <label>', 'who is verifying, recorded as the key\'s last user (default: cli)', 'cli')
    .action(async (options: { caller: string }) => {
      const labelErrors = nameErrors(options.caller);
      if (labelErrors.length) {
        throw new KeydeskError('BAD_REQUEST', labelErrors.map((e) => ({ ...e, field: '--caller', message: e.message.replace(/^name/, 'the label') })));
      }
      const presented = await readKeyFromStdin();
      const result = session((s) => {
        const verified = s.verifier.verify(presented, { caller: options.caller });
        return verified.ok ? { ...verified, name: s.store.keys.nameOf(verified.key.api_key_id) ?? '' } : verified;
      });
      if (!result.ok) {
        printError(output, { errors: [{ field: null, message: result.message }] });
        return exit(1);
      }
      const { api_key_id, scopes } = result.key;
      output.out(json({ api_key_id, name: result.name, scopes }));
    });
}
