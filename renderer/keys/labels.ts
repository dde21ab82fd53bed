/** The words the UI uses for access types, levels and times. */
import type { AccessType, CategoryLevel } from '../../main/core/catalog.ts';

export const ACCESS_LABEL: Readonly<Record<AccessType, string>> = {
  full: 'Full Access',
  restricted: 'Restricted Access',
  billing: 'Billing Access',
};

export const ACCESS_SHORT: Readonly<Record<AccessType, string>> = { full: 'Full', restricted: 'Restricted', billing: 'Billing' };

export const LEVEL_LABEL: Readonly<Record<CategoryLevel, string>> = {
  none: 'No Access',
  read: 'Read Access',
  full: 'Full Access',
  custom: 'Custom',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
