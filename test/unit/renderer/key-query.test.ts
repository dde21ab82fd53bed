/** Searching, filtering and sorting the key list (pure functions the key table runs per keystroke). */
import { describe, expect, it } from 'vitest';
import { issueKey } from '../../../main/core/key-format.ts';
import type { KeyRecord } from '../../../common/records.ts';
import { createSearch, filterRows, searchInputFor, sortRows, toRows } from '../../../renderer/keys/key-query.ts';

const key = (name: string, over: Partial<KeyRecord> = {}): KeyRecord => ({
  api_key_id: issueKey().id,
  account_id: 1,
  name,
  access_type: 'restricted',
  scopes: [],
  origin: 'issued',
  last4: 'abcd',
  created_at: '2026-01-15T09:00:00.000Z',
  updated_at: '2026-01-15T09:00:00.000Z',
  last_used_at: null,
  last_used_by: null,
  expires_at: null,
  disabled_at: null,
  deleted_at: null,
  ...over,
});

describe('search input', () => {
  it('keeps typed text as it is', () => {
    expect(searchInputFor('mailer')).toEqual({ text: 'mailer', fromPastedKey: false });
  });

  it('turns a pasted key, alone or inside a line of config, into its API Key ID only', () => {
    const issued = issueKey();
    expect(searchInputFor(issued.apiKey)).toEqual({ text: issued.id, fromPastedKey: true });
    const fromConfig = searchInputFor(`export SENDGRID_API_KEY="${issued.apiKey}"`);
    expect(fromConfig).toEqual({ text: issued.id, fromPastedKey: true });
    expect(JSON.stringify(fromConfig)).not.toContain(issued.apiKey.split('.')[2]);
  });

  it('does not treat a malformed key as one', () => {
    const almost = issueKey().apiKey.slice(0, -1);
    expect(searchInputFor(almost).fromPastedKey).toBe(false);
  });
});

describe('filter and sort', () => {
  const keys = [
    key('Zeta mailer', { access_type: 'full', created_at: '2026-01-03T00:00:00.000Z', last_used_at: '2026-02-01T00:00:00.000Z' }),
    key('alpha reports', { created_at: '2026-01-01T00:00:00.000Z' }),
    key('Billing', { access_type: 'billing', created_at: '2026-01-02T00:00:00.000Z', last_used_at: '2026-01-05T00:00:00.000Z' }),
  ];
  const rows = toRows(keys);
  const names = (list: readonly { key: KeyRecord }[]) => list.map((row) => row.key.name);

  it('matches name (any case) or API Key ID, and filters by access type', () => {
    expect(names(filterRows(rows, { text: 'MAILER', access: 'all' }))).toEqual(['Zeta mailer']);
    expect(names(filterRows(rows, { text: keys[1]!.api_key_id.slice(2, 10).toLowerCase(), access: 'all' }))).toEqual(['alpha reports']);
    expect(names(filterRows(rows, { text: '', access: 'billing' }))).toEqual(['Billing']);
    expect(names(filterRows(rows, { text: 'a', access: 'restricted' }))).toEqual(['alpha reports']);
    expect(filterRows(rows, { text: '  ', access: 'all' })).toBe(rows);
  });

  it('sorts by each column both ways; never-used keys sort as the oldest use', () => {
    expect(names(sortRows(rows, { column: 'name', direction: 'ascending' }))).toEqual(['alpha reports', 'Billing', 'Zeta mailer']);
    expect(names(sortRows(rows, { column: 'created_at', direction: 'descending' }))).toEqual(['Zeta mailer', 'Billing', 'alpha reports']);
    expect(names(sortRows(rows, { column: 'access_type', direction: 'ascending' }))).toEqual(['Zeta mailer', 'alpha reports', 'Billing']);
    expect(names(sortRows(rows, { column: 'last_used_at', direction: 'ascending' }))).toEqual(['alpha reports', 'Billing', 'Zeta mailer']);
    const byId = sortRows(rows, { column: 'api_key_id', direction: 'descending' }).map((row) => row.key.api_key_id);
    expect(byId).toEqual(keys.map((k) => k.api_key_id).sort().reverse());
    // Sorting copies: the list from the store is left as it was.
    expect(names(rows)).toEqual(['Zeta mailer', 'alpha reports', 'Billing']);
  });
});

