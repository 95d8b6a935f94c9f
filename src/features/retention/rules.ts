/**
 * policy: P6.1, P3.1 — how long each kind of personal data is kept. The one place these
 * periods live. When a period runs out, `purgeExpiredData` deletes the data and records counts.
 *
 * | what                         | kept for | counted from                 |
 * |------------------------------|----------|------------------------------|
 * | abandoned drafts (P3.1)      | 30 days  | when the draft was abandoned |
 * | contact answers              | 365 days | completion of the response   |
 * | demographic answers          | 365 days | completion of the response   |
 * | survey answers and comments  | 730 days | completion of the response   |
 * | usage metadata (consent)     | 90 days  | collection                   |
 * | session analytics (consent)  | 90 days  | collection                   |
 * | fraud signals (consent)      | 90 days  | collection                   |
 * | precise location (consent)   | 30 days  | collection                   |
 * | mail in the outbox (P7.2)    | 30 days  | queued                       |
 * | verification / export links  |  7 days  | when the link expired        |
 *
 * Surveys may shorten (never lengthen) these in the back office (a later issue).
 */
export const RETENTION_DAYS = {
  abandonedDrafts: 30,
  contact: 365,
  demographic: 365,
  answers: 730,
  usage: 90,
  sessionAnalytics: 90,
  fraud: 90,
  location: 30,
  mail: 30,
  expiredLinks: 7,
} as const;

export type RetentionCategory = keyof typeof RETENTION_DAYS;

const DAY_MS = 86_400_000;

/** Data collected (or counted from) before this instant has expired. */
export function retentionCutoff(category: RetentionCategory, now: Date, days: Record<RetentionCategory, number> = RETENTION_DAYS): Date {
  return new Date(now.getTime() - days[category] * DAY_MS);
}

/** policy: P6.1 — has data of this category, counted from `since`, outlived its period? */
export function isExpired(category: RetentionCategory, since: Date, now: Date, days: Record<RetentionCategory, number> = RETENTION_DAYS): boolean {
  return since < retentionCutoff(category, now, days);
}

/** The categories a survey may shorten, and the survey column holding its own period. */
export const SURVEY_RETENTION_FIELDS = {
  contact: 'retentionContactDays',
  demographic: 'retentionDemographicDays',
  answers: 'retentionAnswersDays',
  abandonedDrafts: 'retentionDraftDays',
} as const satisfies Partial<Record<RetentionCategory, string>>;
export type SurveyRetentionCategory = keyof typeof SURVEY_RETENTION_FIELDS;

/** policy: P6.1 — a survey may keep its data for less time than the policy says, never more. */
export function effectiveRetentionDays(category: RetentionCategory, override: number | null | undefined): number {
  const max = RETENTION_DAYS[category];
  return override == null || override < 1 ? max : Math.min(Math.trunc(override), max);
}
