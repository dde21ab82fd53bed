/**
 * Opening the settings file so that a bad file never stops the app. conf/electron-store refuse a
 * file with one invalid value as a whole; here every value that fails the schema (or an unknown
 * key) is dropped back to its default, the original file is kept beside it, and the caller gets one
 * clear message per field to show or log. A file that is not JSON at all is set aside whole.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFilePrivate } from '../core/private-files.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../common/settings.ts';
import { createSettingsPort, settingsFileOptions, type SettingsFile, type SettingsPort } from './settings-store.ts';

export type SettingsFileOptions = ReturnType<typeof settingsFileOptions> & { readonly cwd: string };

export interface OpenedSettings<F extends SettingsFile> {
  readonly file: F;
  readonly port: SettingsPort;
  /** What was wrong with the file and what was done about it; empty when it was fine. */
  readonly problems: readonly string[];
}

/** conf's own bookkeeping (migration versions), kept as it is. */
const INTERNAL_KEY = '__internal__';
const FIELDS = settingsSchema.shape;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Keeps the valid values of a parsed settings object; reports each dropped one. */
export function repairSettings(raw: Record<string, unknown>, file: string): { repaired: Record<string, unknown>; problems: string[] } {
  const repaired: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === INTERNAL_KEY) {
      repaired[key] = value;
      continue;
    }
    if (!Object.hasOwn(FIELDS, key)) {
      problems.push(`${file}: unknown setting "${key}" was removed`);
      continue;
    }
    const field = key as keyof Settings;
    const checked = FIELDS[field].safeParse(value);
    if (checked.success) repaired[key] = value;
    else {
      const reason = checked.error.issues[0]?.message ?? 'invalid value';
      problems.push(`${file}: setting "${key}" had an invalid value ${show(value)} (${reason}); using the default ${show(DEFAULT_SETTINGS[field])}`);
    }
  }
  return { repaired, problems };
}

/**
 * Opens the settings file with `create` (`new Conf(options)` in tests, `new ElectronStore(options)`
 * in the app), repairing it once if it is refused.
 */
export function openSettings<F extends SettingsFile>(
  create: (options: SettingsFileOptions) => F,
  { cwd, projectVersion }: { readonly cwd: string; readonly projectVersion: string },
): OpenedSettings<F> {
  const options: SettingsFileOptions = { ...settingsFileOptions(projectVersion), cwd };
  const path = join(cwd, `${options.configName}.json`);
  // conf sets the file's mode when it writes; one an older Keydesk left 0644 is private from now on.
  makeFilePrivate(path);
  try {
    const file = create(options);
    return { file, port: createSettingsPort(file), problems: [] };
  } catch (error) {
    if (!existsSync(path)) throw error;
  }

  const kept = `${path}.invalid`;
  let problems: string[];
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SyntaxError('not an object');
    const result = repairSettings(raw as Record<string, unknown>, path);
    copyFileSync(path, kept);
    writeFileSync(path, JSON.stringify(result.repaired, null, '\t'));
    problems = [...result.problems, `the original file was kept as ${kept}`];
  } catch {
    renameSync(path, kept);
    problems = [`${path} could not be read as settings; it was set aside as ${kept} and the defaults are used`];
  }
  makeFilePrivate(kept);
  const file = create(options);
  return { file, port: createSettingsPort(file), problems };
}
