/** App settings the renderer uses (the theme, the last account shown), read from and saved through main. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeydeskApi, Result } from '../../preload/contract.ts';
import type { Settings } from '../../main/settings/schema.ts';

export type Theme = Settings['theme'];

export interface SettingsState {
  readonly settings: Settings | null;
  load(): Promise<void>;
  setTheme(theme: Theme): Promise<Result<Settings>>;
  /** Remembers the account shown, for the next start. */
  setLastAccount(name: string): Promise<Result<Settings>>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(api: KeydeskApi): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    async load() {
      const result = await api.settings.get();
      if (result.ok) set({ settings: result.data });
    },
    async setTheme(theme) {
      const result = await api.settings.set({ theme });
      if (result.ok) set({ settings: result.data });
      return result;
    },
    async setLastAccount(name) {
      const result = await api.settings.set({ lastAccount: name });
      if (result.ok) set({ settings: result.data });
      return result;
    },
  }));
}
