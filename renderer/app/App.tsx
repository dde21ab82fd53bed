/**
 * The window: the top bar (with the account switcher and the page switcher), the page shown (API
 * Keys, Audit, Activity log, Inventory, Settings) and the dialogs (a key's detail panel, create →
 * reveal, edit, delete, disable, expiry, roll → reveal, bulk actions, accounts). An action started
 * from the detail panel comes back to it when its dialog closes. The API Keys page stays mounted while another is shown,
 * so its search, filter and selection survive a visit elsewhere. Dialogs are mounted only while
 * open, so what they held (a revealed secret above all) goes when they close.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { messageOf } from '../../common/errors.ts';
import type { KeyRecord } from '../../common/records.ts';
import { AccountDialog } from '../components/AccountDialogs.tsx';
import type { AccountAction } from '../components/AccountSwitcher.tsx';
import { BulkActionDialog } from '../components/BulkActionDialog.tsx';
import { BulkAnnotateDialog } from '../components/BulkAnnotateDialog.tsx';
import { ConfirmKeyDialog } from '../components/ConfirmKeyDialog.tsx';
import { CreateKeyDialog } from '../components/CreateKeyDialog.tsx';
import { EditKeyDialog } from '../components/EditKeyDialog.tsx';
import { FieldMessages } from '../components/field-errors.tsx';
import type { KeyAction } from '../components/KeyActionsMenu.tsx';
import { KeyDetailPanel } from '../components/KeyDetailPanel.tsx';
import { KeysView } from '../components/KeysView.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PageNav } from '../components/PageNav.tsx';
import { RollKeyDialog } from '../components/RollKeyDialog.tsx';
import { SetExpiryDialog } from '../components/SetExpiryDialog.tsx';
import { Toasts } from '../components/Toasts.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { ActivityLogPage } from '../pages/activity/ActivityLogPage.tsx';
import { AuditPage } from '../pages/audit/AuditPage.tsx';
import { EXPORT_BUTTON_ID } from '../pages/inventory/ExportPanel.tsx';
import { InventoryPage } from '../pages/inventory/InventoryPage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { ReviewsPage } from '../pages/reviews/ReviewsPage.tsx';
import { creationBlocked } from '../stores/account-store.ts';
import type { PageId } from './pages.ts';
import { useAccount, useCatalog, useKeys, useSettings, useStores } from './stores-context.tsx';
import { useShortcuts } from './use-shortcuts.ts';
import type { BulkAction } from '../../common/lifecycle.ts';

type OpenDialog =
  | { readonly kind: 'create' }
  /** `opener`: where focus goes back to when the panel was opened from outside the key list (an audit finding). */
  | { readonly kind: 'detail'; readonly key: KeyRecord; readonly opener?: HTMLElement }
  /**
   * `from`: the detail panel this action was started from, which opens again when it is done.
   * `opener`: where focus goes back to when it was started outside the key list (a review's row).
   */
  | { readonly kind: Exclude<KeyAction, 'enable'>; readonly key: KeyRecord; readonly from?: DetailDialog; readonly opener?: HTMLElement }
  | { readonly kind: 'bulk'; readonly action: BulkAction; readonly keys: readonly KeyRecord[] }
  | { readonly kind: 'annotate'; readonly keys: readonly KeyRecord[] }
  | { readonly kind: 'account'; readonly action: AccountAction }
  | null;

type DetailDialog = Extract<OpenDialog, { kind: 'detail' }>;

interface Props {
  readonly newKeyRequests: number;
  /** File → Export... (Ctrl/Cmd+E) from the application menu. */
  readonly exportRequests: number;
  /** Settings... (Ctrl/Cmd+,) from the application menu. */
  readonly settingsRequests: number;
}

