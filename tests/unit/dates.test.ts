import { describe, expect, it } from 'vitest';
import { addDays, addMonthsToDay, dayOf, todayIn, zonedEndOfDay, zonedStartOfDay } from '@/lib/dates';

const BAKU = 'Asia/Baku'; // UTC+4, no daylight saving time
const BERLIN = 'Europe/Berlin'; // UTC+1, UTC+2 in summer

describe('days in the app’s time zone', () => {
  it('a moment’s day is the day on the clocks of the zone, not in UTC', () => {
    expect(dayOf(new Date('2026-12-01T19:59:59.999Z'), BAKU)).toBe('2026-12-01');
    expect(dayOf(new Date('2026-12-01T20:00:00Z'), BAKU)).toBe('2026-12-02');
    // 21:30 UTC on 1 December is already 01:30 on 2 December in Baku.
    expect(todayIn(BAKU, new Date('2026-12-01T21:30:00Z'))).toBe('2026-12-02');
    expect(todayIn('UTC', new Date('2026-12-01T21:30:00Z'))).toBe('2026-12-01');
    expect(todayIn('America/New_York', new Date('2026-12-02T03:00:00Z'))).toBe('2026-12-01');
  });

  it('a day starts and ends at midnight in the zone', () => {
    expect(zonedStartOfDay('2026-12-02', BAKU).toISOString()).toBe('2026-12-01T20:00:00.000Z');
    expect(zonedEndOfDay('2026-12-02', BAKU).toISOString()).toBe('2026-12-02T19:59:59.999Z');
    expect(zonedEndOfDay('2026-12-31', 'UTC').toISOString()).toBe('2026-12-31T23:59:59.999Z');
  });

  it('days of a daylight-saving change are 23 or 25 hours long', () => {
    expect(zonedStartOfDay('2026-03-29', BERLIN).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedEndOfDay('2026-03-29', BERLIN).toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(zonedStartOfDay('2026-10-25', BERLIN).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(zonedEndOfDay('2026-10-25', BERLIN).toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });

  it('calendar arithmetic on days: across months and years; a missing day becomes the month’s last', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDay('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsToDay('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonthsToDay('2026-12-20', 1)).toBe('2027-01-20');
  });

  it('refuses what is not a day', () => {
    expect(() => zonedEndOfDay('2026-13-01', BAKU)).toThrow();
    expect(() => addDays('yesterday', 1)).toThrow();
  });
});
