/** The words the UI uses for access types, levels and times. */
import type { AccessType, CategoryLevel } from '../../common/catalog.ts';

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

/** Intl formatting is the costliest part of drawing a row; rows drawn again reuse their text. */
function cached(format: Intl.DateTimeFormat, size = 2000): (iso: string) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    let text = cache.get(iso);
    if (text === undefined) {
      text = format.format(new Date(iso));
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(iso, text);
    }
    return text;
  };
}

export const formatDate = cached(dateFormat);
export const formatDateTime = cached(dateTimeFormat);
