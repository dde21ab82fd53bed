/**
 * The app's settings: one zod schema gives the type, the defaults, the validation of every
 * `settings:set` call and (as JSON Schema) the file-level validation electron-store/conf applies.
 * Pure data; the store behind it lives in `settings-store.ts`.
 */
import { z } from 'zod';
import { DEFAULT_LOCAL_API_PORT } from './local-api-address.ts';

export const THEMES = ['system', 'light', 'dark'] as const;

const windowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
});

const fields = {
  /** Follows the OS by default. */
  theme: z.enum(THEMES),
  /** Seconds after a copy before the clipboard is cleared, if it still holds the key; 0 never clears. */
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  /** Where export dialogs open; null means the OS default (Documents). */
  defaultExportFolder: z.string().min(1).max(4096).nullable(),
  /** The account shown at start. */
  lastAccount: z.string().min(1).max(100),
  windowBounds: windowBounds.nullable(),
  /** Audit findings: keys unused for this many days are flagged. */
  unusedKeyDays: z.number().int().min(1).max(3650),
  /** Audit findings: keys older than this many days are flagged. */
  maxKeyAgeDays: z.number().int().min(1).max(3650),
  /** The SendGrid-compatible API on 127.0.0.1 while the app runs (what `keydesk serve` runs); 0 picks a free port. */
  localApi: z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65_535) }).strict(),
};

export const settingsSchema = z.object(fields).strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  clipboardClearSeconds: 60,
  defaultExportFolder: null,
  lastAccount: 'default',
  windowBounds: null,
  unusedKeyDays: 90,
  maxKeyAgeDays: 365,
  localApi: { enabled: false, port: DEFAULT_LOCAL_API_PORT },
};

/** A change to some settings. Unknown keys are rejected, not ignored; nothing absent is reset. */
export const settingsPatchSchema = z.object(fields).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
