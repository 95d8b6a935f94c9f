/**
 * policy: P6.1, P3.1 — how long each kind of personal data is kept. The one place these
 * periods live. When a period runs out, `purgeExpiredData` deletes the data and records counts.
 *
 * | what                         | kept for | counted from                 |
 * |------------------------------|----------|------------------------------|
 * | abandoned drafts (P3.1)      | 30 days  | when the draft was abandoned |
 * | contact answers              | 365 days | completion of the response   |
 * | demographic answers          | 365 days | completion of the response   |
 * | quota memberships (derived   | 365 days | completion of the response   |
 * |   from demographic answers)  |          |   (the survey's demographic) |
 * | invitations: contact list    | 365 days | the upload (the survey's     |
 * |   and what was sent (P5.1)   |          |   contact period)            |
 * | survey answers and comments  | 730 days | completion of the response   |
 * | usage metadata (consent)     | 90 days  | collection                   |
 * | session analytics (consent)  | 90 days  | collection                   |
 * | fraud signals (consent)      | 90 days  | collection                   |
 * | precise location (consent)   | 30 days  | collection                   |
 * | social sign-in profile       | 365 days | the latest sign-in           |
 * |   (consent, P4.3)            |          |   (withdrawal erases at once)|
 * | Client data (P4.4)           | 365 days | the upload it came with (a   |
 * |                              |          |   later upload replaces it)  |
 * | a link's customer id (P4.4)  | 365 days | the response's start         |
 * | rewards, prize-draw entries  | 365 days | earning / entering / the     |
 * |   and partner hand-overs     |          |   hand-over                  |
 * | mail in the outbox (P7.2)    | 30 days  | queued                       |
 * | verification / export links  |  7 days  | when the link expired        |
 * | completed responses (the row | 730 days | completion (the longest of   |
 * |   with its times and browser |          |   the survey's contact,      |
 * |   link)                      |          |   demographic, answers days) |
 * | respondents                  |  0 days  | when their last response went|
 * | consent records (proof, P4.2)| 1095 days| the choice; only once no row |
 * |                              |          |   collected under it remains |
 * | request contact and details  | 365 days | closing of the request (the  |
 * |   (the register entry stays) |          |   register entry stays)      |
 * | security reports (P13.1)     | 365 days | the report                   |
 * | requests for help (support)  | 365 days | the latest message or closing|
 * | login throttle (addresses)   |  1 day   | the counting window          |
 * | public write rate limits     |  1 day   | the counting window          |
 *
 * Surveys may shorten (never lengthen) contact, demographic, answers and draft periods. Every table
 * that holds personal data is in the deletion register (src/features/deletion/register.ts) with
 * one of these rules; a test fails when one is missing.
 */
export const RETENTION_DAYS = {
  abandonedDrafts: 30,
  contact: 365,
  demographic: 365,
  quotaMembers: 365,
  invitations: 365,
  answers: 730,
  usage: 90,
  sessionAnalytics: 90,
  fraud: 90,
  location: 30,
  social: 365,
  clientData: 365,
  customerIds: 365,
  rewards: 365,
  mail: 30,
  expiredLinks: 7,
  responses: 730,
  respondents: 0,
  consentRecords: 1095,
  requestContact: 365,
  securityReports: 365,
  support: 365,
  loginThrottle: 1,
  rateLimits: 1,
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
