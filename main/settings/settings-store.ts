/**
 * Settings persisted by `conf` — the library under electron-store, which Electron's main process
 * uses with the same options. The options (JSON Schema, defaults, migrations) are plain data built
 * from `schema.ts`; the port the IPC handlers use reads and writes through them.
 */
import { z } from 'zod';
import { PRIVATE_FILE_MODE } from '../core/private-files.ts';
import { SETTINGS_MIGRATION_STEPS, toConfMigrations } from './migrations.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../common/settings.ts';

/** How the rest of main reads and changes settings. */
export interface SettingsPort {
  get(): Settings;
  /** Applies a validated partial change; returns the settings after it. */
  set(patch: SettingsPatch): Settings;
}

/** The part of conf/electron-store this module needs. */
export interface SettingsFile {
  readonly store: Record<string, unknown>;
  set(values: Partial<Settings>): void;
}

/** Version-keyed upgrades of the settings file, applied by conf when `projectVersion` moves past them. */
export const SETTINGS_MIGRATIONS = toConfMigrations(SETTINGS_MIGRATION_STEPS);

const { properties } = z.toJSONSchema(settingsSchema, { target: 'draft-2020-12' }) as {
  properties: Record<string, object>;
};

/** Options for `new Conf(...)` / `new ElectronStore(...)`. */
export function settingsFileOptions(projectVersion: string) {
  return {
    configName: 'settings',
    projectVersion,
    schema: properties,
    rootSchema: { additionalProperties: false },
    defaults: DEFAULT_SETTINGS,
    migrations: SETTINGS_MIGRATIONS,
    // Readable by the user only, set again on every write (conf/electron-store apply it; 0666 otherwise).
    configFileMode: PRIVATE_FILE_MODE,
  } as const;
}

export function createSettingsPort(file: SettingsFile): SettingsPort {
  const get = (): Settings => settingsSchema.parse({ ...DEFAULT_SETTINGS, ...file.store });
  return {
    get,
    set(patch: SettingsPatch) {
      file.set(patch);
      return get();
    },
  };
}
