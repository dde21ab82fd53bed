/**
 * Upgrades of the settings file, as plain data: each step says which version introduced it, why,
 * and what it renames or rewrites. `toConfMigrations` turns them into the version-keyed functions
 * conf/electron-store run (before validating the file) when the app version moves past a step.
 */

export interface SettingsMigrationStep {
  /** The app version that first reads the new shape (semver). */
  readonly version: string;
  readonly why: string;
  /** Old key → new key. The value moves over unless the new key already holds one from the file. */
  readonly rename?: Readonly<Record<string, string>>;
  /** Key → (old value → new value). */
  readonly replaceValues?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const SETTINGS_MIGRATION_STEPS: readonly SettingsMigrationStep[] = [
  {
    version: '0.1.0',
    why: 'pre-release builds stored the clipboard delay as "clipboardClearDelay" and the follow-the-OS theme as "auto"',
    rename: { clipboardClearDelay: 'clipboardClearSeconds' },
    replaceValues: { theme: { auto: 'system' } },
  },
];

/** The part of a conf store a migration touches. */
export interface MigratingFile {
  has(key: string): boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export function applyMigrationStep(file: MigratingFile, step: SettingsMigrationStep): void {
  for (const [from, to] of Object.entries(step.rename ?? {})) {
    if (!file.has(from)) continue;
    file.set(to, file.get(from));
    file.delete(from);
  }
  for (const [key, replacements] of Object.entries(step.replaceValues ?? {})) {
    const value = file.get(key);
    if (typeof value === 'string' && Object.hasOwn(replacements, value)) file.set(key, replacements[value]);
  }
}

export function toConfMigrations(steps: readonly SettingsMigrationStep[]): Readonly<Record<string, (file: MigratingFile) => void>> {
  return Object.fromEntries(steps.map((step) => [step.version, (file: MigratingFile) => applyMigrationStep(file, step)]));
}
