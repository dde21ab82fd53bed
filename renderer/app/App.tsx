/**
 * The API Keys page: the top bar (with the account switcher), the header with the key count and
 * Create, the list, and the dialogs (create → reveal, edit, delete, disable, expiry, roll →
 * reveal, bulk actions, accounts). Dialogs are mounted only while open, so what they held (a
 * revealed secret above all) goes when they close.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyRecord } from '../../main/core/records.ts';
import type { BulkAction } from '../../preload/contract.ts';
import { AccountDialog } from '../components/AccountDialogs.tsx';
import type { AccountAction } from '../components/AccountSwitcher.tsx';
import { BulkActionDialog } from '../components/BulkActionDialog.tsx';
import { CreateKeyDialog } from '../components/CreateKeyDialog.tsx';
import { DeleteKeyDialog } from '../components/DeleteKeyDialog.tsx';
import { DisableKeyDialog } from '../components/DisableKeyDialog.tsx';
import { EditKeyDialog } from '../components/EditKeyDialog.tsx';
import { FieldMessages } from '../components/field-errors.tsx';
import type { KeyAction } from '../components/KeyActionsMenu.tsx';
import { KeysView } from '../components/KeysView.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RollKeyDialog } from '../components/RollKeyDialog.tsx';
import { SetExpiryDialog } from '../components/SetExpiryDialog.tsx';
import { Toasts } from '../components/Toasts.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { creationBlocked } from '../stores/account-store.ts';
import { useAccount, useCatalog, useKeys, useSettings, useStores } from './stores-context.tsx';
import { useShortcuts } from './use-shortcuts.ts';

type OpenDialog =
  | { readonly kind: 'create' }
  | { readonly kind: Exclude<KeyAction, 'enable'>; readonly key: KeyRecord }
  | { readonly kind: 'bulk'; readonly action: BulkAction; readonly keys: readonly KeyRecord[] }
  | { readonly kind: 'account'; readonly action: AccountAction }
  | null;

export function App({ newKeyRequests }: { readonly newKeyRequests: number }) {
  const loadErrors = useKeys((state) => state.errors);
  const summary = useAccount((state) => state.summary);
  const catalog = useCatalog((state) => state.catalog);
  const theme = useSettings((state) => state.settings?.theme ?? 'system');
  const { toasts, keys } = useStores();
  const blocked = creationBlocked(summary);

  const [dialog, setDialog] = useState<OpenDialog>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const createRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const openCreate = useCallback(() => {
    if (blocked) return toasts.getState().show('error', blocked);
    setDialog((open) => open ?? { kind: 'create' });
  }, [blocked, toasts]);
  const keyAction = useCallback(
    (action: KeyAction, key: KeyRecord) => {
      if (action !== 'enable') return setDialog({ kind: action, key });
      // Enabling takes nothing away, so it needs no confirmation.
      void keys
        .getState()
        .enable(key.api_key_id)
        .then((result) =>
          result.ok
            ? toasts.getState().show('success', `Enabled “${key.name}”.`)
            : toasts.getState().show('error', `Could not enable “${key.name}”: ${result.errors.map((e) => e.message).join('; ')}`),
        );
    },
    [keys, toasts],
  );
  const bulkAction = useCallback((action: BulkAction, chosen: readonly KeyRecord[]) => setDialog({ kind: 'bulk', action, keys: chosen }), []);
  const accountAction = useCallback((action: AccountAction) => setDialog({ kind: 'account', action }), []);
  const closeDialog = () => setDialog(null);

  useEffect(() => {
    if (newKeyRequests > 0) openCreate();
    // Only a new request from the menu opens the dialog, not a change of the limit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newKeyRequests]);

  useShortcuts({ newKey: openCreate, find: () => searchRef.current?.focus() });

  /**
   * Where focus goes when a dialog has gone: the row's action button it was opened from, or the
   * search box when that row is gone (deleted) or there was none (Ctrl+N).
   */
  const returnFocus = (key: KeyRecord | null) => (event: Event) => {
    event.preventDefault();
    const actions = key && document.querySelector<HTMLElement>(`[data-key-actions="${CSS.escape(key.api_key_id)}"]`);
    (actions ?? searchRef.current ?? createRef.current)?.focus();
  };
  const returnFocusTo = (selector: string) => (event: Event) => {
    event.preventDefault();
    (document.querySelector<HTMLElement>(selector) ?? searchRef.current ?? createRef.current)?.focus();
  };

  // Behind a modal dialog the page is inert: not focusable, not clickable, not read out. Radix
  // traps focus and hides the rest with aria-hidden; inert makes that true for every element.
  const behindDialog = dialog !== null;

  return (
    <Tooltip.Provider delayDuration={300}>
      <div className="app">
        <TopBar inert={behindDialog} onAccountAction={accountAction} />
        <main className="page" inert={behindDialog}>
          <PageHeader summary={summary} blocked={blocked} onCreate={openCreate} createRef={createRef} />
          <FieldMessages id="load-errors" errors={loadErrors} />
          <KeysView searchRef={searchRef} createBlocked={blocked} onCreate={openCreate} onAction={keyAction} onBulk={bulkAction} />
        </main>

        {dialog?.kind === 'create' && catalog && <CreateKeyDialog catalog={catalog} onClose={closeDialog} onCloseAutoFocus={returnFocus(null)} />}
        {dialog?.kind === 'edit' && catalog && (
          <EditKeyDialog catalog={catalog} apiKeyId={dialog.key.api_key_id} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />
        )}
        {dialog?.kind === 'delete' && <DeleteKeyDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'disable' && <DisableKeyDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'expire' && <SetExpiryDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'roll' && <RollKeyDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'bulk' && (
          <BulkActionDialog action={dialog.action} keys={dialog.keys} onClose={closeDialog} onCloseAutoFocus={returnFocusTo('.bulk-bar button, .key-table input[type="checkbox"]')} />
        )}
        {dialog?.kind === 'account' && <AccountDialog action={dialog.action} onClose={closeDialog} onCloseAutoFocus={returnFocusTo('[data-account-switcher]')} />}
        <Toasts />
      </div>
    </Tooltip.Provider>
  );
}
