import { describe, expect, it } from 'vitest';
import { ageOn, checkAgeGate, isOldEnough, minimumAgeFor } from '@/features/survey/age-gate';
import { todayIn } from '@/lib/dates';

describe('age gate', () => {
  it('P11.1 defaults to 16, follows the country, and stays within 13–16', () => {
    expect(minimumAgeFor({ minimumAge: null, country: null })).toBe(16);
    expect(minimumAgeFor({ minimumAge: null, country: 'AZ' })).toBe(16);
    expect(minimumAgeFor({ minimumAge: null, country: 'fr' })).toBe(15);
    expect(minimumAgeFor({ minimumAge: null, country: 'BE' })).toBe(13);
    expect(minimumAgeFor({ minimumAge: 14, country: 'DE' })).toBe(14);
    expect(minimumAgeFor({ minimumAge: 10, country: null })).toBe(13);
    expect(minimumAgeFor({ minimumAge: 18, country: null })).toBe(16);
  });
  it('P11.1 a birthday begins at midnight in the app’s time zone (Baku), not in UTC', () => {
    // 21:30 UTC on 1 December 2026 is 01:30 on 2 December in Baku: someone born on
    // 2 December 2010 is 16 there.
    const lateEvening = new Date('2026-12-01T21:30:00Z');
    expect(isOldEnough('2010-12-02', todayIn('Asia/Baku', lateEvening), 16)).toBe(true);
    expect(isOldEnough('2010-12-03', todayIn('Asia/Baku', lateEvening), 16)).toBe(false);
  });
  it('P11.1 counts completed years, birthdays included', () => {
    expect(ageOn('2010-11-25', '2026-11-25')).toBe(16);
    expect(ageOn('2010-11-26', '2026-11-25')).toBe(15);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(isOldEnough('2010-11-25', '2026-11-25', 16)).toBe(true);
    expect(isOldEnough('2010-11-26', '2026-11-25', 16)).toBe(false);
  });
  it('P11.1 the gate refuses a missing or invalid date and tells too young apart', () => {
    const survey = { minimumAge: null, country: 'AZ' };
    expect(checkAgeGate(survey, null, '2026-11-25')).toEqual({ ok: false, tooYoung: false, error: 'required' });
    expect(checkAgeGate(survey, '31.12.1990', '2026-11-25')).toEqual({ ok: false, tooYoung: false, error: 'invalid_date' });
    expect(checkAgeGate(survey, '2030-01-01', '2026-11-25')).toEqual({ ok: false, tooYoung: false, error: 'date_in_future' });
    expect(checkAgeGate(survey, '2012-05-01', '2026-11-25')).toEqual({ ok: false, tooYoung: true });
    expect(checkAgeGate(survey, '1990-05-01', '2026-11-25')).toEqual({ ok: true });
  });
});
