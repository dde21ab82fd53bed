/** The audit page's chart figures over a real store: access types, age buckets, categories at Full. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CATEGORIES } from '../../../common/catalog.ts';
import { scopesForLevels } from '../../../common/permissions.ts';
import { AGE_BOUNDS, keyStatistics } from '../../../main/services/key-statistics.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

const DAY = 86_400_000;
let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const create = (name: string, scopes?: readonly string[]) => t.keys.create(t.owner(), { name, ...(scopes ? { scopes } : {}) });
const stats = () => keyStatistics(t.store.keys.listLive(t.owner().account.id), t.clock.now());

it('counts keys by access type', () => {
  create('Everything');
  create('Billing', scopesForLevels({ billing: 'full' }));
  create('Mailer', ['mail.send']);
  create('Stats', ['stats.read']);
  expect(stats()).toMatchObject({ total: 4, by_access_type: { full: 1, restricted: 2, billing: 1 } });
});

it('puts each key in one age bucket, bounds included in the older bucket', () => {
  // Each key is created, then the clock moves on by the days given.
  for (const [name, daysBefore] of [['a', 400], ['b', 35], ['c', 1], ['d', 275], ['e', 80], ['f', 10]] as const) {
    create(name, ['mail.send']);
    t.clock.advance(daysBefore * DAY);
  }
  const { by_age } = stats();
  expect(by_age.map((b) => [b.min_days, b.max_days])).toEqual([
    [0, 30],
    [30, 90],
    [90, 180],
    [180, 365],
    [365, null],
  ]);
  // Ages now: a 801, b 401, c 366, d 365, e 90, f 10.
  expect(by_age.map((b) => b.keys)).toEqual([1, 0, 1, 0, 4]);
  expect(AGE_BOUNDS).toEqual([30, 90, 180, 365]);
});

it('counts per category the keys holding it at Full, most held first, only categories that offer Full', () => {
  create('Everything');
  create('Sender', scopesForLevels({ mail_send: 'full', suppressions: 'full', stats: 'read' }));
  create('Suppressions', scopesForLevels({ suppressions: 'full' }));
  create('Reader', scopesForLevels({ suppressions: 'read', mail_send: 'full' }));
  // A custom shape (part of Mail Send) is not Full.
  create('Partial', ['mail.send']);

  const { full_by_category } = stats();
  const offeringFull = CATEGORIES.filter((c) => c.full !== undefined).map((c) => c.id);
  expect(full_by_category.map((c) => c.category).sort()).toEqual([...offeringFull].sort());
  expect(full_by_category.find((c) => c.category === 'stats')).toBeUndefined();
  expect(full_by_category.slice(0, 2)).toEqual([
    { category: 'mail_send', name: 'Mail Send', keys: 3 },
    { category: 'suppressions', name: 'Suppressions', keys: 3 },
  ]);
  expect(full_by_category.find((c) => c.category === 'billing')?.keys).toBe(0);
  const counts = full_by_category.map((c) => c.keys);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
});

it('is all zeros for an account without keys', () => {
  const empty = stats();
  expect(empty.total).toBe(0);
  expect(empty.by_age.every((b) => b.keys === 0)).toBe(true);
  expect(empty.full_by_category.every((c) => c.keys === 0)).toBe(true);
});
