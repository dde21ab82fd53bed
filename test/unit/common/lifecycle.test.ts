import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../common/durations.ts';
import { KeydeskError } from '../../../common/errors.ts';
import {
  assertGrace,
  assertPolicyDays,
  describeExpiry,
  expiryWarning,
  GRACE_PRESETS,
  keyStatus,
  MAX_GRACE_MS,
  resolveExpiry,
} from '../../../common/lifecycle.ts';

const now = new Date('2026-01-15T09:00:00.000Z');
const inMs = (ms: number) => new Date(now.getTime() + ms).toISOString();

function rejection(work: () => unknown): { field: string | null; message: string } {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(KeydeskError);
    expect((error as KeydeskError).code).toBe('BAD_REQUEST');
    return (error as KeydeskError).errors[0]!;
  }
  throw new Error('expected a rejection');
}

describe('keyStatus', () => {
  it('is disabled, then expired, then active, in the order verify checks', () => {
    expect(keyStatus({ expires_at: null, disabled_at: null }, now)).toBe('active');
    expect(keyStatus({ expires_at: inMs(1), disabled_at: null }, now)).toBe('active');
    expect(keyStatus({ expires_at: inMs(0), disabled_at: null }, now)).toBe('expired');
    expect(keyStatus({ expires_at: inMs(-1), disabled_at: now.toISOString() }, now)).toBe('disabled');
  });
});

describe('expiry warnings at 30, 7 and 1 days', () => {
  it('gives the tightest window the key is in', () => {
    expect(expiryWarning(null, now)).toBeNull();
    expect(expiryWarning(inMs(31 * DAY_MS), now)).toBeNull();
    expect(expiryWarning(inMs(30 * DAY_MS), now)).toBe(30);
    expect(expiryWarning(inMs(8 * DAY_MS), now)).toBe(30);
    expect(expiryWarning(inMs(7 * DAY_MS), now)).toBe(7);
    expect(expiryWarning(inMs(2 * DAY_MS), now)).toBe(7);
    expect(expiryWarning(inMs(DAY_MS), now)).toBe(1);
    expect(expiryWarning(inMs(1000), now)).toBe(1);
    expect(expiryWarning(inMs(0), now)).toBeNull(); // expired: its status says so instead
  });

  it('describes the time left, or since', () => {
    expect(describeExpiry(null, now)).toBe('never expires');
    expect(describeExpiry(inMs(12.4 * DAY_MS), now)).toBe('expires in 12 days');
    expect(describeExpiry(inMs(90 * DAY_MS - 1000), now)).toBe('expires in 90 days'); // set with --in 90d a second ago
    expect(describeExpiry(inMs(DAY_MS), now)).toBe('expires in 1 day');
    expect(describeExpiry(inMs(5 * HOUR_MS + 1), now)).toBe('expires in 5 hours');
    expect(describeExpiry(inMs(80_000), now)).toBe('expires in 1 minute');
    expect(describeExpiry(inMs(1000), now)).toBe('expires in 1 minute'); // never "0 minutes"
    expect(describeExpiry(inMs(-3 * DAY_MS), now)).toBe('expired 3 days ago');
  });
});

describe('resolveExpiry', () => {
  it('stores expiries in toISOString form, so text comparison orders them', () => {
    expect(resolveExpiry('2026-12-31', now, null)).toBe('2026-12-31T00:00:00.000Z');
    expect(resolveExpiry('2026-12-31T17:00:00+02:00', now, null)).toBe('2026-12-31T15:00:00.000Z');
    expect(resolveExpiry(null, now, null)).toBeNull();
    expect(resolveExpiry(undefined, now, null)).toBeNull();
  });

  it('refuses text that is not a date, and expiries not in the future', () => {
    expect(rejection(() => resolveExpiry('next tuesday', now, null))).toEqual({
      field: 'expires_at',
      message: expect.stringMatching(/ISO-8601 date or time/),
    });
    expect(rejection(() => resolveExpiry(42, now, null)).field).toBe('expires_at');
    expect(rejection(() => resolveExpiry(now.toISOString(), now, null)).message).toBe('expires_at must be in the future');
    expect(rejection(() => resolveExpiry('2020-01-01', now, null)).message).toBe('expires_at must be in the future');
  });

  it('under a policy, requires an expiry no further than that many days from now', () => {
    expect(rejection(() => resolveExpiry(null, now, 90))).toEqual({
      field: 'expires_at',
      message: 'this account requires keys to expire within 90 days',
    });
    expect(resolveExpiry(inMs(90 * DAY_MS), now, 90)).toBe(inMs(90 * DAY_MS));
    expect(rejection(() => resolveExpiry(inMs(90 * DAY_MS + 1), now, 90))).toEqual({
      field: 'expires_at',
      message: `this account allows keys to live at most 90 days: choose an expiry on or before ${inMs(90 * DAY_MS)}`,
    });
  });
});

describe('policy and grace bounds', () => {
  it('accepts whole days from 1 to 3650, or off', () => {
    for (const days of [null, 1, 90, 3650]) expect(() => assertPolicyDays(days)).not.toThrow();
    for (const days of [0, -1, 1.5, 3651, '90', undefined]) {
      expect(rejection(() => assertPolicyDays(days)).field, String(days)).toBe('max_key_lifetime_days');
    }
  });

  it('accepts the presets and any grace up to 30 days', () => {
    for (const ms of Object.values(GRACE_PRESETS)) expect(() => assertGrace(ms)).not.toThrow();
    expect(() => assertGrace(MAX_GRACE_MS)).not.toThrow();
    for (const ms of [-1, MAX_GRACE_MS + 1, 0.5, Number.NaN, '1h']) {
      expect(rejection(() => assertGrace(ms)), String(ms)).toEqual({ field: 'grace', message: expect.stringMatching(/30 days/) });
    }
  });
});
