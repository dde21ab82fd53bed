/**
 * The account's keys as a sortable table with a checkbox per row for bulk actions. Only the rows
 * in view (plus a few) are in the DOM, so 100,000 keys scroll and filter like 100. ARIA table roles
 * with row indexes tell assistive tech the real size.
 *
 * A click on a row (not on one of its controls), or Enter on its checkbox, opens the key's detail
 * panel. Selecting: a checkbox click ticks one key; Shift+click (or Shift+Space) ticks the range from the
 * last one clicked; Ctrl/Cmd+click anywhere on a row ticks it; the header checkbox ticks every key
 * matching the search and filters. From a row's checkbox, ↑/↓ move between rows, Ctrl/Cmd+A ticks
 * all matching and Escape clears.
 *
 * The columns shown are those that fit the table's width (keys/table-columns.ts): in a narrow
 * window the least needed give way, and the name cell takes over what matters of theirs.
 */
import { memo, useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { KeyRecord } from '../../common/records.ts';
import type { KeyRow, SortColumn, SortOrder } from '../keys/key-query.ts';
import { exactTime } from '../keys/time-format.ts';
import { expiryView, graceTag, STATUS_LABEL, WARNING_LABEL } from '../keys/lifecycle-labels.ts';
import { ORIGIN_TAG } from '../keys/labels.ts';
import { columnsFor, gridTemplate, type TableColumn } from '../keys/table-columns.ts';
import { useElementWidth } from '../app/use-element-width.ts';
import { useRowWindow } from '../app/use-row-window.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { SortIcon, WarningIcon } from './icons.tsx';
import { KeyActionsMenu, type KeyAction } from './KeyActionsMenu.tsx';
import { Time } from './Time.tsx';

/** Two lines of text (a name over its ID, a time over its caller) and no more: 12 rows fit a 800 px window. */
export const ROW_HEIGHT = 44;

const COLUMN_LABEL: Readonly<Record<SortColumn, string>> = {
  name: 'Name',
  api_key_id: 'API Key ID',
  access_type: 'Access',
  expires_at: 'Expiry',
  created_at: 'Created',
  last_used_at: 'Last used',
};

export interface SelectionHandlers {
  /** Ticks or unticks one key (a click, Space, or Ctrl/Cmd+click on the row). */
  readonly onToggle: (id: string) => void;
  /** Shift+click or Shift+Space: the range from the last key clicked. */
  readonly onExtend: (id: string) => void;
  /** The header checkbox, Ctrl/Cmd+A: every matching key (or none, when all are ticked). */
  readonly onToggleAll: () => void;
  readonly onClear: () => void;
}

interface Props {
  readonly rows: readonly KeyRow[];
  readonly order: SortOrder;
  readonly onSort: (column: SortColumn) => void;
  readonly onAction: (action: KeyAction, key: KeyRecord) => void;
  readonly onOpen: (key: KeyRecord) => void;
  /** Rolled keys whose previous secret still works: API Key ID → when it stops. */
  readonly grace: ReadonlyMap<string, string>;
  /** What "expires in" and the status are measured from. */
  readonly now: number;
  readonly selected: ReadonlySet<string>;
  /** How many of `rows` are ticked. */
  readonly selectedCount: number;
  readonly selection: SelectionHandlers;
}

/** The table re-renders only when its rows, order, time, selection or callbacks change, not on every keystroke in the page. */
export const KeyTable = memo(function KeyTable({ rows, order, onSort, onAction, onOpen, grace, now, selected, selectedCount, selection }: Props) {
  const tableRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const allRef = useRef<HTMLInputElement>(null);
  // Rows re-render when the set of columns changes, not on every pixel of a resize.
  const fitted = columnsFor(useElementWidth(tableRef, Number.POSITIVE_INFINITY)).join(' ');
  const columns = useMemo(() => fitted.split(' ') as TableColumn[], [fitted]);
  // A few rows beyond the edges keep scrolling seamless; each extra row is work on every keystroke.
  // Rows are keyed by position, not by key: when a keystroke changes the list, the ~25 rows in
  // view are updated in place instead of unmounted and mounted again (a third of the CPU time per
  // keystroke). Per-key state in a row (an open menu or tooltip) is tied to the key's ID.
  const shown = useRowWindow(scrollRef, rows.length, ROW_HEIGHT, 4);
  const indexes = Array.from({ length: shown.end - shown.start }, (_, i) => shown.start + i);

  const all = rows.length > 0 && selectedCount === rows.length;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = selectedCount > 0 && !all;
  }, [selectedCount, all]);

  /** Focus the checkbox of row `index`, scrolling it into the rendered window first if needed. */
  function focusRow(index: number) {
    if (index < 0 || index >= rows.length) return;
    const find = () => scrollRef.current?.querySelector<HTMLInputElement>(`[data-row-index="${index}"] input[type="checkbox"]`);
    const box = find();
    if (box) return box.focus();
    shown.scrollToIndex(index);
    requestAnimationFrame(() => find()?.focus());
  }

  function onBodyKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || target.type !== 'checkbox') return;
    const index = Number(target.closest<HTMLElement>('[data-row-index]')?.dataset.rowIndex);
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      if (!all) selection.onToggleAll();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const key = rows[index]?.key;
      if (key) onOpen(key);
    } else if (event.key === 'Escape' && selectedCount > 0) {
      event.preventDefault();
      selection.onClear();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index + (event.key === 'ArrowDown' ? 1 : -1));
    }
  }

  return (
    <div
      ref={tableRef}
      className="key-table"
      role="table"
      aria-label="API keys"
      aria-rowcount={rows.length + 1}
      style={{ '--key-grid-columns': gridTemplate(columns) } as CSSProperties}
    >
      <div role="rowgroup" className="key-table__head">
        <div role="row" aria-rowindex={1} className="key-grid key-table__header-row">
          <div role="columnheader" className="col col--select">
            <input
              ref={allRef}
              type="checkbox"
              className="checkbox"
              checked={all}
              onChange={selection.onToggleAll}
              aria-label={all ? 'Unselect all keys' : `Select all ${rows.length.toLocaleString()} matching keys`}
            />
          </div>
          {columns.map((column) => {
            if (column === 'status') {
              return (
                <div key={column} role="columnheader" className="col col--status">
                  <span className="column-label">Status</span>
                </div>
              );
            }
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
      <div role="rowgroup" ref={scrollRef} className="key-table__body" onKeyDown={onBodyKeyDown}>
        <div role="presentation" className="key-table__spacer" style={{ height: shown.height }}>
          {indexes.map((index) => {
            const key = rows[index]!.key;
            return (
              <KeyTableRow
                key={index}
                apiKey={key}
                index={index}
                top={index * ROW_HEIGHT}
                now={now}
                selected={selected.has(key.api_key_id)}
                selection={selection}
                onAction={onAction}
                onOpen={onOpen}
                graceEnds={grace.get(key.api_key_id)}
                columns={columns}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});

interface RowProps {
  readonly apiKey: KeyRecord;
  readonly index: number;
  readonly top: number;
  readonly now: number;
  readonly selected: boolean;
  readonly selection: SelectionHandlers;
  readonly onAction: (action: KeyAction, key: KeyRecord) => void;
  readonly onOpen: (key: KeyRecord) => void;
  /** When the previous secret of a rolled key stops working, if it still works. */
  readonly graceEnds: string | undefined;
  readonly columns: readonly TableColumn[];
}

const INTERACTIVE = 'button, input, a, [role="menuitem"]';

/** One key. Memoized: scrolling, filtering or ticking re-renders only rows whose key, position or tick changed. */
const KeyTableRow = memo(function KeyTableRow({ apiKey: key, index, top, now, selected, selection, onAction, onOpen, graceEnds, columns }: RowProps) {
  const expiry = expiryView(key, new Date(now));
  const id = key.api_key_id;
  const inGrace = graceEnds !== undefined && expiry.status === 'active' && Date.parse(graceEnds) > now;

  // Ctrl/Cmd+click or Shift+click on the row itself (not on one of its controls) ticks it, as in a file manager.
  function onRowClick(event: MouseEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).closest(INTERACTIVE)) return;
    if (event.shiftKey) {
      event.preventDefault();
      selection.onExtend(id);
    } else if (event.ctrlKey || event.metaKey) {
      selection.onToggle(id);
    } else {
      onOpen(key);
    }
  }

  const statusTags = (
    <>
      <span className={`status status--${expiry.status}`}>{STATUS_LABEL[expiry.status]}</span>
      {ORIGIN_TAG[key.origin] && <span className="tag">{ORIGIN_TAG[key.origin]}</span>}
    </>
  );
  const grace = inGrace && (
    <span className="tag tag--grace" title={`${graceTag(graceEnds, now)}: the previous secret works until ${exactTime(graceEnds)}`}>
      {graceTag(graceEnds, now)}
    </span>
  );

  function cellContent(column: TableColumn): ReactNode {
    switch (column) {
      case 'name': {
        // What a dropped column said, where it matters: a status other than active, the ID.
        const folded = !columns.includes('status') && (expiry.status !== 'active' || key.origin !== 'issued');
        const withId = !columns.includes('api_key_id');
        const name = (
          <span className="key-name" title={key.name}>
            {key.name}
          </span>
        );
        if (!folded && !withId && !grace) return name;
        return (
          <span className="key-name-stack">
            <span className="key-name-line">
              {name}
              {folded && statusTags}
              {grace}
            </span>
            {withId && <code className="key-id">{id}</code>}
          </span>
        );
      }
      case 'api_key_id':
        return <code className="key-id">{id}</code>;
      case 'access_type':
        return <AccessBadge apiKey={key} />;
      case 'status':
        return statusTags;
      case 'expires_at':
        return (
          <span
            className={`expiry${expiry.warning ? ` expiry--warn-${expiry.warning}` : ''}${expiry.status === 'expired' ? ' expiry--past' : ''}${key.expires_at ? '' : ' muted'}`}
            title={key.expires_at ? exactTime(key.expires_at) : undefined}
          >
            {expiry.warning && (
              <>
                <WarningIcon />
                <span className="visually-hidden">{WARNING_LABEL[expiry.warning]} </span>
              </>
            )}
            {expiry.text}
          </span>
        );
      case 'created_at':
        return <Time iso={key.created_at} now={now} />;
      case 'last_used_at':
        return key.last_used_at ? (
          <span className="last-used">
            <Time iso={key.last_used_at} now={now} />
            {key.last_used_by && (
              <span className="last-used__by" title={key.last_used_by}>
                by {key.last_used_by}
              </span>
            )}
          </span>
        ) : (
          <span className="muted">never</span>
        );
    }
  }

  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-row-index={index}
      data-row-key={id}
      className={`key-grid key-table__row${selected ? ' key-table__row--selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={onRowClick}
      // Shift+click would also select the row's text; the range is what was meant.
      onMouseDown={(event) => event.shiftKey && !(event.target as HTMLElement).closest(INTERACTIVE) && event.preventDefault()}
    >
      <div role="cell" className="col col--select">
        <input
          type="checkbox"
          className="checkbox"
          checked={selected}
          aria-label={`Select ${key.name}`}
          // A click, or Space (which clicks); with Shift held, the range from the last key clicked.
          onChange={(event) => ((event.nativeEvent as globalThis.MouseEvent).shiftKey ? selection.onExtend(id) : selection.onToggle(id))}
        />
      </div>
      {columns.map((column) => (
        <div key={column} role="cell" className={`col col--${column}`}>
          {cellContent(column)}
        </div>
      ))}
      <div role="cell" className="col col--actions">
        <KeyActionsMenu apiKey={key} status={expiry.status} onAction={onAction} />
      </div>
    </div>
  );
});
