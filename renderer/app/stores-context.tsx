/** Hands the stores (built once in main.tsx from `window.keydesk`) down the component tree. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { KeydeskApi } from '../../preload/contract.ts';
import type { KeysState } from '../stores/keys-store.ts';
import type { Stores } from '../stores/stores.ts';

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

export function useKeys<T>(select: (state: KeysState) => T): T {
  return useStore(useApp().stores.keys, select);
}
