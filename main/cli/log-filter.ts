/**
 * `keydesk log --since --until --key --action`: the flags as the audit log's filter. Dates are
 * read as everywhere else in the CLI (a date alone is 00:00 UTC), except that `--until` with a
 * date alone takes in that whole day, as a person asking "until the 31st" means.
 */
import { DAY_MS, INSTANT_HINT, parseInstant } from '../../common/durations.ts';
import { AUDIT_ACTIONS } from '../../common/records.ts';
import type { TrailFilter } from '../services/audit-trail.ts';
import { usageError } from './usage-error.ts';

export interface LogFilterFlags {
  readonly since?: string;
  readonly until?: string;
  readonly key?: string;
  readonly action?: string;
}

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

function instant(flag: string, text: string): Date {
  const at = parseInstant(text);
  if (!at) throw usageError(flag, `expected ${INSTANT_HINT}; got "${text}"`);
  return at;
}

export function logFilter(flags: LogFilterFlags): Omit<TrailFilter, 'allAccounts'> {
  const since = flags.since === undefined ? undefined : instant('--since', flags.since);
  let until = flags.until === undefined ? undefined : instant('--until', flags.until);
  if (until && DATE_ONLY.test(flags.until!)) until = new Date(until.getTime() + DAY_MS - 1);
  if (since && until && since > until) throw usageError('--since', '--since is after --until: no entry can match');
  if (flags.action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(flags.action)) {
    throw usageError('--action', `unknown action "${flags.action}"; actions: ${AUDIT_ACTIONS.join(', ')}`);
  }
  return {
    ...(since ? { since: since.toISOString() } : {}),
    ...(until ? { until: until.toISOString() } : {}),
    ...(flags.key !== undefined ? { keyId: flags.key } : {}),
    ...(flags.action !== undefined ? { action: flags.action } : {}),
  };
}
