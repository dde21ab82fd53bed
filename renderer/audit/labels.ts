/** The words the audit, activity log and inventory pages use for what main reports. */
import type { AgeBucket, FindingRule, Severity } from '../../common/audit.ts';
import type { AuditAction } from '../../common/records.ts';
import type { InventoryFormat, LeakStatus, SkipReason } from '../../common/inventory.ts';

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { high: 'High', medium: 'Medium', low: 'Low' };

/** A finding's title: what kind of keys it is about. Its reason line (from main) says why it matters. */
export const RULE_TITLE: Readonly<Record<FindingRule, string>> = {
  full_access: 'Full Access keys',
  mints_keys: 'Keys that can create keys',
  send_and_control: 'Keys that send mail and control the account',
  over_key_limit: 'More keys than SendGrid allows',
  billing_access: 'Billing Access keys',
  unused: 'Unused keys',
  too_old: 'Old keys',
  near_key_limit: 'Near the 100-key limit',
  misreported_scopes: "Scopes SendGrid's UI misreports",
  never_used: 'Keys never used',
  in_grace: 'Rolled keys whose old secret still works',
  duplicate_name: 'Duplicate names',
  scopes_unknown: 'Scopes unknown',
};

/** Audit log actions as the services write them; an action missing here is shown as written. */
export const ACTION_LABEL: Readonly<Record<AuditAction, string>> = {
  'key.create': 'Key created',
  'key.rename': 'Key renamed',
  'key.update': 'Key updated',
  'key.delete': 'Key deleted',
  'key.disable': 'Key disabled',
  'key.enable': 'Key enabled',
  'key.expire': 'Expiry set',
  'key.roll': 'Key rolled',
  'key.import': 'Key imported',
  'key.import.update': 'Import updated a key',
  'key.pull': 'Key pulled from SendGrid',
  'key.pull.update': 'Key changed in SendGrid',
  'key.pull.remove': 'Key removed from SendGrid',
  'inventory.export': 'Inventory exported',
  'inventory.import': 'Inventory imported',
  'inventory.pull': 'Pulled from SendGrid',
  'account.create': 'Account created',
  'account.rename': 'Account renamed',
  'account.delete': 'Account deleted',
  'account.policy': 'Lifetime policy set',
  'audit.reseal': 'Audit log sealed afresh',
  'key.annotate': 'Owner, purpose or tags set',
  'review.start': 'Access review started',
  'review.decide': 'Review decision',
  'review.close': 'Access review closed',
  'review.report': 'Review report written',
};

export const actionLabel = (action: string): string => (Object.hasOwn(ACTION_LABEL, action) ? ACTION_LABEL[action as AuditAction] : action);

/**
 * `owner`, `key:<API Key ID>` for a key acting through the local API or the CLI, or
 * `pull:<API Key ID>` for what a pull found changed in SendGrid (the ID of the key it read with).
 */
export function actorLabel(actor: string): string {
  if (actor === 'owner') return 'Owner';
  if (actor.startsWith('key:')) return `Key ${actor.slice(4)}`;
  if (actor === 'pull') return 'SendGrid, by a pull';
  if (actor.startsWith('pull:')) return `SendGrid, by a pull with key ${actor.slice(5)}`;
  return actor;
}

export const LEAK_STATUS: Readonly<Record<LeakStatus, { readonly label: string; readonly meaning: string }>> = {
  live: { label: 'Live', meaning: 'a working key of this store: roll or delete it now' },
  disabled: { label: 'Disabled', meaning: 'the secret of a disabled key: refused now, but it works again if the key is enabled, so roll or delete it' },
  expired: { label: 'Expired', meaning: 'the secret of an expired key: refused now, but it works again if the key gets a new expiry, so roll or delete it' },
  retired: { label: 'Retired', meaning: 'a secret the key had before it was rolled; it no longer works' },
  wrong_secret: { label: 'Wrong secret', meaning: 'a known API Key ID with a secret that was never its own' },
  deleted: { label: 'Deleted', meaning: 'the key was deleted here and no longer works' },
  imported: { label: 'Imported', meaning: 'the key lives in SendGrid; its secret is not held here, so it may well work there' },
  unknown: { label: 'Unknown', meaning: 'no key of this store has this API Key ID' },
};

export const SKIP_REASON: Readonly<Record<SkipReason, string>> = {
  binary: 'binary file',
  too_large: 'over 10 MiB',
  symlink: 'symlink, not followed',
  ignored_folder: 'left out (.git, node_modules)',
  not_a_file: 'not a regular file',
  unreadable: 'could not be read',
  key_store: "Keydesk's own key store, which holds digests only",
};

export const INVENTORY_FORMAT: Readonly<Record<InventoryFormat, string>> = {
  'sendgrid-list': "SendGrid's key list (GET /v3/api_keys)",
  'sendgrid-keys': "SendGrid's key objects (GET /v3/api_keys/{id})",
  'keydesk-export': 'a Keydesk export',
};

/** "Under 30 days", "30–89 days", "365 days or more". */
export function ageLabel(bucket: Pick<AgeBucket, 'min_days' | 'max_days'>): string {
  if (bucket.min_days === 0 && bucket.max_days !== null) return `Under ${bucket.max_days} days`;
  if (bucket.max_days === null) return `${bucket.min_days} days or more`;
  return `${bucket.min_days}–${bucket.max_days - 1} days`;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString()} ${n === 1 ? word : many}`;
