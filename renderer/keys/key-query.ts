/**
 * Searching, filtering and sorting the key list. Built for 100,000 keys: each key's search text is
 * lower-cased once per list, sorting happens only when the order changes, the filters besides the
 * text are applied once per list and filter, and a keystroke only compares text, over the rows the
 * last keystroke left where it can.
 */
import type { AccessType } from '../../common/catalog.ts';
import { DAY_MS } from '../../common/durations.ts';
import { keyIdInText } from '../../common/key-shape.ts';
import { expiryWarning, keyStatus } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';

export const SORT_COLUMNS = ['name', 'api_key_id', 'access_type', 'expires_at', 'created_at', 'last_used_at'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface SortOrder {
  readonly column: SortColumn;
  readonly direction: SortDirection;
}

export type AccessFilter = AccessType | 'all';

/** Statuses as `verify` sees them, plus "expiring": active and within the 30-day warning. */
export const STATUS_FILTERS = ['all', 'active', 'expiring', 'disabled', 'expired'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * How a key has been used, by the audit's own rules: `unused` (last used more than N days ago),
 * `never_used` (issued more than N days ago and never used), `in_grace` (rolled, the previous secret
 * still working). N is the audit's unused threshold (Settings).
 */
export const USE_FILTERS = ['any', 'unused', 'never_used', 'in_grace'] as const;
export type UseFilter = (typeof USE_FILTERS)[number];

/** What narrows the list besides the search text. `now` (ms) decides expiry and staleness; it matters only for a status or use filter. */
export interface RowFilter {
  readonly access: AccessFilter;
  readonly status?: StatusFilter;
  readonly use?: UseFilter;
  /** The audit's unused threshold, in days. */
  readonly unusedDays?: number;
  /** Rolled keys in grace: API Key ID → when the old secret stops. */
  readonly grace?: ReadonlyMap<string, string>;
  /** Only these keys (an audit finding's), or every key. */
  readonly only?: ReadonlySet<string> | null;
  readonly now?: number;
}

export interface KeyRow {
  readonly key: KeyRecord;
  /** Lower-cased name and ID, what a search matches against (kept apart: a joined string would be
   * a rope V8 flattens on the first search, a 100,000-key pause on the first keystroke). */
  readonly name: string;
  readonly id: string;
}

export function toRows(keys: readonly KeyRecord[]): KeyRow[] {
  return keys.map((key) => ({ key, name: key.name.toLowerCase(), id: key.api_key_id.toLowerCase() }));
}

const ACCESS_ORDER: Readonly<Record<AccessType, number>> = { full: 0, restricted: 1, billing: 2 };
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const COMPARE: Readonly<Record<SortColumn, (a: KeyRow, b: KeyRow) => number>> = {
  name: (a, b) => byText(a.name, b.name),
  api_key_id: (a, b) => byText(a.key.api_key_id, b.key.api_key_id),
  access_type: (a, b) => ACCESS_ORDER[a.key.access_type] - ACCESS_ORDER[b.key.access_type],
  created_at: (a, b) => byText(a.key.created_at, b.key.created_at),
  // Never used sorts as the oldest use.
  last_used_at: (a, b) => byText(a.key.last_used_at ?? '', b.key.last_used_at ?? ''),
  // Never expiring sorts after every date ('~' follows the digits).
  expires_at: (a, b) => byText(a.key.expires_at ?? '~', b.key.expires_at ?? '~'),
};

/** The rows in the chosen order; ties fall back to name, then ID, so the order is stable. */
export function sortRows(rows: readonly KeyRow[], order: SortOrder): KeyRow[] {
  const primary = COMPARE[order.column];
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * primary(a, b) || COMPARE.name(a, b) || COMPARE.api_key_id(a, b),
  );
}

export interface KeyFilter extends RowFilter {
  /** What the search box holds. */
  readonly text: string;
}

/** Whether a key is in the status filter at `now`. */
export function hasStatus(key: KeyRecord, status: StatusFilter, now: Date): boolean {
  if (status === 'all') return true;
  const current = keyStatus(key, now);
  if (status === 'expiring') return current === 'active' && expiryWarning(key.expires_at, now) !== null;
  return current === status;
}

/** Whether a key is in the use filter at `now`; `since` is `now` less the unused threshold, as ISO-8601. */
export function hasUse(key: KeyRecord, use: UseFilter, since: string, grace: ReadonlyMap<string, string>, now: string): boolean {
  switch (use) {
    case 'any':
      return true;
    case 'unused':
      return key.last_used_at !== null && key.last_used_at < since;
    case 'never_used':
      // As the audit's never_used: keys issued here (Keydesk sees their every use), made before the threshold.
      return key.origin === 'issued' && key.last_used_at === null && key.created_at < since;
    case 'in_grace': {
      const ends = grace.get(key.api_key_id);
      return ends !== undefined && ends > now;
    }
  }
}

/** The filters besides the search text as one test per row, with what they compare worked out once. */
function rowTest({ access, status = 'all', use = 'any', unusedDays = 90, grace = new Map(), only = null, now = 0 }: RowFilter): (row: KeyRow) => boolean {
  const at = new Date(now);
  const iso = at.toISOString();
  const since = new Date(now - unusedDays * DAY_MS).toISOString();
  return (row) =>
    (only === null || only.has(row.key.api_key_id)) &&
    (access === 'all' || row.key.access_type === access) &&
    (status === 'all' || hasStatus(row.key, status, at)) &&
    (use === 'any' || hasUse(row.key, use, since, grace, iso));
}

/** True when nothing but the search text narrows the list. */
export function unfiltered(filter: RowFilter): boolean {
  return filter.access === 'all' && (filter.status ?? 'all') === 'all' && (filter.use ?? 'any') === 'any' && (filter.only ?? null) === null;
}

/** The rows the filters besides the search text leave, in their order (`sorted` itself when none narrows it). */
function filteredRows(sorted: readonly KeyRow[], filter: RowFilter): readonly KeyRow[] {
  return unfiltered(filter) ? sorted : sorted.filter(rowTest(filter));
}

/**
 * The rows whose name or ID holds `needle` (lower-cased, not empty): all a keystroke compares per
 * row. `rows` itself when every row does, so a keystroke that hides nothing changes nothing
 * downstream (the table sees the same list and does not re-render).
 */
function rowsHolding(rows: readonly KeyRow[], needle: string): readonly KeyRow[] {
  const found: KeyRow[] = [];
  for (const row of rows) if (row.name.includes(needle) || row.id.includes(needle)) found.push(row);
  return found.length === rows.length ? rows : found;
}

const needleOf = (text: string): string => text.trim().toLowerCase();

export function filterRows(sorted: readonly KeyRow[], filter: KeyFilter): readonly KeyRow[] {
  const needle = needleOf(filter.text);
  const rows = filteredRows(sorted, filter);
  return needle === '' ? rows : rowsHolding(rows, needle);
}

/**
 * Filtering as the user types, over one sorted list and set of filters. The filters besides the
 * text are applied here, once, so a keystroke only compares text. Rows matching "service 43" all
 * match "service 4", so each search starts from the smallest earlier result whose text it
 * contains, and an erased character finds its result in the cache: with 100,000 keys a keystroke
 * rarely scans them all.
 */
export function createSearch(sorted: readonly KeyRow[], filter: RowFilter, size = 32): (text: string) => readonly KeyRow[] {
  const rows = filteredRows(sorted, filter);
  const results = new Map<string, readonly KeyRow[]>();
  return (text) => {
    const needle = needleOf(text);
    if (needle === '') return rows;
    const known = results.get(needle);
    if (known) return known;
    let from = rows;
    for (const [earlier, found] of results) if (needle.includes(earlier) && found.length < from.length) from = found;
    const found = rowsHolding(from, needle);
    if (results.size >= size) results.delete(results.keys().next().value!);
    results.set(needle, found);
    return found;
  };
}

export interface SearchInput {
  readonly text: string;
  /** True when the user pasted a full key and the box now holds only its API Key ID. */
  readonly fromPastedKey: boolean;
}

/**
 * What the search box keeps of what the user typed or pasted. A full key finds its row by the API
 * Key ID inside it; the secret part is dropped at once, so it stays in neither the box nor state.
 */
export function searchInputFor(typed: string): SearchInput {
  const id = keyIdInText(typed);
  if (id === null) return { text: typed, fromPastedKey: false };
  // A regex match can share memory with the text it came from; a fresh copy lets the pasted
  // secret be collected.
  return { text: [...id].join(''), fromPastedKey: true };
}
