/**
 * The account's keys as a sortable table. Only the rows in view (plus a few) are in the DOM, so
 * 100,000 keys scroll and filter like 100. ARIA table roles with row indexes tell assistive tech
 * the real size.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import type { KeyRecord } from '../../main/core/records.ts';
import { SORT_COLUMNS, type KeyRow, type SortColumn, type SortOrder } from '../keys/key-query.ts';
import { formatDate, formatDateTime } from '../keys/labels.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { SortIcon } from './icons.tsx';
import { KeyActionsMenu } from './KeyActionsMenu.tsx';

const ROW_HEIGHT = 52;

const COLUMN_LABEL: Readonly<Record<SortColumn, string>> = {
  name: 'Name',
  api_key_id: 'API Key ID',
  access_type: 'Access',
  created_at: 'Created',
  last_used_at: 'Last used',
};

interface Props {
  readonly rows: readonly KeyRow[];
  readonly order: SortOrder;
  readonly onSort: (column: SortColumn) => void;
  readonly onEdit: (key: KeyRecord) => void;
  readonly onDelete: (key: KeyRecord) => void;
}

/** The table re-renders only when its rows, order or callbacks change, not on every keystroke in the page. */
export const KeyTable = memo(function KeyTable({ rows, order, onSort, onEdit, onDelete }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // A few rows beyond the edges keep scrolling seamless; each extra row is work on every keystroke.
    overscan: 4,
    // Rows are keyed by position, not by key: when a keystroke changes the list, the ~25 rows in
    // view are updated in place instead of unmounted and mounted again (a third of the CPU time
    // per keystroke). Per-key state in a row (an open menu or tooltip) is tied to the key's ID.
  });

  return (
    <div className="key-table" role="table" aria-label="API keys" aria-rowcount={rows.length + 1}>
      <div role="rowgroup" className="key-table__head">
        <div role="row" aria-rowindex={1} className="key-grid key-table__header-row">
          {SORT_COLUMNS.map((column) => {
            const sorted = order.column === column ? order.direction : 'none';
            return (
              <div key={column} role="columnheader" aria-sort={sorted} className={`col col--${column}`}>
                <button type="button" className="sort-button" onClick={() => onSort(column)}>
                  {COLUMN_LABEL[column]}
                  <SortIcon direction={sorted} />
                </button>
              </div>
            );
          })}
          <div role="columnheader" className="col col--actions">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="key-table__body">
        <div role="presentation" className="key-table__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <KeyTableRow key={item.key} apiKey={rows[item.index]!.key} index={item.index} top={item.start} onEdit={onEdit} onDelete={onDelete} />
          ))}
        </div>
      </div>
    </div>
  );
});

interface RowProps {
  readonly apiKey: KeyRecord;
  readonly index: number;
  readonly top: number;
  readonly onEdit: (key: KeyRecord) => void;
  readonly onDelete: (key: KeyRecord) => void;
}

/** One key. Memoized: scrolling or filtering re-renders only rows whose key or position changed. */
const KeyTableRow = memo(function KeyTableRow({ apiKey: key, index, top, onEdit, onDelete }: RowProps) {
  return (
    <div role="row" aria-rowindex={index + 2} className="key-grid key-table__row" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <div role="cell" className="col col--name">
        <span className="key-name" title={key.name}>
          {key.name}
        </span>
        {key.origin === 'imported' && <span className="tag">Imported</span>}
      </div>
      <div role="cell" className="col col--api_key_id">
        <code className="key-id">{key.api_key_id}</code>
      </div>
      <div role="cell" className="col col--access_type">
        <AccessBadge apiKey={key} />
      </div>
      <div role="cell" className="col col--created_at">
        <time dateTime={key.created_at} title={formatDateTime(key.created_at)}>
          {formatDate(key.created_at)}
        </time>
      </div>
      <div role="cell" className="col col--last_used_at">
        {key.last_used_at ? <time dateTime={key.last_used_at}>{formatDateTime(key.last_used_at)}</time> : <span className="muted">never</span>}
      </div>
      <div role="cell" className="col col--actions">
        <KeyActionsMenu apiKey={key} onEdit={onEdit} onDelete={onDelete} />
      </div>
    </div>
  );
});
