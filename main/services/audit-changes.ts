/** What an audit entry changed, in words a person reads: renamed, scopes added and removed, status. */
import type { AuditedAccountState } from '../store/account-table.ts';
import type { AuditEntry } from '../store/audit-log.ts';
import type { AuditedKeyState } from '../store/key-table.ts';
import type { ChangeSummary } from '../../common/audit.ts';
import { describeReviewChange } from './review-changes.ts';

/** A roll's snapshots carry the secrets' short ids next to the key's state. */
type KeyState = AuditedKeyState & {
  readonly secret_id?: string | null;
  readonly previous_secret_retires_at?: string | null;
};

// A scope list the log names but no longer holds as it was stays a name (audit-snapshots.ts): not a state to describe.
const asState = (value: unknown): KeyState | null =>
  value !== null && typeof value === 'object' && Array.isArray((value as { scopes?: unknown }).scopes) ? (value as KeyState) : null;

const asAccount = (value: unknown): AuditedAccountState | null =>
  value !== null && typeof value === 'object' && 'parent_id' in value ? (value as AuditedAccountState) : null;

export function summarizeChange(entry: Pick<AuditEntry, 'before' | 'after'>): ChangeSummary {
  const before = asState(entry.before);
  const after = asState(entry.after);
  const had = new Set(before?.scopes ?? []);
  const has = new Set(after?.scopes ?? []);
  const both = before && after;
  return {
    ...(both && before.name !== after.name ? { renamed: { from: before.name, to: after.name } } : {}),
    scopesAdded: [...has].filter((s) => !had.has(s)).sort(),
    scopesRemoved: [...had].filter((s) => !has.has(s)).sort(),
    ...(before?.access_type !== after?.access_type
      ? { accessType: { from: before?.access_type ?? null, to: after?.access_type ?? null } }
      : {}),
    ...(both && before.expires_at !== after.expires_at ? { expiry: { from: before.expires_at, to: after.expires_at } } : {}),
    ...(both && before.disabled !== after.disabled ? { disabled: after.disabled } : {}),
    ...(both && after.secret_id && before.secret_id !== after.secret_id
      ? { rolled: { from: before.secret_id ?? null, to: after.secret_id, previousRetiresAt: after.previous_secret_retires_at ?? null } }
      : {}),
  };
}

const ACCESS_NAMES: Readonly<Record<string, string>> = { full: 'Full', restricted: 'Restricted', billing: 'Billing' };
const count = (n: number) => `${n} scope${n === 1 ? '' : 's'}`;
const time = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : 'never');
const lifetime = (days: number | null) => (days === null ? 'off' : `${days} day${days === 1 ? '' : 's'}`);

/** How a name is set into a sentence: in quotes. */
export type NameQuoting = (name: string) => string;

export const quotedName: NameQuoting = (name) => `"${name}"`;

/**
 * Quoted and bidi-isolated (FSI … PDI), for the app: direction marks inside a stored name (say a
 * U+202E) then stay inside it instead of reordering the words around it.
 */
export const isolatedName: NameQuoting = (name) => `"\u2068${name}\u2069"`;

function describeAccountChange(before: AuditedAccountState | null, after: AuditedAccountState | null, q: NameQuoting): string {
  if (!before && after) return `account ${q(after.name)} created${after.parent_id === null ? '' : ' as a subuser'}`;
  if (before && !after) return `account ${q(before.name)} deleted`;
  const parts: string[] = [];
  if (before && after && before.name !== after.name) parts.push(`account renamed ${q(before.name)} → ${q(after.name)}`);
  if (before && after && before.max_key_lifetime_days !== after.max_key_lifetime_days) {
    parts.push(`max key lifetime ${lifetime(before.max_key_lifetime_days)} → ${lifetime(after.max_key_lifetime_days)}`);
  }
  return parts.join('; ');
}

/** Inventory exports, imports and pulls record what was written, read or pulled, not a key's state. */
function describeInventory(action: string | undefined, after: unknown): string | null {
  if (after === null || typeof after !== 'object') return null;
  const a = after as Partial<Record<'format' | 'sha256' | 'key_count' | 'added' | 'updated' | 'changed' | 'removed' | 'unchanged' | 'base_url', unknown>>;
  const sha = typeof a.sha256 === 'string' ? ` (sha256 ${a.sha256.slice(0, 12)}…)` : '';
  if (action === 'inventory.export') {
    return `exported ${String(a.key_count)} key${a.key_count === 1 ? '' : 's'} as ${String(a.format)}${sha}`;
  }
  if (action === 'inventory.import') return `imported ${String(a.format)}: ${String(a.added)} added, ${String(a.updated)} updated${sha}`;
  if (action === 'inventory.pull') {
    return `pulled from ${String(a.base_url)}: ${String(a.added)} added, ${String(a.changed)} changed, ${String(a.removed)} removed, ${String(a.unchanged)} unchanged`;
  }
  if (action === 'audit.reseal') return `audit log sealed afresh with a key made on this machine (${String((after as { sealed_rows?: unknown }).sealed_rows)} rows before it)`;
  return null;
}

/** One line for terminals and tooltips, e.g. `renamed "a" → "b"; +2 scopes, −1 scope`. */
export function describeChange(entry: Pick<AuditEntry, 'before' | 'after'> & { readonly action?: string }, quoteName: NameQuoting = quotedName): string {
  const inventory = describeInventory(entry.action, entry.after);
  if (inventory) return inventory;
  const review = describeReviewChange(entry.action, entry.before, entry.after, quoteName);
  if (review !== null) return review;
  const accountBefore = asAccount(entry.before);
  const accountAfter = asAccount(entry.after);
  if (accountBefore || accountAfter) return describeAccountChange(accountBefore, accountAfter, quoteName);
  const before = asState(entry.before);
  const after = asState(entry.after);
  if (!before && after) {
    const verb = entry.action === 'key.import' ? 'imported' : entry.action === 'key.pull' ? 'pulled from SendGrid' : 'created';
    const expiry = after.expires_at ? `, expires ${time(after.expires_at)}` : '';
    return `${verb}: ${ACCESS_NAMES[after.access_type] ?? after.access_type}, ${count(after.scopes.length)}${expiry}`;
  }
  if (before && !after) return entry.action === 'key.pull.remove' ? 'removed from SendGrid' : 'deleted';
  const change = summarizeChange(entry);
  const parts: string[] = [];
  if (change.rolled) {
    const retires = change.rolled.previousRetiresAt ? `, old secret works until ${time(change.rolled.previousRetiresAt)}` : '';
    parts.push(`rolled: secret ${change.rolled.from ?? '?'} → ${change.rolled.to}${retires}`);
  }
  if (change.renamed) parts.push(`renamed ${quoteName(change.renamed.from)} → ${quoteName(change.renamed.to)}`);
  if (change.accessType) parts.push(`access ${change.accessType.from} → ${change.accessType.to}`);
  if (change.scopesAdded.length) parts.push(`+${count(change.scopesAdded.length)}`);
  if (change.scopesRemoved.length) parts.push(`−${count(change.scopesRemoved.length)}`);
  if (change.expiry) parts.push(`expiry ${time(change.expiry.from)} → ${time(change.expiry.to)}`);
  if (change.disabled !== undefined) parts.push(change.disabled ? 'disabled' : 'enabled');
  // A record imported from a file that a pull found in SendGrid.
  if (before && after && before.origin !== after.origin) parts.push(`record ${before.origin} → ${after.origin}`);
  return parts.join('; ');
}
