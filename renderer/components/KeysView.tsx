/**
 * The list part of the page: search and filters, expiry warnings, the table with its sort order
 * and ticked keys, the bulk bar, or the empty state. It owns the search text, so a keystroke
 * re-renders this view and nothing above it. Bulk actions act on the ticked keys the list shows: a
 * key hidden by the search keeps its tick but is never acted on unseen. An audit finding's "Select
 * these keys" shows exactly its keys, ticked (the selection store's focus).
 */
import { memo, useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import { expiryWarning, keyStatus } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useKeys, useSelection, useSettings, useStores } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import {
  createSearch,
  sortRows,
  toRows,
  type SearchInput,
  type SortColumn,
  type SortOrder,
} from '../keys/key-query.ts';
import { BulkBar } from './BulkBar.tsx';
import { EmptyState } from './EmptyState.tsx';
import { CloseIcon, WarningIcon } from './icons.tsx';
import type { KeyAction } from './KeyActionsMenu.tsx';
import { KeyTable, type SelectionHandlers } from './KeyTable.tsx';
import { KeyToolbar, NO_FILTERS, type ListFilters } from './KeyToolbar.tsx';
import { recordCount } from './PageHeader.tsx';
import type { BulkAction } from '../../common/lifecycle.ts';

interface Props {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly createBlocked: string | null;
  readonly onCreate: () => void;
  readonly onAction: (action: KeyAction, key: KeyRecord) => void;
  /** Opens the key's detail panel (a row click, or Enter on the row). */
  readonly onOpen: (key: KeyRecord) => void;
  /** A bulk action on these keys (the ticked ones shown), to confirm. */
  readonly onBulk: (action: BulkAction, keys: readonly KeyRecord[]) => void;
  /** Owner, purpose and tags for these keys (the ticked ones shown). */
  readonly onBulkAnnotate: (keys: readonly KeyRecord[]) => void;
}

const NO_SEARCH: SearchInput = { text: '', fromPastedKey: false };
const NONE_CHOSEN: readonly KeyRecord[] = [];

