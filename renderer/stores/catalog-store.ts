/** The scope catalog from main, loaded once: categories, their levels and every scope. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Catalog, KeydeskApi } from '../../common/ipc/contract.ts';

export interface CatalogState {
  readonly catalog: Catalog | null;
  load(): Promise<void>;
}

export type CatalogStore = StoreApi<CatalogState>;

export function createCatalogStore(api: KeydeskApi): CatalogStore {
  return createStore<CatalogState>()((set, get) => ({
    catalog: null,
    async load() {
      if (get().catalog) return;
      const result = await api.scopes.catalog();
      if (result.ok) set({ catalog: result.data });
    },
  }));
}
