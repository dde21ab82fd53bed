/** The words the UI uses for access types and levels (times: time-format.ts). */
import type { AccessType, CategoryLevel } from '../../common/catalog.ts';
import type { KeyOrigin } from '../../common/records.ts';

export const ACCESS_LABEL: Readonly<Record<AccessType, string>> = {
  full: 'Full Access',
  restricted: 'Restricted Access',
  billing: 'Billing Access',
};

export const ACCESS_SHORT: Readonly<Record<AccessType, string>> = { full: 'Full', restricted: 'Restricted', billing: 'Billing' };

/** The tag beside a key that lives in SendGrid (no secret here); none for keys issued here. */
export const ORIGIN_TAG: Readonly<Record<KeyOrigin, string | null>> = { issued: null, imported: 'Imported', pulled: 'From SendGrid' };

export const LEVEL_LABEL: Readonly<Record<CategoryLevel, string>> = {
  none: 'No Access',
  read: 'Read Access',
  full: 'Full Access',
  custom: 'Custom',
};

export { formatDate, formatDateTime } from './time-format.ts';