export const KeysView = memo(function KeysView({ searchRef, createBlocked, onCreate, onAction, onOpen, onBulk, onBulkAnnotate }: Props) {
  const status = useKeys((state) => state.status);
  const keys = useKeys((state) => state.keys);
  const complete = useKeys((state) => state.complete);
  const grace = useKeys((state) => state.grace);
  const selected = useSelection((state) => state.selected);
  const focus = useSelection((state) => state.focus);
  const unusedDays = useSettings((state) => state.settings?.unusedKeyDays ?? 90);
  const selectionStore = useStores().selection;
  const [search, setSearch] = useState<SearchInput>(NO_SEARCH);
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const [order, setOrder] = useState<SortOrder>({ column: 'created_at', direction: 'descending' });
  const [dismissed, setDismissed] = useState<string | null>(null);
  const now = useNow(keys);
  const { access, status: statusFilter, use } = filters;

  const rows = useMemo(() => toRows(keys), [keys]);
  const sorted = useMemo(() => sortRows(rows, order), [rows, order]);
  // The list follows the search box in the same render, so a keystroke paints once, with its
  // result: createSearch keeps a keystroke's work to comparing text, over the rows the last one left.
  const text = search.text;
  // "Now" only matters to the status and use filters; without one, time passing does not redo the search.
  const filterNow = statusFilter === 'all' && use === 'any' ? 0 : now;
  const only = focus?.ids ?? null;
  const searchKeys = useMemo(
    () => createSearch(sorted, { access, status: statusFilter, use, unusedDays, grace, only, now: filterNow }),
    [sorted, access, statusFilter, use, unusedDays, grace, only, filterNow],
  );
  const visible = useMemo(() => searchKeys(text), [searchKeys, text]);
  // Nothing ticked (most of the time, and always as the list loads): no pass over 100,000 rows.
  const chosen = useMemo(
    () => (selected.size === 0 ? NONE_CHOSEN : visible.filter((row) => selected.has(row.key.api_key_id)).map((row) => row.key)),
    [visible, selected],
  );
  const warnings = useMemo(() => expiryWarnings(keys, now), [keys, now]);
  // Once per list, not per keystroke: the footnote's "N keys and M imported records".
  const issued = useMemo(() => keys.reduce((n, key) => (key.origin === 'issued' ? n + 1 : n), 0), [keys]);

  // Handlers stay the same objects while the list changes, so rows re-render only for their own reasons.
  const visibleRef = useRef(visible);
  visibleRef.current = visible;
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const selection = useMemo<SelectionHandlers>(() => {
    const ids = () => visibleRef.current.map((row) => row.key.api_key_id);
    const state = () => selectionStore.getState();
    return {
      onToggle: (id) => state().toggle(id),
      onExtend: (id) => state().extendTo(id, ids()),
      onToggleAll: () => state().setMany(ids(), chosenRef.current.length < visibleRef.current.length),
      onClear: () => state().clear(),
    };
  }, [selectionStore]);

  const sortBy = useCallback(
    (column: SortColumn) =>
      setOrder((current) =>
        current.column === column
          ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
          : { column, direction: column === 'created_at' || column === 'last_used_at' ? 'descending' : 'ascending' },
      ),
    [],
  );
  const bulk = useCallback((action: BulkAction) => onBulk(action, chosenRef.current), [onBulk]);
  const bulkAnnotate = useCallback(() => onBulkAnnotate(chosenRef.current), [onBulkAnnotate]);
  const selectAll = useCallback(() => selection.onToggleAll(), [selection]);
  const unfocus = useCallback(() => selectionStore.getState().unfocus(), [selectionStore]);
  const showExpiring = () => setFilters({ ...filters, status: 'expiring' });

  if (status === 'loading') return <p className="muted">Loading keys…</p>;
  if (status === 'failed') return null;
  if (keys.length === 0) return <EmptyState onCreate={onCreate} createBlocked={createBlocked} />;

  const filtered = search.text !== '' || access !== 'all' || statusFilter !== 'all' || use !== 'any' || focus !== null;
  return (
    <>
      <KeyToolbar
        search={search}
        onSearch={setSearch}
        filters={filters}
        onFilters={setFilters}
        unusedDays={unusedDays}
        focus={focus}
        onUnfocus={unfocus}
        searchRef={searchRef}
      />
      {warnings && statusFilter !== 'expiring' && dismissed !== warnings && (
        <div className="callout callout--warning expiry-banner" role="note">
          <WarningIcon />
          <p>{warnings}</p>
          <button type="button" className="button button--secondary button--small" onClick={showExpiring}>
            Show expiring keys
          </button>
          <button type="button" className="icon-button icon-button--small" aria-label="Dismiss the expiry notice" onClick={() => setDismissed(warnings)}>
            <CloseIcon />
          </button>
        </div>
      )}
      {chosen.length > 0 && (
        <BulkBar count={chosen.length} matching={visible.length} onSelectAll={selectAll} onClear={selection.onClear} onAction={bulk} onAnnotate={bulkAnnotate} />
      )}
      {visible.length === 0 && filtered ? (
        <div className="no-results">
          <p>No keys match {search.text ? `“${search.text}”` : 'these filters'}.</p>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setSearch(NO_SEARCH);
              setFilters(NO_FILTERS);
              unfocus();
              searchRef.current?.focus();
            }}
          >
            Clear search and filter
          </button>
        </div>
      ) : (
        <KeyTable
          rows={visible}
          order={order}
          onSort={sortBy}
          onAction={onAction}
          onOpen={onOpen}
          grace={grace}
          now={now}
          selected={selected}
          selectedCount={chosen.length}
          selection={selection}
        />
      )}
      {!complete && (
        <p className="page__footnote keys-loading-rest" role="status">
          Showing the newest {keys.length.toLocaleString()} keys; loading the rest…
        </p>
      )}
      {complete && filtered && visible.length > 0 && (
        <p className="page__footnote" role="status">
          Showing {visible.length.toLocaleString()} of {keys.length.toLocaleString()}
          {issued === keys.length ? ' keys' : `: ${issued.toLocaleString()} keys and ${recordCount(keys.length - issued)}`}
        </p>
      )}
    </>
  );
});

const count = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

/** "3 keys expire within 30 days (1 within 7 days, 1 within a day)." for the active keys in a warning window, or null. */
function expiryWarnings(keys: readonly KeyRecord[], now: number): string | null {
  const at = new Date(now);
  const windows = { 30: 0, 7: 0, 1: 0 };
  for (const key of keys) {
    if (key.expires_at === null || keyStatus(key, at) !== 'active') continue;
    const window = expiryWarning(key.expires_at, at);
    if (window !== null) windows[window]++;
  }
  const total = windows[30] + windows[7] + windows[1];
  if (total === 0) return null;
  const tighter = [
    ...(windows[7] + windows[1] > 0 && windows[30] > 0 ? [`${windows[7] + windows[1]} within 7 days`] : []),
    ...(windows[1] > 0 && windows[7] + windows[30] > 0 ? [`${windows[1]} within a day`] : []),
  ];
  const widest = windows[30] > 0 ? '30 days' : windows[7] > 0 ? '7 days' : 'a day';
  return `${count(total)} ${total === 1 ? 'expires' : 'expire'} within ${widest}${tighter.length ? ` (${tighter.join(', ')})` : ''}.`;
}
