import { evaluate, isDecided, type Answers, type Condition } from './logic';

/**
 * The rules of fieldwork that decide whether and how a response may go on (issue 13, part 3):
 * the survey's schedule and cap, screen-out, quotas. Pure: the callers read the counts (quotas.ts)
 * and write what these decide; unit-tested.
 */

/** A quota: completed responses meeting `condition` count towards it, at most `limit` of them. */
export type QuotaDTO = { id: string; name: string; condition: Condition; limit: number };

/** When respondents may start, and how many completed responses the survey takes at most. */
export type ScheduleDTO = { opensAt: Date | null; closesAt: Date | null; maxResponses: number | null };

/** How a response ended, as reports and exports name it (ResponseStatus, with "complete" for completed). */
export const OUTCOMES = ['complete', 'screened_out', 'quota_full', 'abandoned'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The two endings a respondent is sent to before the last page. */
export type EarlyEnding = 'screened_out' | 'quota_full';

/** Responses that ended without completing: partial responses, kept only as P3.1's retention rule allows. */
export const PARTIAL_STATUSES = ['abandoned', 'screened_out', 'quota_full'] as const;

export function outcomeOf(status: string): Outcome | null {
  return status === 'completed' ? 'complete' : (OUTCOMES as readonly string[]).includes(status) ? (status as Outcome) : null;
}

/**
 * Whether a new respondent may start now: not before the opening time, not after the closing time,
 * not once `completed` reached the cap. A respondent already taking the survey may finish after it
 * closes (they started in time); the cap, though, is checked again when each response completes.
 */
export type Availability =
  | { kind: 'open'; closesAt: Date | null }
  | { kind: 'not_yet_open'; opensAt: Date }
  | { kind: 'closed'; closedAt: Date }
  | { kind: 'full' };

export function availability(schedule: ScheduleDTO, now: Date, completed: number): Availability {
  if (schedule.opensAt && now < schedule.opensAt) return { kind: 'not_yet_open', opensAt: schedule.opensAt };
  if (schedule.closesAt && now >= schedule.closesAt) return { kind: 'closed', closedAt: schedule.closesAt };
  if (schedule.maxResponses !== null && completed >= schedule.maxResponses) return { kind: 'full' };
  return { kind: 'open', closesAt: schedule.closesAt };
}

/** The quotas a response with these answers counts towards (at completion: all its answers are in). */
export function quotasMet(quotas: QuotaDTO[], answers: Answers): QuotaDTO[] {
  return quotas.filter((q) => evaluate(q.condition, answers));
}

/**
 * The quotas these answers already place the respondent in, before the end: only those whose
 * every question is answered ("when a screening answer is given"); the rest wait for completion.
 */
export function quotasDecided(quotas: QuotaDTO[], answers: Answers): QuotaDTO[] {
  return quotas.filter((q) => isDecided(q.condition, answers) && evaluate(q.condition, answers));
}

/** Is any of these quotas full, given how many responses each holds? */
export function anyFull(quotas: QuotaDTO[], filled: ReadonlyMap<string, number>): QuotaDTO | null {
  return quotas.find((q) => (filled.get(q.id) ?? 0) >= q.limit) ?? null;
}

/** A section's screen-out: true when it holds over the answers once that section is sent. */
export function screensOut(section: { screenOutIf: Condition | null }, answers: Answers): boolean {
  return section.screenOutIf !== null && evaluate(section.screenOutIf, answers);
}
