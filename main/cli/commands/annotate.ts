/** `keydesk keys annotate ID...`: owner, purpose and tags, Keydesk's own notes on keys, never sent to SendGrid. */
import { Option, type Command } from 'commander';
import { withFlagNames } from '../flag-fields.ts';
import { json } from '../output.ts';
import type { CliContext } from '../session.ts';
import { usageError } from '../usage-error.ts';
import type { AnnotationChange } from '../../../common/reviews.ts';

interface AnnotateFlags {
  readonly owner?: string;
  readonly purpose?: string;
  readonly tag?: string[];
  readonly untag?: string[];
  readonly json?: boolean;
}

const repeatable = (flags: string, description: string) =>
  new Option(flags, description).argParser((value: string, previous: string[] = []) => [...previous, value]);

const FLAGS = { owner: '--owner', purpose: '--purpose', add_tags: '--tag', remove_tags: '--untag', tags: '--tag' };

export function registerAnnotateCommand(keys: Command, { output, session }: CliContext): void {
  keys
    .command('annotate <ids...>')
    .description("set keys' owner, purpose and tags (kept here, never sent to SendGrid; every change is audit-logged)")
    .option('--owner <email>', "who answers for the keys: an email address ('' clears it)")
    .option('--purpose <text>', "what the keys are for ('' clears it)")
    .addOption(repeatable('--tag <tag>', 'add a tag (repeatable)'))
    .addOption(repeatable('--untag <tag>', 'remove a tag (repeatable)'))
    .option('--json', 'JSON output: {result: [{api_key_id, name, owner, purpose, tags, changed}]}')
    .action((ids: string[], flags: AnnotateFlags) => {
      const change: AnnotationChange = {
        ...(flags.owner === undefined ? {} : { owner: flags.owner }),
        ...(flags.purpose === undefined ? {} : { purpose: flags.purpose }),
        ...(flags.tag ? { add_tags: flags.tag } : {}),
        ...(flags.untag ? { remove_tags: flags.untag } : {}),
      };
      if (Object.keys(change).length === 0) throw usageError(null, 'nothing to change: give --owner, --purpose, --tag or --untag');
      const result = withFlagNames(FLAGS, () => session((s) => s.annotations.annotate(s.caller, ids, change)));
      if (flags.json) return output.out(json({ result }));
      const changed = result.filter((r) => r.changed);
      const lines = result.map((r) =>
        `${r.changed ? 'Annotated' : 'Unchanged'} ${r.api_key_id} "${r.name}": owner ${r.owner ?? 'none'}; purpose ${r.purpose === null ? 'none' : `"${r.purpose}"`}; tags ${r.tags.join(', ') || 'none'}`,
      );
      if (result.length > 1) lines.push(`${changed.length} of ${result.length} keys changed.`);
      output.out(lines.join('\n'));
    });
}
