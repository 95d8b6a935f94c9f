import { addMonthsToDay, dayOf, zonedEndOfDay } from '@/lib/dates';

/**
 * policy: P7.2 — a data-subject request is answered within one month of receipt (GDPR Art. 12(3)),
 * extendable by at most two further months with a recorded reason. Pure: unit-tested with a
 * controllable clock.
 *
 * Deadlines are days, as the DPO reads them: the day of receipt on the app's clocks
 * (APP_TIME_ZONE), the same day a month later, due at the end of that day there.
 */

export const ANSWER_WITHIN_MONTHS = 1;
export const MAX_EXTENSION_MONTHS = 2;

/** The end of the day `months` after the day of `receivedAt`, both days in `timeZone`. */
function endOfDayMonthsAfter(receivedAt: Date, months: number, timeZone: string): Date {
  return zonedEndOfDay(addMonthsToDay(dayOf(receivedAt, timeZone), months), timeZone);
}

export function dueDateFor(receivedAt: Date, timeZone: string): Date {
  return endOfDayMonthsAfter(receivedAt, ANSWER_WITHIN_MONTHS, timeZone);
}

/** The latest an extension may set: the end of the day received + 3 months. */
export function latestExtendedDue(receivedAt: Date, timeZone: string): Date {
  return endOfDayMonthsAfter(receivedAt, ANSWER_WITHIN_MONTHS + MAX_EXTENSION_MONTHS, timeZone);
}

type Deadline = { status: string; dueAt: Date; extendedDueAt: Date | null };

export const effectiveDue = (r: Deadline) => r.extendedDueAt ?? r.dueAt;

export const isClosed = (r: { status: string }) => r.status === 'completed' || r.status === 'refused';

export function isOverdue(r: Deadline, now: Date): boolean {
  return !isClosed(r) && effectiveDue(r) < now;
}

/** Whole days left (negative once overdue). */
export function daysLeft(r: Deadline, now: Date): number {
  return Math.floor((effectiveDue(r).getTime() - now.getTime()) / 86_400_000);
}