describe('status filter and expiry order', () => {
  const now = Date.parse('2026-01-15T09:00:00.000Z');
  const day = 86_400_000;
  const at = (days: number) => new Date(now + days * day).toISOString();
  // IDs without the letters searched for below: the search matches API Key IDs too, and a random
  // one holds "in" about one time in fifty.
  const keys = [
    key('no expiry'),
    key('in 40 days', { expires_at: at(40) }),
    key('in 5 days', { expires_at: at(5) }),
    key('expired', { expires_at: at(-1) }),
    key('disabled, in 3 days', { expires_at: at(3), disabled_at: at(-2) }),
  ].map((k, i) => ({ ...k, api_key_id: `${'X'.repeat(21)}${i}` }));
  const rows = toRows(keys);
  const names = (list: readonly { key: KeyRecord }[]) => list.map((row) => row.key.name);
  const having = (status: 'active' | 'expiring' | 'disabled' | 'expired') => names(filterRows(rows, { text: '', access: 'all', status, now }));

  it('filters by the status verify would give, and "expiring" means active within 30 days', () => {
    expect(having('active')).toEqual(['no expiry', 'in 40 days', 'in 5 days']);
    expect(having('expiring')).toEqual(['in 5 days']);
    expect(having('disabled')).toEqual(['disabled, in 3 days']);
    expect(having('expired')).toEqual(['expired']);
    // The same key moves from one status to the next as time passes.
    expect(names(filterRows(rows, { text: '', access: 'all', status: 'expiring', now: now + 11 * day }))).toEqual(['in 40 days']);
    expect(names(filterRows(rows, { text: '', access: 'all', status: 'expired', now: now + 6 * day }))).toEqual(['in 5 days', 'expired']);
  });

  it('the search as the user types honours the status filter too', () => {
    const search = createSearch(rows, { access: 'all', status: 'active', now });
    expect(names(search('in'))).toEqual(['in 40 days', 'in 5 days']);
    expect(names(search('in 4'))).toEqual(['in 40 days']);
  });

  it('sorts by expiry, soonest first, keys that never expire last', () => {
    expect(names(sortRows(rows, { column: 'expires_at', direction: 'ascending' }))).toEqual([
      'expired',
      'disabled, in 3 days',
      'in 5 days',
      'in 40 days',
      'no expiry',
    ]);
  });
});

describe('searching as the user types', () => {
  const keys = Array.from({ length: 300 }, (_, i) => key(`service ${i} ${['mailer', 'dashboard', 'billing'][i % 3]}`, { access_type: i % 2 ? 'restricted' : 'full' }));
  const sorted = sortRows(toRows(keys), { column: 'name', direction: 'ascending' });

  it('gives exactly what a full scan gives, typing forward, erasing and jumping elsewhere', () => {
    for (const access of ['all', 'full', 'restricted'] as const) {
      const search = createSearch(sorted, { access });
      for (const text of ['s', 'se', 'service 1', 'service 12', 'service 1', 'MAILER', 'dash', 'service 12', '', 'zzz', keys[7]!.api_key_id.slice(4, 9)]) {
        expect(search(text), `${access} "${text}"`).toEqual(filterRows(sorted, { text, access }));
      }
    }
  });

  it('gives back the very rows it searched when a keystroke hides none, so the table has nothing to redraw', () => {
    const search = createSearch(sorted, { access: 'all' });
    expect(search('s')).toBe(sorted);
    expect(search('service')).toBe(sorted);
    const restricted = createSearch(sorted, { access: 'restricted' });
    expect(restricted('service ')).toBe(restricted(''));
    expect(restricted('service 1')).not.toBe(restricted(''));
  });

  it('matches the name or the ID, never text running from the end of one into the other', () => {
    const one = sorted[0]!;
    const across = `${one.key.name.slice(-3)}${one.key.api_key_id.slice(0, 3)}`;
    expect(filterRows(sorted, { text: across, access: 'all' })).toEqual([]);
    expect(filterRows(sorted, { text: one.key.api_key_id.slice(0, 3), access: 'all' })).toContain(one);
  });

  it('works out the filters besides the text once, when the search is made, not on every keystroke', () => {
    let lookups = 0;
    class CountedMap extends Map<string, string> {
      override get(id: string): string | undefined {
        lookups++;
        return super.get(id);
      }
    }
    const grace = new CountedMap(keys.filter((_, i) => i % 7 === 0).map((k) => [k.api_key_id, '2099-01-01T00:00:00.000Z']));
    const filter = { access: 'all', use: 'in_grace', grace, now: Date.parse('2026-06-01T00:00:00.000Z') } as const;
    const typed = ['s', 'service 1', 'service 14', 'service 2', 'dash'];
    const expected = typed.map((text) => filterRows(sorted, { ...filter, text }));
    lookups = 0;
    const search = createSearch(sorted, filter);
    expect(lookups).toBe(keys.length);
    typed.forEach((text, i) => expect(search(text), text).toEqual(expected[i]));
    expect(lookups, 'no lookup while typing').toBe(keys.length);
  });

  it('answers an erased character from memory, without a new scan', () => {
    const search = createSearch(sorted, { access: 'all' });
    const before = search('service 1');
    search('service 12');
    expect(search('service 1')).toBe(before);
  });
});
