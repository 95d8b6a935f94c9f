import { describe, expect, it } from 'vitest';
import { addMonths, daysLeft, dueDateFor, isOverdue, latestExtendedDue } from '@/features/dpo/deadlines';

describe('P7.2 request deadlines', () => {
  it('are one calendar month after receipt; a missing day becomes the month’s last', () => {
    expect(dueDateFor(new Date('2026-03-15T09:00:00Z')).toISOString()).toBe('2026-04-15T09:00:00.000Z');
    expect(dueDateFor(new Date('2026-01-31T09:00:00Z')).toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(dueDateFor(new Date('2028-01-31T09:00:00Z')).toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(dueDateFor(new Date('2026-12-20T00:00:00Z')).toISOString()).toBe('2027-01-20T00:00:00.000Z');
    expect(addMonths(new Date('2026-05-31T00:00:00Z'), 1).toISOString()).toBe('2026-06-30T00:00:00.000Z');
  });

  it('may be extended to at most three months after receipt', () => {
    expect(latestExtendedDue(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2027-02-28T00:00:00.000Z');
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
