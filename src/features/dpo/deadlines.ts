/**
 * policy: P7.2 — a data-subject request is answered within one month of receipt (GDPR Art. 12(3)),
 * extendable by at most two further months with a recorded reason. Pure: unit-tested with a
 * controllable clock.
 */

/** The same day `months` later; a day the target month lacks becomes its last day (31 Jan → 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

export const ANSWER_WITHIN_MONTHS = 1;
export const MAX_EXTENSION_MONTHS = 2;

export function dueDateFor(receivedAt: Date): Date {
  return addMonths(receivedAt, ANSWER_WITHIN_MONTHS);
}

/** The latest an extension may set: received + 3 months. */
export function latestExtendedDue(receivedAt: Date): Date {
  return addMonths(receivedAt, ANSWER_WITHIN_MONTHS + MAX_EXTENSION_MONTHS);
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
