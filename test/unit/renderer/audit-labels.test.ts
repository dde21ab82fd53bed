/**
 * The activity log's action filter offers every action the services write to the audit log, and
 * the age chart's labels read right for every bracket main reports.
 */
import { expect, it } from 'vitest';
import { AGE_BOUNDS, keyStatistics } from '../../../main/services/key-statistics.ts';
import { AUDIT_ACTIONS } from '../../../common/records.ts';
import { ACTION_LABEL, actionLabel, ageLabel } from '../../../renderer/audit/labels.ts';

it('offers every audit action in the Activity log\'s filter, and reads an unknown one as written', () => {
  expect(Object.keys(ACTION_LABEL).sort()).toEqual([...AUDIT_ACTIONS].sort());
  expect(actionLabel('key.roll')).toBe('Key rolled');
  expect(actionLabel('key.future')).toBe('key.future');
  expect(actionLabel('toString')).toBe('toString');
});

it('names each age bracket main reports by the whole days it holds', () => {
  const brackets = keyStatistics([], new Date()).by_age;
  expect(brackets).toHaveLength(AGE_BOUNDS.length + 1);
  expect(brackets.map(ageLabel)).toEqual(['Under 30 days', '30–89 days', '90–179 days', '180–364 days', '365 days or more']);
});
