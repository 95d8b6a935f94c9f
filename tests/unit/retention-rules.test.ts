import { describe, expect, it } from 'vitest';
import { effectiveRetentionDays, isExpired, RETENTION_DAYS, retentionCutoff } from '@/features/retention/rules';

describe('retention rules', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('P6.1 every category has a period, usage data shorter than answers', () => {
    // A respondent row left without any response holds nothing: it goes at once (0 days).
    for (const [rule, days] of Object.entries(RETENTION_DAYS)) expect(days, rule).toBeGreaterThan(rule === 'respondents' ? -1 : 0);
    expect(RETENTION_DAYS.responses).toBeGreaterThanOrEqual(RETENTION_DAYS.answers);
    expect(RETENTION_DAYS.usage).toBeLessThan(RETENTION_DAYS.answers);
    expect(RETENTION_DAYS.location).toBeLessThanOrEqual(RETENTION_DAYS.usage);
  });
  it('P6.1 data expires exactly when its period has passed', () => {
    const cutoff = retentionCutoff('usage', now);
    expect(cutoff.toISOString()).toBe('2026-08-27T12:00:00.000Z');
    expect(isExpired('usage', new Date(cutoff.getTime() - 1), now)).toBe(true);
    expect(isExpired('usage', cutoff, now)).toBe(false);
  });
  it('P3.1 abandoned drafts have their own, short period', () => {
    expect(isExpired('abandonedDrafts', new Date('2026-10-25T11:59:59Z'), now)).toBe(true);
    expect(isExpired('abandonedDrafts', new Date('2026-10-27T00:00:00Z'), now)).toBe(false);
  });
});

describe('survey retention overrides', () => {
  it('P6.1 a survey may shorten a period, never lengthen it', () => {
    expect(effectiveRetentionDays('contact', 30)).toBe(30);
    expect(effectiveRetentionDays('contact', 9999)).toBe(RETENTION_DAYS.contact);
    expect(effectiveRetentionDays('contact', null)).toBe(RETENTION_DAYS.contact);
    expect(effectiveRetentionDays('answers', 0)).toBe(RETENTION_DAYS.answers);
  });
});