export function App({ newKeyRequests, exportRequests, settingsRequests }: Props) {
  const loadErrors = useKeys((state) => state.errors);
  const summary = useAccount((state) => state.summary);
  const catalog = useCatalog((state) => state.catalog);
  const theme = useSettings((state) => state.settings?.theme ?? 'system');
  const { toasts, keys, selection } = useStores();
  const blocked = creationBlocked(summary);

  const [dialog, setDialog] = useState<OpenDialog>(null);
  // What is open now, for focus handlers that run after a dialog has closed.
  const openDialog = useRef(dialog);
  openDialog.current = dialog;
  const searchRef = useRef<HTMLInputElement>(null);
  const createRef = useRef<HTMLButtonElement>(null);

  const [page, setPage] = useState<PageId>('keys');
  const pageRef = useRef(page);
  pageRef.current = page;
  // Focus that must wait for a page switch to render (the search box, the export button).
  const focusAfterSwitch = useRef<(() => void) | null>(null);
  useEffect(() => {
    const focus = focusAfterSwitch.current;
    focusAfterSwitch.current = null;
    focus?.();
  });
  const showPage = useCallback((next: PageId, focus?: () => void) => {
    if (next === pageRef.current) return focus?.();
    focusAfterSwitch.current = focus ?? null;
    setPage(next);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const openCreate = useCallback(() => {
    if (blocked) return toasts.getState().show('error', blocked);
    showPage('keys');
    setDialog((open) => open ?? { kind: 'create' });
  }, [blocked, toasts, showPage]);
  const keyAction = useCallback(
    (action: KeyAction, key: KeyRecord) => {
      // From the detail panel, the action's dialog takes its place and gives it back when done.
      if (action !== 'enable') return setDialog((open) => ({ kind: action, key, ...(open?.kind === 'detail' && action !== 'delete' && { from: open }) }));
      // Enabling takes nothing away, so it needs no confirmation.
      void keys
        .getState()
        .enable(key.api_key_id)
        .then((result) =>
          result.ok
            ? toasts.getState().show('success', `Enabled “${key.name}”.`)
            : toasts.getState().show('error', `Could not enable “${key.name}”: ${messageOf(result, '; ')}`),
        );
    },
    [keys, toasts],
  );
  const bulkAction = useCallback((action: BulkAction, chosen: readonly KeyRecord[]) => setDialog({ kind: 'bulk', action, keys: chosen }), []);
  const bulkAnnotate = useCallback((chosen: readonly KeyRecord[]) => setDialog({ kind: 'annotate', keys: chosen }), []);
  const accountAction = useCallback((action: AccountAction) => setDialog({ kind: 'account', action }), []);
  const closeDialog = useCallback(() => setDialog((open) => (open && 'from' in open && open.from ? open.from : null)), []);
  const openDetail = useCallback((key: KeyRecord) => setDialog({ kind: 'detail', key }), []);
  const openKey = useCallback(
    (apiKeyId: string, opener: HTMLElement) => {
      const key = keys.getState().keys.find((k) => k.api_key_id === apiKeyId);
      if (!key) return toasts.getState().show('error', `The key ${apiKeyId} is no longer in this account.`);
      setDialog({ kind: 'detail', key, opener });
    },
    [keys, toasts],
  );
  // A review's Reduce: the permission editor, focus back on the review's row afterwards.
  const editKey = useCallback(
    (apiKeyId: string, opener: HTMLElement) => {
      const key = keys.getState().keys.find((k) => k.api_key_id === apiKeyId);
      if (!key) return toasts.getState().show('error', `The key ${apiKeyId} is no longer in this account.`);
      setDialog({ kind: 'edit', key, opener });
    },
    [keys, toasts],
  );
  // An audit finding's "Select these keys": the list shows exactly them, ticked, with focus on the bulk actions.
  const selectKeys = useCallback(
    (label: string, ids: readonly string[]) => {
      selection.getState().focusOn(label, ids);
      showPage('keys', () => document.querySelector<HTMLElement>('.bulk-bar__actions button')?.focus());
    },
    [selection, showPage],
  );

  // A menu request is carried out once, when it arrives: the effects below run on a new request
  // only, reading the window's state at that moment through effect events.
  const onNewKeyRequest = useEffectEvent(() => openCreate());
  useEffect(() => {
    if (newKeyRequests > 0) onNewKeyRequest();
  }, [newKeyRequests]);

  // Focus goes to the switcher's Settings button: the page's start, where the key list's focus was.
  const openSettings = useCallback(() => showPage('settings', () => document.querySelector<HTMLElement>('.page-nav [aria-current="page"]')?.focus()), [showPage]);
  useShortcuts({ newKey: openCreate, find: () => showPage('keys', () => searchRef.current?.focus()), settings: openSettings });

  // Like the shortcuts, the menu's Settings... and Export... do nothing while a dialog is open.
  const onSettingsRequest = useEffectEvent(() => dialog === null && openSettings());
  useEffect(() => {
    if (settingsRequests > 0) onSettingsRequest();
  }, [settingsRequests]);

  const onExportRequest = useEffectEvent(() => dialog === null && showPage('inventory', () => document.getElementById(EXPORT_BUTTON_ID)?.focus()));
  useEffect(() => {
    if (exportRequests > 0) onExportRequest();
  }, [exportRequests]);

  /**
   * Where focus goes when a dialog has gone: what opened it outside the list (an audit finding's
   * key), the row's action button it was opened from, or the search box when that row is gone
   * (deleted) or there was none (Ctrl+N).
   */
  const returnFocus = (key: KeyRecord | null, opener?: HTMLElement, target = '[data-key-actions="ID"]') => (event: Event) => {
    event.preventDefault();
    // The detail panel an action came from is open again: it takes focus itself.
    if (openDialog.current !== null) return;
    if (opener?.isConnected) return opener.focus();
    const there = key && document.querySelector<HTMLElement>(target.replace('ID', CSS.escape(key.api_key_id)));
    (there ?? searchRef.current ?? createRef.current)?.focus();
  };
  /** The row's checkbox: where a user who opened the detail panel from the row was. */
  const ROW = '[data-row-key="ID"] input[type="checkbox"]';
  const returnFocusTo = (selector: string) => (event: Event) => {
    event.preventDefault();
    (document.querySelector<HTMLElement>(selector) ?? searchRef.current ?? createRef.current)?.focus();
  };

  // Behind a modal dialog the page is inert: not focusable, not clickable, not read out. Radix
  // traps focus and hides the rest with aria-hidden; inert makes that true for every element.
  // A page's own dialog (the Settings page's restore confirmation) counts too.
  const [pageDialogOpen, setPageDialogOpen] = useState(false);
  const behindDialog = dialog !== null || pageDialogOpen;

  return (
    <Tooltip.Provider delayDuration={300}>
      <div className="app">
        <TopBar inert={behindDialog} onAccountAction={accountAction} nav={<PageNav page={page} onPage={showPage} inert={behindDialog} />} />
        <main className="page" inert={behindDialog} hidden={page !== 'keys'}>
          <PageHeader summary={summary} blocked={blocked} onCreate={openCreate} createRef={createRef} />
          <FieldMessages id="load-errors" errors={loadErrors} />
          <KeysView searchRef={searchRef} createBlocked={blocked} onCreate={openCreate} onAction={keyAction} onOpen={openDetail} onBulk={bulkAction} onBulkAnnotate={bulkAnnotate} />
        </main>
        {page === 'audit' && <AuditPage inert={behindDialog} onOpenKey={openKey} onSelectKeys={selectKeys} />}
        {page === 'activity' && <ActivityLogPage inert={behindDialog} />}
        {page === 'reviews' && <ReviewsPage inert={behindDialog} onEditKey={editKey} onDialog={setPageDialogOpen} />}
        {page === 'inventory' && <InventoryPage inert={behindDialog} />}
        {page === 'settings' && <SettingsPage inert={behindDialog} onDialog={setPageDialogOpen} />}

        {dialog?.kind === 'detail' && (
          <KeyDetailPanel apiKeyId={dialog.key.api_key_id} onAction={keyAction} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key, dialog.opener, ROW)} />
        )}
        {dialog?.kind === 'create' && catalog && <CreateKeyDialog catalog={catalog} onClose={closeDialog} onCloseAutoFocus={returnFocus(null)} />}
        {dialog?.kind === 'edit' && catalog && (
          <EditKeyDialog catalog={catalog} apiKeyId={dialog.key.api_key_id} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key, dialog.opener)} />
        )}
        {(dialog?.kind === 'delete' || dialog?.kind === 'disable') && (
          <ConfirmKeyDialog action={dialog.kind} apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />
        )}
        {dialog?.kind === 'expire' && <SetExpiryDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'roll' && <RollKeyDialog apiKey={dialog.key} onClose={closeDialog} onCloseAutoFocus={returnFocus(dialog.key)} />}
        {dialog?.kind === 'bulk' && (
          <BulkActionDialog action={dialog.action} keys={dialog.keys} onClose={closeDialog} onCloseAutoFocus={returnFocusTo('.bulk-bar button, .key-table input[type="checkbox"]')} />
        )}
        {dialog?.kind === 'annotate' && (
          <BulkAnnotateDialog keys={dialog.keys} onClose={closeDialog} onCloseAutoFocus={returnFocusTo('.bulk-bar button, .key-table input[type="checkbox"]')} />
        )}
        {dialog?.kind === 'account' && <AccountDialog action={dialog.action} onClose={closeDialog} onCloseAutoFocus={returnFocusTo('[data-account-switcher]')} />}
        <Toasts />
      </div>
    </Tooltip.Provider>
  );
}
