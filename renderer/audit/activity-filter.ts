/**
 * The activity log's filter as the page holds it (what the inputs show) and as main's
 * `audit:list` takes it. Dates are the user's days: a day starts at local midnight, whatever
 * zone the log's UTC times are in.
 */
import type { Input } from '../../common/ipc/contract.ts';

export interface ActivityFilter {
  /** An API Key ID; empty for every key. */
  readonly keyId: string;
  /** An audit action such as `key.rename`; empty for every action. */
  readonly action: string;
  /** First and last day shown, `YYYY-MM-DD` as date inputs give them; empty for no bound. */
  readonly from: string;
  readonly to: string;
}

export const NO_FILTER: ActivityFilter = { keyId: '', action: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant of a local day, in UTC as the log stores times. */
export function startOfDay(day: string): string {
  return new Date(`${day}T00:00:00.000`).toISOString();
}

/** The last millisecond of a local day. */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

export function isFiltered(filter: ActivityFilter): boolean {
  return filter.keyId !== '' || filter.action !== '' || filter.from !== '' || filter.to !== '';
}

/** The `audit:list` request for a filter; a day that is not a whole date is left out rather than sent. */
export function auditQuery(filter: ActivityFilter, account: string): Input<'audit:list'> {
  return {
    account,
    ...(filter.keyId !== '' && { key_id: filter.keyId }),
    ...(filter.action !== '' && { action: filter.action }),
    ...(DAY.test(filter.from) && { since: startOfDay(filter.from) }),
    ...(DAY.test(filter.to) && { until: endOfDay(filter.to) }),
  };
}
