/** Hands the stores (built once in main.tsx from `window.keydesk`) down the component tree. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { KeydeskApi } from '../../common/ipc/contract.ts';
import type { AccountState } from '../stores/account-store.ts';
import type { ActivityState } from '../stores/activity-store.ts';
import type { AuditState } from '../stores/audit-store.ts';
import type { InventoryState } from '../stores/inventory-store.ts';
import type { CatalogState } from '../stores/catalog-store.ts';
import type { KeysState } from '../stores/keys-store.ts';
import type { PullState } from '../stores/pull-store.ts';
import type { SelectionState } from '../stores/selection-store.ts';
import type { SettingsState } from '../stores/settings-store.ts';
import type { Stores } from '../stores/stores.ts';
import type { ToastState } from '../stores/toast-store.ts';
import type { ReviewsState } from '../stores/reviews-store.ts';

interface AppContext {
  readonly api: KeydeskApi;
  readonly stores: Stores;
}

const Context = createContext<AppContext | null>(null);

export function StoresProvider({ api, stores, children }: AppContext & { readonly children: ReactNode }) {
  return <Context.Provider value={{ api, stores }}>{children}</Context.Provider>;
}

function useApp(): AppContext {
  const context = useContext(Context);
  if (!context) throw new Error('StoresProvider is missing');
  return context;
}

export const useApi = (): KeydeskApi => useApp().api;
export const useStores = (): Stores => useApp().stores;

// One selector hook per store: `useKeys((state) => state.keys)`.
export const useKeys = <T,>(select: (state: KeysState) => T): T => useStore(useApp().stores.keys, select);
export const useAccount = <T,>(select: (state: AccountState) => T): T => useStore(useApp().stores.account, select);
export const useCatalog = <T,>(select: (state: CatalogState) => T): T => useStore(useApp().stores.catalog, select);
export const useSettings = <T,>(select: (state: SettingsState) => T): T => useStore(useApp().stores.settings, select);
export const useToasts = <T,>(select: (state: ToastState) => T): T => useStore(useApp().stores.toasts, select);
export const useAudit = <T,>(select: (state: AuditState) => T): T => useStore(useApp().stores.audit, select);
export const useActivity = <T,>(select: (state: ActivityState) => T): T => useStore(useApp().stores.activity, select);
export const useInventory = <T,>(select: (state: InventoryState) => T): T => useStore(useApp().stores.inventory, select);
export const usePull = <T,>(select: (state: PullState) => T): T => useStore(useApp().stores.pull, select);
export const useSelection = <T,>(select: (state: SelectionState) => T): T => useStore(useApp().stores.selection, select);
export const useReviews = <T,>(select: (state: ReviewsState) => T): T => useStore(useApp().stores.reviews, select);
