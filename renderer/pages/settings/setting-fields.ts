/**
 * The Settings page's number fields: their labels (which every error message names) and the
 * reading of what was typed. Only "is it a whole number" is checked here; main's schema holds the
 * ranges and answers with the field it refused.
 */
import type { FieldError } from '../../../common/errors.ts';

export const FIELD_LABEL: Readonly<Record<string, string>> = {
  clipboardClearSeconds: 'Clipboard clear delay',
  unusedKeyDays: 'Unused key threshold',
  maxKeyAgeDays: 'Key age threshold',
  defaultExportFolder: 'Default export folder',
  'localApi.port': 'Port',
  localApi: 'Local API',
  theme: 'Theme',
  rotationDays: 'Rotation period',
  departedOwners: 'Owners who have left',
};

/** The typed text as a whole number, or an error naming the field. */
export function readWholeNumber(field: string, text: string): number | FieldError {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return { field, message: `${FIELD_LABEL[field] ?? field} must be a whole number` };
  return Number(trimmed);
}

/** Main's message with the field's label in front, unless it already names it. */
export function namedErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) => {
    const label = error.field === null ? undefined : FIELD_LABEL[error.field];
    if (!label || error.message.startsWith(label)) return error;
    return { field: error.field, message: `${label}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}` };
  });
}
