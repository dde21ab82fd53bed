/**
 * The list part of the page: search, access filter, the table and its sort order, or the empty
 * state. It owns the search text, so a keystroke re-renders this view and nothing above it.
 */
import { memo, useCallback, useDeferredValue, useMemo, useState, type RefObject } from 'react';
import type { KeyRecord } from '../../main/core/records.ts';
import { createSearch, sortRows, toRows, type AccessFilter, type SearchInput, type SortColumn, type SortOrder } from '../keys/key-query.ts';
import { useKeys } from '../app/stores-context.tsx';
import { EmptyState } from './EmptyState.tsx';
import { KeyTable } from './KeyTable.tsx';
import { KeyToolbar } from './KeyToolbar.tsx';

interface Props {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly createBlocked: string | null;
  readonly onCreate: () => void;
  readonly onEdit: (key: KeyRecord) => void;
  readonly onDelete: (key: KeyRecord) => void;
}

const NO_SEARCH: SearchInput = { text: '', fromPastedKey: false };

export const KeysView = memo(function KeysView({ searchRef, createBlocked, onCreate, onEdit, onDelete }: Props) {
  const status = useKeys((state) => state.status);
  const keys = useKeys((state) => state.keys);
  const [search, setSearch] = useState<SearchInput>(NO_SEARCH);
  const [access, setAccess] = useState<AccessFilter>('all');
  const [order, setOrder] = useState<SortOrder>({ column: 'created_at', direction: 'descending' });

  const rows = useMemo(() => toRows(keys), [keys]);
  const sorted = useMemo(() => sortRows(rows, order), [rows, order]);
  // The search box repaints at once; the list follows as soon as React can.
  const text = useDeferredValue(search.text);
  const searchKeys = useMemo(() => createSearch(sorted, access), [sorted, access]);
  const visible = useMemo(() => searchKeys(text), [searchKeys, text]);

  const sortBy = useCallback(
    (column: SortColumn) =>
      setOrder((current) =>
        current.column === column
          ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
          : { column, direction: column === 'created_at' || column === 'last_used_at' ? 'descending' : 'ascending' },
      ),
    [],
  );

  if (status === 'loading') return <p className="muted">Loading keys…</p>;
  if (status === 'failed') return null;
  if (keys.length === 0) return <EmptyState onCreate={onCreate} createBlocked={createBlocked} />;

  const filtered = search.text !== '' || access !== 'all';
  return (
    <>
      <KeyToolbar search={search} onSearch={setSearch} access={access} onAccess={setAccess} searchRef={searchRef} />
      {visible.length === 0 && filtered ? (
        <div className="no-results">
          <p>No keys match {search.text ? `“${search.text}”` : 'this filter'}.</p>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setSearch(NO_SEARCH);
              setAccess('all');
              searchRef.current?.focus();
            }}
          >
            Clear search and filter
          </button>
        </div>
      ) : (
        <KeyTable rows={visible} order={order} onSort={sortBy} onEdit={onEdit} onDelete={onDelete} />
      )}
      {filtered && visible.length > 0 && (
        <p className="page__footnote" role="status">
          Showing {visible.length.toLocaleString()} of {keys.length.toLocaleString()} keys
        </p>
      )}
    </>
  );
});
