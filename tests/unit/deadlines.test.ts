import { describe, expect, it } from 'vitest';
import { daysLeft, dueDateFor, isOverdue, latestExtendedDue } from '@/features/dpo/deadlines';

const BAKU = 'Asia/Baku';
/** The end of a day in Baku (UTC+4). */
const endOfBakuDay = (day: string) => `${day}T19:59:59.999Z`;

describe('P7.2 request deadlines', () => {
  it('are the end of the same day one calendar month after receipt; a missing day becomes the month’s last', () => {
    expect(dueDateFor(new Date('2026-03-15T09:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2026-04-15'));
    expect(dueDateFor(new Date('2026-01-31T09:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2026-02-28'));
    expect(dueDateFor(new Date('2028-01-31T09:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2028-02-29'));
    expect(dueDateFor(new Date('2026-12-20T00:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2027-01-20'));
    expect(dueDateFor(new Date('2026-05-31T00:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2026-06-30'));
  });

  it('count from the day of receipt in the app’s time zone, not in UTC', () => {
    // 21:30 UTC on 31 January is already 1 February in Baku: due 1 March, not 28 February.
    expect(dueDateFor(new Date('2026-01-31T21:30:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2026-03-01'));
    expect(latestExtendedDue(new Date('2026-11-30T21:30:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2027-03-01'));
  });

  it('may be extended to at most three months after receipt', () => {
    expect(latestExtendedDue(new Date('2026-11-30T00:00:00Z'), BAKU).toISOString()).toBe(endOfBakuDay('2027-02-28'));
  });

  it('are overdue only while open and past the (extended) due date', () => {
    const due = new Date('2026-02-28T10:00:00Z');
    const after = new Date('2026-03-01T00:00:00Z');
    expect(isOverdue({ status: 'open', dueAt: due, extendedDueAt: null }, after)).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueAt: due, extendedDueAt: null }, after)).toBe(true);
    expect(isOverdue({ status: 'completed', dueAt: due, extendedDueAt: null }, after)).toBe(false);
    expect(isOverdue({ status: 'open', dueAt: due, extendedDueAt: new Date('2026-04-01T00:00:00Z') }, after)).toBe(false);
    expect(isOverdue({ status: 'open', dueAt: due, extendedDueAt: null }, new Date('2026-02-28T09:59:59Z'))).toBe(false);
    expect(daysLeft({ status: 'open', dueAt: due, extendedDueAt: null }, new Date('2026-02-20T10:00:00Z'))).toBe(8);
  });
});
