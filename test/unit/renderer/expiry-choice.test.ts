/** The expiry choices of the create, edit and "set expiry" forms, and the instants they mean. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExpiry } from '../../../common/lifecycle.ts';
import { dateBounds, defaultChoice, expiryOf, expiryOptions } from '../../../renderer/keys/expiry-choice.ts';

const now = Date.parse('2026-01-15T09:00:00.000Z');
const DAY = 86_400_000;

// Dates in a date input are local days; pin the zone so "local" is known.
let zone: string | undefined;
beforeAll(() => {
  zone = process.env.TZ;
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('options', () => {
  it('offer no expiry, 30, 90 and 365 days and a date; in edit, keep comes first', () => {
    expect(expiryOptions(null, false).map((o) => [o.label, o.refused])).toEqual([
      ['No expiry', null],
      ['30 days', null],
      ['90 days', null],
      ['365 days', null],
      ['A date', null],
    ]);
    expect(expiryOptions(null, true)[0]).toMatchObject({ value: 'keep', label: 'Keep' });
  });

  it("under a policy, refuse no expiry and longer presets with the policy's words, and offer the policy's own length", () => {
    const options = expiryOptions(60, false);
    expect(options.map((o) => [o.label, o.refused !== null])).toEqual([
      ['No expiry', true],
      ['30 days', false],
      ['60 days (maximum)', false],
      ['90 days', true],
      ['365 days', true],
      ['A date', false],
    ]);
    expect(options[3]!.refused).toBe('This account allows keys to live at most 60 days.');
    expect(defaultChoice(60, false)).toEqual({ kind: 'days', days: 60 });
    expect(defaultChoice(null, false)).toEqual({ kind: 'none' });
    expect(defaultChoice(60, true)).toEqual({ kind: 'keep' });
  });

  it('every option the policy allows is one the key service accepts, and every one it refuses the service refuses too', () => {
    for (const policy of [7, 30, 90, 365]) {
      for (const option of expiryOptions(policy, false)) {
        if (!option.choice) continue;
        const at = expiryOf(option.choice, now);
        const accepted = (() => {
          try {
            resolveExpiry(at, new Date(now), policy);
            return true;
          } catch {
            return false;
          }
        })();
        expect(accepted, `${option.label} under ${policy} days`).toBe(option.refused === null);
      }
    }
  });
});

describe('instants', () => {
  it('a preset counts from now; no expiry is null; keep changes nothing', () => {
    expect(expiryOf({ kind: 'days', days: 30 }, now)).toBe(new Date(now + 30 * DAY).toISOString());
    expect(expiryOf({ kind: 'none' }, now)).toBeNull();
    expect(expiryOf({ kind: 'keep' }, now)).toBeUndefined();
  });

  it('a date means 00:00 of that day in local time; a day that does not exist, or none, means nothing yet', () => {
    expect(expiryOf({ kind: 'date', date: '2026-03-31' }, now)).toBe('2026-03-31T04:00:00.000Z');
    expect(expiryOf({ kind: 'date', date: '2026-02-30' }, now)).toBeUndefined();
    expect(expiryOf({ kind: 'date', date: '' }, now)).toBeUndefined();
  });

  it('the date picker runs from tomorrow to the last day the policy allows', () => {
    expect(dateBounds(now, null)).toEqual({ min: '2026-01-16', max: undefined });
    expect(dateBounds(now, 90)).toEqual({ min: '2026-01-16', max: '2026-04-15' });
  });
});
