/**
 * App settings (the theme, the last account shown, the Settings page's fields), read from and saved
 * through main, and the status of the local API the settings switch controls.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeydeskApi, Result } from '../../common/ipc/contract.ts';
import type { Settings, SettingsPatch } from '../../common/settings.ts';
import type { LocalApiStatus } from '../../common/app-info.ts';

export type Theme = Settings['theme'];

export interface SettingsState {
  readonly settings: Settings | null;
  /** Null until first asked (the Settings page asks when it opens). */
  readonly localApi: LocalApiStatus | null;
  load(): Promise<void>;
  setTheme(theme: Theme): Promise<Result<Settings>>;
  /** Remembers the account shown, for the next start. */
  setLastAccount(name: string): Promise<Result<Settings>>;
  /** Saves a change main validates as a whole: refused, nothing changes. A change to `localApi` refreshes its status. */
  save(patch: SettingsPatch): Promise<Result<Settings>>;
  /** Main's folder dialog; a cancelled dialog leaves the settings as they were. */
  chooseExportFolder(): Promise<Result<Settings | null>>;
  refreshLocalApi(): Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(api: KeydeskApi): SettingsStore {
  return createStore<SettingsState>()((set, get) => {
    const save = async (patch: SettingsPatch): Promise<Result<Settings>> => {
      const result = await api.settings.set(patch);
      if (result.ok) set({ settings: result.data });
      // Main answers once the server matches the switch, so this status is the new one.
      if (result.ok && patch.localApi) await get().refreshLocalApi();
      return result;
    };
    return {
      settings: null,
      localApi: null,
      async load() {
        const result = await api.settings.get();
        if (result.ok) set({ settings: result.data });
      },
      setTheme: (theme) => save({ theme }),
      setLastAccount: (name) => save({ lastAccount: name }),
      save,
      async chooseExportFolder() {
        const result = await api.settings.chooseExportFolder();
        if (result.ok && result.data) set({ settings: result.data });
        return result;
      },
      async refreshLocalApi() {
        const result = await api.settings.localApiStatus();
        if (result.ok) set({ localApi: result.data });
      },
    };
  });
}
