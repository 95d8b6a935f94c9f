import type { Db } from '@/server/create-db';
import { markAbandonedDrafts } from '@/features/survey/drafts';
import { DELETION_REGISTER } from '@/features/deletion/register';
import { deleteScope, EMPTY_SCOPE, withAudit } from '@/features/deletion/engine';
import { RETENTION_DAYS, SURVEY_RETENTION_FIELDS, effectiveRetentionDays, retentionCutoff, type RetentionCategory } from './rules';

/**
 * policy: P6.1, P3.1 — deletes whatever has outlived its retention period (rules.ts), for every
 * table of the deletion register. One run is one transaction with its audit event inside (counts
 * per rule, never values): a failure half-way deletes nothing and records nothing. Inside it, rows
 * go in batches (bounded statements); a run is idempotent (a second run finds nothing).
 */
export type PurgeOptions = {
  now?: Date;
  batchSize?: number;
  days?: Record<RetentionCategory, number>;
  /** Drafts idle this long are first marked abandoned (so their own clock starts). */
  abandonAfterMs?: number;
  actor?: string;
};

export type PurgeCounts = Record<RetentionCategory, number>;

const DAY_MS = 86_400_000;

async function inBatches(findIds: (take: number) => Promise<{ id: string }[]>, remove: (ids: string[]) => Promise<unknown>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (await findIds(batchSize)).map((r) => r.id);
    if (ids.length === 0) return total;
    await remove(ids);
    total += ids.length;
  }
}

type SurveyRetention = { id: string; retentionContactDays: number | null; retentionDemographicDays: number | null; retentionAnswersDays: number | null; retentionDraftDays: number | null };

