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

/** A threshold in days, with messages that say what to enter (the Settings page puts the field's label in front). */
const days = () =>
  z
    .number({ error: 'enter a number of days' })
    .int('enter a whole number of days')
    .min(1, 'enter at least 1 day')
    .max(3650, 'enter at most 3650 days (ten years)');

const fields = {
  /** Follows the OS by default. */
  theme: z.enum(THEMES),
  /** Seconds after a copy before the clipboard is cleared, if it still holds the key; 0 never clears. */
  clipboardClearSeconds: z
    .number({ error: 'enter a number of seconds' })
    .int('enter a whole number of seconds')
    .min(0, 'enter 0 (never clear) or more seconds')
    .max(3600, 'enter at most 3600 seconds (an hour)'),
  /** Where export dialogs open; null means the OS default (Documents). */
  defaultExportFolder: z.string().min(1).max(4096).nullable(),
  /** The account shown at start. */
  lastAccount: z.string().min(1).max(100),
  windowBounds: windowBounds.nullable(),
  /** Audit findings: keys unused for this many days are flagged. */
  unusedKeyDays: days(),
  /** Audit findings: keys older than this many days are flagged. */
  maxKeyAgeDays: days(),
  /** Ownership findings and reviews: a key whose secret is older than this many days (since creation or its last roll) is not rotated. */
  rotationDays: days(),
  /** Ownership findings and reviews: owners (email addresses) who have left; their keys are flagged. */
  departedOwners: z.array(z.email().max(254)).max(1000),
  /** The SendGrid-compatible API on 127.0.0.1 while the app runs (what `keydesk serve` runs); 0 picks a free port. */
  localApi: z
    .object({
      enabled: z.boolean(),
      port: z
        .number({ error: 'enter a port number' })
        .int('enter a whole port number')
        .min(0, 'enter a port from 1 to 65535, or 0 for any free port')
        .max(65_535, 'enter a port from 1 to 65535, or 0 for any free port'),
    })
    .strict(),
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
  rotationDays: 90,
  departedOwners: [],
  localApi: { enabled: false, port: DEFAULT_LOCAL_API_PORT },
};

/** A change to some settings. Unknown keys are rejected, not ignored; nothing absent is reset. */
export const settingsPatchSchema = z.object(fields).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
