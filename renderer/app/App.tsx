/**
 * The API Keys page: header with the key count and Create, search and filters, the key table, and
 * the dialogs (create → reveal, edit, delete). Dialogs are mounted only while open, so what they
 * held (a revealed secret above all) goes when they close.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyRecord } from '../../main/core/records.ts';
import { CreateKeyDialog } from '../components/CreateKeyDialog.tsx';
import { DeleteKeyDialog } from '../components/DeleteKeyDialog.tsx';
import { EditKeyDialog } from '../components/EditKeyDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { FieldMessages } from '../components/field-errors.tsx';
import { KeyIcon, PlusIcon } from '../components/icons.tsx';
import { KeyTable } from '../components/KeyTable.tsx';
import { KeyToolbar } from '../components/KeyToolbar.tsx';
import { ThemeMenu } from '../components/ThemeMenu.tsx';
import { Toasts } from '../components/Toasts.tsx';
import { filterRows, sortRows, toRows, type AccessFilter, type SearchInput, type SortColumn, type SortOrder } from '../keys/key-query.ts';
import { creationBlocked } from '../stores/account-store.ts';
import { useAccount, useCatalog, useKeys, useSettings, useStores } from './stores-context.tsx';
import { useShortcuts } from './use-shortcuts.ts';

type OpenDialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'edit'; readonly key: KeyRecord }
  | { readonly kind: 'delete'; readonly key: KeyRecord }
  | null;

export function App({ newKeyRequests }: { readonly newKeyRequests: number }) {
  const status = useKeys((state) => state.status);
  const loadErrors = useKeys((state) => state.errors);
  const keys = useKeys((state) => state.keys);
  const summary = useAccount((state) => state.summary);
  const catalog = useCatalog((state) => state.catalog);
  const theme = useSettings((state) => state.settings?.theme ?? 'system');
  const toasts = useStores().toasts;
  const blocked = creationBlocked(summary);

  const [search, setSearch] = useState<SearchInput>({ text: '', fromPastedKey: false });
  const [access, setAccess] = useState<AccessFilter>('all');
  const [order, setOrder] = useState<SortOrder>({ column: 'created_at', direction: 'descending' });
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const createRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const rows = useMemo(() => toRows(keys), [keys]);
  const sorted = useMemo(() => sortRows(rows, order), [rows, order]);
  // The search box repaints at once; the list follows as soon as React can.
  const text = useDeferredValue(search.text);
  const visible = useMemo(() => filterRows(sorted, { text, access }), [sorted, text, access]);

  const openCreate = useCallback(() => {
    if (blocked) return toasts.getState().show('error', blocked);
    setDialog((open) => open ?? { kind: 'create' });
  }, [blocked, toasts]);

  useEffect(() => {
    if (newKeyRequests > 0) openCreate();
    // Only a new request from the menu opens the dialog, not a change of the limit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newKeyRequests]);

  useShortcuts({ newKey: openCreate, find: () => searchRef.current?.focus() });

  const sortBy = (column: SortColumn) =>
    setOrder((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: column === 'created_at' || column === 'last_used_at' ? 'descending' : 'ascending' },
    );

  /**
   * Where focus goes when a dialog has gone: the row's action button it was opened from, or the
   * search box when that row is gone (deleted) or there was none (Ctrl+N).
   */
  const returnFocus = (key: KeyRecord | null) => (event: Event) => {
    event.preventDefault();
    const actions = key && document.querySelector<HTMLElement>(`[data-key-actions="${CSS.escape(key.api_key_id)}"]`);
    (actions ?? searchRef.current ?? createRef.current)?.focus();
  };
  const closeDialog = () => setDialog(null);

  const filtered = search.text !== '' || access !== 'all';
  // Behind a modal dialog the page is inert: not focusable, not clickable, not read out. Radix
  // traps focus and hides the rest with aria-hidden; inert makes that true for every element.
  const behindDialog = dialog !== null;

  return (
    <Tooltip.Provider delayDuration={300}>
      <div className="app">
        <header className="topbar" inert={behindDialog}>
          <div className="brand">
            <span className="brand__mark">
              <KeyIcon />
            </span>
            Keydesk
          </div>
          <ThemeMenu />
        </header>

        <main className="page" inert={behindDialog}>
          <div className="page__header">
            <div>
              <h1>API Keys</h1>
              <p className="page__meta">
                {summary ? (
                  <span className={blocked ? 'counter counter--full' : 'counter'}>
                    {summary.issued_keys} of {summary.key_limit} keys
                  </span>
                ) : null}
                {blocked && (
                  <span className="page__limit" id="create-limit">
                    {blocked}
                  </span>
                )}
              </p>
            </div>
            <Tooltip.Root>
              <Tooltip.Trigger asChild>
                <button
                  ref={createRef}
                  type="button"
                  className="button button--primary"
                  onClick={openCreate}
                  aria-disabled={blocked !== null}
                  aria-describedby={blocked ? 'create-limit' : undefined}
                  aria-keyshortcuts="Control+N Meta+N"
                >
                  <PlusIcon />
                  Create API key
                </button>
              </Tooltip.Trigger>
              <Tooltip.Portal>
                <Tooltip.Content className="tooltip" side="bottom" align="end" sideOffset={6}>
                  {blocked ?? 'New key (Ctrl+N / ⌘N)'}
                </Tooltip.Content>
              </Tooltip.Portal>
            </Tooltip.Root>
          </div>

          <FieldMessages id="load-errors" errors={loadErrors} />

          {status === 'ready' && keys.length === 0 ? (
            <EmptyState onCreate={openCreate} createBlocked={blocked} />
          ) : status === 'ready' ? (
            <>
              <KeyToolbar search={search} onSearch={setSearch} access={access} onAccess={setAccess} searchRef={searchRef} />
              {visible.length === 0 && filtered ? (
                <div className="no-results">
                  <p>No keys match {search.text ? `“${search.text}”` : 'this filter'}.</p>
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => {
                      setSearch({ text: '', fromPastedKey: false });
                      setAccess('all');
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
                  onEdit={(key) => setDialog({ kind: 'edit', key })}
                  onDelete={(key) => setDialog({ kind: 'delete', key })}
                />
              )}
              {filtered && visible.length > 0 && (
                <p className="page__footnote" role="status">
                  Showing {visible.length.toLocaleString()} of {keys.length.toLocaleString()} keys
                </p>
              )}
            </>
          ) : status === 'loading' ? (
            <p className="muted">Loading keys…</p>
          ) : null}
        </main>

        {dialog?.kind === 'create' && catalog && <CreateKeyDialog catalog={catalog} onClose={closeDialog} onCloseAutoFocus={returnFocus(null)} />}
        {dialog?.kind === 'edit' && catalog && (
          <EditKeyDialog catalog={catalog} apiKeyId={dialog.key.api_key_id} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />
        )}
        {dialog?.kind === 'delete' && <DeleteKeyDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        <Toasts />
      </div>
    </Tooltip.Provider>
  );
}
