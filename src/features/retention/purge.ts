import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { secureCheckpoint } from '@/server/secure-delete';
import { markAbandonedDrafts } from '@/features/survey/drafts';
import { OPTIONAL_CONSENT_CATEGORIES, type ConsentCategory } from '@/features/consent/categories';
import { consentRowTables } from '@/features/consent/consent-rows';
import { RETENTION_DAYS, SURVEY_RETENTION_FIELDS, effectiveRetentionDays, retentionCutoff, type RetentionCategory } from './rules';

/**
 * policy: P6.1, P3.1 — deletes whatever has outlived its retention period. In batches (short
 * transactions, safe while the app serves traffic), idempotent (a second run finds nothing), and
 * audited: one event per run with counts per category, never the removed values.
 */
export type PurgeOptions = {
  now?: Date;
  batchSize?: number;
  days?: Record<RetentionCategory, number>;
  /** Drafts idle this long are first marked abandoned (so their own clock starts). */
  abandonAfterMs?: number;
  actor?: string;
};

export type PurgeCounts = Record<RetentionCategory | 'respondents', number>;

async function deleteInBatches(
  findIds: (take: number) => Promise<{ id: string }[]>,
  deleteIds: (ids: string[]) => Promise<unknown>,
  batchSize: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (await findIds(batchSize)).map((r) => r.id);
    if (ids.length === 0) return total;
    await deleteIds(ids);
    total += ids.length;
  }
}

export async function purgeExpiredData(db: Db, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const days = options.days ?? RETENTION_DAYS;
  const batch = options.batchSize ?? 500;
  const cutoff = (c: RetentionCategory) => retentionCutoff(c, now, days);
  if (options.abandonAfterMs) await markAbandonedDrafts(db, options.abandonAfterMs, now);

  // Surveys that keep some data for less time than the policy (P6.1): their own cutoffs.
  const shorter = await db.survey.findMany({
    where: { OR: Object.values(SURVEY_RETENTION_FIELDS).map((field) => ({ [field]: { not: null } })) },
    select: { id: true, retentionContactDays: true, retentionDemographicDays: true, retentionAnswersDays: true, retentionDraftDays: true },
  });
  const scopes = (category: keyof typeof SURVEY_RETENTION_FIELDS) => [
    // The policy's period for every survey…
    { where: {}, before: cutoff(category) },
    // …and each shorter one for its own survey.
    ...shorter
      .filter((s) => s[SURVEY_RETENTION_FIELDS[category]] != null)
      .map((s) => ({
        where: { surveyId: s.id },
        before: new Date(now.getTime() - effectiveRetentionDays(category, s[SURVEY_RETENTION_FIELDS[category]]) * 86_400_000),
      })),
  ];

  // Abandoned drafts: the whole response (its answers and consent-based rows cascade with it).
  let abandonedDrafts = 0;
  for (const scope of scopes('abandonedDrafts')) {
    abandonedDrafts += await deleteInBatches(
      (take) => db.response.findMany({ where: { ...scope.where, status: 'abandoned', abandonedAt: { lt: scope.before } }, select: { id: true }, take }),
      (ids) =>
        db.$transaction([
          db.answer.deleteMany({ where: { responseId: { in: ids } } }),
          db.response.deleteMany({ where: { id: { in: ids } } }),
        ]),
      batch,
    );
  }

  // Answers of completed responses, per category, counted from completion.
  const answersOf = async (category: 'contact' | 'demographic' | 'answers') => {
    let total = 0;
    for (const scope of scopes(category)) {
      total += await deleteInBatches(
        (take) =>
          db.answer.findMany({
            where: { category, response: { ...scope.where, status: 'completed', completedAt: { lt: scope.before } } },
            select: { id: true },
            take,
          }),
        (ids) => db.answer.deleteMany({ where: { id: { in: ids } } }),
        batch,
      );
    }
    return total;
  };
  const contact = await answersOf('contact');
  const demographic = await answersOf('demographic');
  const answers = await answersOf('answers');

  // Consent-based rows, counted from collection.
  const tables = consentRowTables(db);
  const collected = {} as Record<ConsentCategory, number>;
  for (const category of OPTIONAL_CONSENT_CATEGORIES) {
    collected[category] = await deleteInBatches(
      (take) => tables[category].findMany({ where: { collectedAt: { lt: cutoff(category) } }, select: { id: true }, take }),
      (ids) => tables[category].deleteMany({ where: { id: { in: ids } } }),
      batch,
    );
  }

  // Respondents left with no response at all hold nothing worth keeping.
  const respondents = await deleteInBatches(
    (take) => db.respondent.findMany({ where: { responses: { none: {} }, createdAt: { lt: now } }, select: { id: true }, take }),
    (ids) => db.respondent.deleteMany({ where: { id: { in: ids }, responses: { none: {} } } }),
    batch,
  );

  // Mail holds an address; verification and download links hold an address or a subject: gone
  // once they cannot be used any more.
  const mail = (await db.outboxMessage.deleteMany({ where: { createdAt: { lt: cutoff('mail') } } })).count;
  const expiredLinks =
    (await db.subjectVerification.deleteMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } } })).count +
    (await db.exportLink.deleteMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } } })).count;

  const counts: PurgeCounts = { abandonedDrafts, contact, demographic, answers, ...collected, respondents, mail, expiredLinks };
  await auditEvent(db, { actor: options.actor ?? 'system', action: 'retention.purged', counts, at: now });
  await secureCheckpoint(db);
  return counts;
}
