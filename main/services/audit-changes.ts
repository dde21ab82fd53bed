/** What an audit entry changed, in words a person reads: renamed, scopes added and removed, status. */
import type { AuditEntry } from '../store/audit-log.ts';
import type { AuditedKeyState } from '../store/key-table.ts';

export interface ChangeSummary {
  readonly renamed?: { readonly from: string; readonly to: string };
  readonly scopesAdded: readonly string[];
  readonly scopesRemoved: readonly string[];
  readonly accessType?: { readonly from: string | null; readonly to: string | null };
}

const asState = (value: unknown): AuditedKeyState | null =>
  value !== null && typeof value === 'object' && 'scopes' in value ? (value as AuditedKeyState) : null;

export function summarizeChange(entry: Pick<AuditEntry, 'before' | 'after'>): ChangeSummary {
  const before = asState(entry.before);
  const after = asState(entry.after);
  const had = new Set(before?.scopes ?? []);
  const has = new Set(after?.scopes ?? []);
  return {
    ...(before && after && before.name !== after.name ? { renamed: { from: before.name, to: after.name } } : {}),
    scopesAdded: [...has].filter((s) => !had.has(s)).sort(),
    scopesRemoved: [...had].filter((s) => !has.has(s)).sort(),
    ...(before?.access_type !== after?.access_type
      ? { accessType: { from: before?.access_type ?? null, to: after?.access_type ?? null } }
      : {}),
  };
}

const ACCESS_NAMES: Readonly<Record<string, string>> = { full: 'Full', restricted: 'Restricted', billing: 'Billing' };
const count = (n: number) => `${n} scope${n === 1 ? '' : 's'}`;

/** Inventory exports and imports record what was written or read, not a key's state. */
function describeInventory(action: string | undefined, after: unknown): string | null {
  if (after === null || typeof after !== 'object') return null;
  const a = after as Partial<Record<'format' | 'sha256' | 'key_count' | 'added' | 'updated', unknown>>;
  const sha = typeof a.sha256 === 'string' ? ` (sha256 ${a.sha256.slice(0, 12)}…)` : '';
  if (action === 'inventory.export') {
    return `exported ${String(a.key_count)} key${a.key_count === 1 ? '' : 's'} as ${String(a.format)}${sha}`;
  }
  if (action === 'inventory.import') return `imported ${String(a.format)}: ${String(a.added)} added, ${String(a.updated)} updated${sha}`;
  return null;
}

/** One line for terminals and tooltips, e.g. `renamed "a" → "b"; +2 scopes, −1 scope`. */
export function describeChange(entry: Pick<AuditEntry, 'before' | 'after'> & { readonly action?: string }): string {
  const inventory = describeInventory(entry.action, entry.after);
  if (inventory) return inventory;
  const before = asState(entry.before);
  const after = asState(entry.after);
  if (!before && after) {
    const verb = entry.action === 'key.import' ? 'imported' : 'created';
    return `${verb}: ${ACCESS_NAMES[after.access_type] ?? after.access_type}, ${count(after.scopes.length)}`;
  }
  if (before && !after) return 'deleted';
  const change = summarizeChange(entry);
  const parts: string[] = [];
  if (change.renamed) parts.push(`renamed "${change.renamed.from}" → "${change.renamed.to}"`);
  if (change.accessType) parts.push(`access ${change.accessType.from} → ${change.accessType.to}`);
  if (change.scopesAdded.length) parts.push(`+${count(change.scopesAdded.length)}`);
  if (change.scopesRemoved.length) parts.push(`−${count(change.scopesRemoved.length)}`);
  return parts.join('; ');
}
