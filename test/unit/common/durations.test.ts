import { describe, expect, it } from 'vitest';
import { DAY_MS, formatDuration, HOUR_MS, MINUTE_MS, parseDuration, parseInstant } from '../../../common/durations.ts';

describe('parseDuration', () => {
  it('reads minutes, hours and days', () => {
    expect(parseDuration('30m')).toBe(30 * MINUTE_MS);
    expect(parseDuration('1h')).toBe(HOUR_MS);
    expect(parseDuration('24h')).toBe(DAY_MS);
    expect(parseDuration(' 7D ')).toBe(7 * DAY_MS);
    expect(parseDuration('90d')).toBe(90 * DAY_MS);
    expect(parseDuration('0m')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const text of ['', '90', 'd', '1.5h', '-1d', '1w', '1h30m', '90 days', '123456d']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});

describe('parseInstant', () => {
  it('reads a date as 00:00 UTC that day', () => {
    expect(parseInstant('2026-12-31')?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });

  it('reads times with a zone, to the millisecond', () => {
    expect(parseInstant('2026-12-31T17:00Z')?.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(parseInstant('2026-12-31T17:00:00+02:00')?.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(parseInstant('2026-12-31T17:00:00-05:30')?.toISOString()).toBe('2026-12-31T22:30:00.000Z');
    expect(parseInstant('2026-01-15T09:00:00.123Z')?.toISOString()).toBe('2026-01-15T09:00:00.123Z');
    expect(parseInstant('2026-01-15 09:00:00.5Z')?.toISOString()).toBe('2026-01-15T09:00:00.500Z');
  });

  it('round-trips what toISOString writes', () => {
    const now = new Date('2031-07-04T05:06:07.089Z');
    expect(parseInstant(now.toISOString())).toEqual(now);
  });

  it('refuses days that do not exist, which Date.parse accepts', () => {
    expect(Number.isNaN(Date.parse('2026-02-30'))).toBe(false); // why this parser exists
    for (const text of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-31T24:00Z', '2026-12-31T10:60Z']) {
      expect(parseInstant(text), text).toBeNull();
    }
    expect(parseInstant('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses a time without a zone, which would mean different instants on different machines', () => {
    expect(parseInstant('2026-12-31T17:00')).toBeNull();
    expect(parseInstant('2026-12-31T17:00:00')).toBeNull();
  });

  it('refuses other shapes', () => {
    for (const text of ['', 'tomorrow', '31/12/2026', '2026-1-5', '20261231', '2026-12-31Z', '2026-12-31T17Z']) {
      expect(parseInstant(text), text).toBeNull();
    }
  });

  it('reads four-digit years literally (Date.UTC would turn 0050 into 1950)', () => {
    expect(parseInstant('0050-06-01')?.getUTCFullYear()).toBe(50);
  });
});

describe('formatDuration', () => {
  it('names the largest whole unit', () => {
    expect(formatDuration(90 * DAY_MS)).toBe('90 days');
    expect(formatDuration(DAY_MS)).toBe('1 day');
    expect(formatDuration(HOUR_MS)).toBe('1 hour');
    expect(formatDuration(36 * HOUR_MS)).toBe('36 hours');
    expect(formatDuration(30 * MINUTE_MS)).toBe('30 minutes');
    expect(formatDuration(0)).toBe('0 minutes');
  });
});