export async function purgeExpiredData(db: Db, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const days = options.days ?? RETENTION_DAYS;
  const batch = options.batchSize ?? 500;
  const cutoff = (c: RetentionCategory) => retentionCutoff(c, now, days);
  const before = (periodDays: number) => new Date(now.getTime() - periodDays * DAY_MS);

  return withAudit(db, { actor: options.actor ?? 'system', action: 'retention.purged', at: now }, async (tx): Promise<PurgeCounts> => {
    if (options.abandonAfterMs) await markAbandonedDrafts(tx, options.abandonAfterMs, now);

    // Surveys that keep some data for less time than the policy (P6.1): their own cutoffs.
    const shorter: SurveyRetention[] = await tx.survey.findMany({
      where: { OR: Object.values(SURVEY_RETENTION_FIELDS).map((field) => ({ [field]: { not: null } })) },
      select: { id: true, retentionContactDays: true, retentionDemographicDays: true, retentionAnswersDays: true, retentionDraftDays: true },
    });
    const scopes = (period: (s: SurveyRetention | null) => number) => [
      // The policy's period for every survey, then each shorter one for its own survey.
      { where: {}, before: before(period(null)) },
      ...shorter.map((s) => ({ where: { surveyId: s.id }, before: before(period(s)) })),
    ];
    const periodOf = (category: keyof typeof SURVEY_RETENTION_FIELDS) => (s: SurveyRetention | null) =>
      s ? effectiveRetentionDays(category, s[SURVEY_RETENTION_FIELDS[category]]) : days[category];
    const dropResponses = (ids: string[]) => deleteScope(tx, { ...EMPTY_SCOPE, responseIds: ids });

    // Abandoned drafts: the whole response, with what was collected for it.
    let abandonedDrafts = 0;
    for (const scope of scopes(periodOf('abandonedDrafts'))) {
      abandonedDrafts += await inBatches(
        (take) => tx.response.findMany({ where: { ...scope.where, status: 'abandoned', abandonedAt: { lt: scope.before } }, select: { id: true }, take }),
        dropResponses,
        batch,
      );
    }

    // Answers of completed responses, per category, counted from completion.
    const answersOf = async (category: 'contact' | 'demographic' | 'answers') => {
      let total = 0;
      for (const scope of scopes(periodOf(category))) {
        total += await inBatches(
          (take) => tx.answer.findMany({ where: { category, response: { ...scope.where, status: 'completed', completedAt: { lt: scope.before } } }, select: { id: true }, take }),
          (ids) => tx.answer.deleteMany({ where: { id: { in: ids } } }),
          batch,
        );
      }
      return total;
    };
    const contact = await answersOf('contact');
    const demographic = await answersOf('demographic');
    const answers = await answersOf('answers');

    // The completed response itself (times, language, browser link) once the longest of its
    // survey's answer periods has passed: nothing it held is left to keep.
    const longest = (s: SurveyRetention | null) => Math.max(periodOf('contact')(s), periodOf('demographic')(s), periodOf('answers')(s), s ? 0 : days.responses);
    let responses = 0;
    for (const scope of scopes(longest)) {
      responses += await inBatches(
        (take) => tx.response.findMany({ where: { ...scope.where, status: 'completed', completedAt: { lt: scope.before } }, select: { id: true }, take }),
        dropResponses,
        batch,
      );
    }

    // Consent-based rows, counted from collection (the register names each table's rule).
    const collected: Record<string, number> = {};
    for (const entry of DELETION_REGISTER) {
      if (!entry.consentCategory || !('rule' in entry.retention)) continue;
      const rule = entry.retention.rule;
      const table = entry.table(tx);
      collected[entry.consentCategory] = await inBatches(
        (take) => table.findMany({ where: { collectedAt: { lt: cutoff(rule) } }, select: { id: true }, take }),
        (ids) => table.deleteMany({ where: { id: { in: ids } } }),
        batch,
      );
    }

    // Respondents left with no response at all hold nothing worth keeping.
    const respondents = await inBatches(
      (take) => tx.respondent.findMany({ where: { responses: { none: {} }, createdAt: { lt: cutoff('respondents') } }, select: { id: true }, take }),
      (ids) => tx.respondent.deleteMany({ where: { id: { in: ids }, responses: { none: {} } } }),
      batch,
    );

    // Proof of a choice outlives the data collected under it, then goes too.
    const consentRecords = (
      await tx.consentRecord.deleteMany({
        where: { createdAt: { lt: cutoff('consentRecords') }, usageRows: { none: {} }, fraudRows: { none: {} }, locationRows: { none: {} }, sessionRows: { none: {} } },
      })
    ).count;

    // Mail holds an address; verification and download links hold an address or a subject: gone
    // once they cannot be used any more.
    const mail = (await tx.outboxMessage.deleteMany({ where: { createdAt: { lt: cutoff('mail') } } })).count;
    const expiredLinks =
      (await tx.subjectVerification.deleteMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } } })).count +
      (await tx.exportLink.deleteMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } } })).count;

    // The requests register keeps each request (type, dates, outcome); the subject's address and
    // own words go a year after it was closed.
    const requestContact = (
      await tx.dataSubjectRequest.updateMany({
        where: { closedAt: { lt: cutoff('requestContact') }, OR: [{ contactEmail: { not: null } }, { details: { not: null } }] },
        data: { contactEmail: null, details: null },
      })
    ).count;
    const securityReports = (await tx.securityReport.deleteMany({ where: { createdAt: { lt: cutoff('securityReports') } } })).count;
    // Sign-in counters hold client addresses; their windows last an hour at most.
    const loginThrottle = (await tx.loginThrottle.deleteMany({ where: { windowStart: { lt: cutoff('loginThrottle') } } })).count;
    // Public write counters are keyed hashes of addresses; their windows last an hour at most.
    const rateLimits = (await tx.rateLimitBucket.deleteMany({ where: { windowStart: { lt: cutoff('rateLimits') } } })).count;

    return {
      abandonedDrafts,
      contact,
      demographic,
      answers,
      responses,
      usage: collected.usage ?? 0,
      sessionAnalytics: collected.sessionAnalytics ?? 0,
      fraud: collected.fraud ?? 0,
      location: collected.location ?? 0,
      respondents,
      consentRecords,
      mail,
      expiredLinks,
      requestContact,
      securityReports,
      loginThrottle,
      rateLimits,
    };
  });
}
