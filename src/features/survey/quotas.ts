import { databaseProvider, type Db } from '@/server/create-db';
import { lockKey } from '@/server/chain-lock';
import type { Prisma } from '@/generated/sqlite';
import { readConditionLeniently, type Answers } from './logic';
import { anyFull, quotasDecided, quotasMet, type QuotaDTO, type ScheduleDTO } from './fieldwork';

/**
 * Quotas and the response cap, counted on completed responses (issue 13, part 3).
 *
 * The count that matters is taken inside the transaction that completes a response, under a lock
 * per survey (a PostgreSQL advisory lock; SQLite lets one writer in at a time): two app instances
 * completing the 200th and 201st response of a quota at the same moment are serialised, the second
 * reads the first's membership row and ends "quota full" — a quota is never over-filled. The
 * earlier check, when a screening answer is given, only spares a respondent the rest of a survey
 * whose quota is already full; it decides nothing at completion.
 */
export type FillSurvey = { id: string; schedule: Pick<ScheduleDTO, 'maxResponses'>; quotas: QuotaDTO[] };
type Tx = Prisma.TransactionClient;

/** Why a response may not be counted: a full quota, or the survey's cap. */
export type Full = { quota: QuotaDTO } | { cap: number };

async function filledCounts(db: Pick<Db, 'quotaMember'>, quotas: QuotaDTO[]): Promise<Map<string, number>> {
  if (quotas.length === 0) return new Map();
  const rows = await db.quotaMember.groupBy({ by: ['quotaId'], where: { quotaId: { in: quotas.map((q) => q.id) } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.quotaId, r._count._all]));
}

/** Completed responses of a survey (the cap counts them). */
export const completedCount = (db: Pick<Db, 'response'>, surveyId: string) => db.response.count({ where: { surveyId, status: 'completed' } });

/**
 * The step of completing that counts the response (drafts.ts completeDraft calls it inside its
 * transaction, after marking the response completed): null and its memberships written, or why it
 * may not be counted (the caller rolls the completion back and ends the response "quota full").
 */
export type QuotaFiller = (tx: Tx, responseId: string, answers: Answers) => Promise<Full | null>;

export function quotaFiller(db: Db, survey: FillSurvey): QuotaFiller | undefined {
  const { maxResponses } = survey.schedule;
  if (survey.quotas.length === 0 && maxResponses === null) return undefined;
  const provider = databaseProvider(db);
  return async (tx, responseId, answers) => {
    await lockKey(tx, provider, `quota-fill:${survey.id}`);
    // This response is completed already in this transaction: it is one of the counted.
    if (maxResponses !== null && (await completedCount(tx, survey.id)) > maxResponses) return { cap: maxResponses };
    const met = quotasMet(survey.quotas, answers);
    const full = anyFull(met, await filledCounts(tx, met));
    if (full) return { quota: full };
    for (const quota of met) await tx.quotaMember.create({ data: { quotaId: quota.id, responseId } });
    return null;
  };
}

/**
 * Before the end: would these answers (already given) land in a full quota, or has the survey
 * reached its cap meanwhile? Read without the lock — completion decides; this only ends early what
 * completion would refuse anyway.
 */
export async function fullAlready(db: Db, survey: FillSurvey, answers: Answers): Promise<Full | null> {
  const { maxResponses } = survey.schedule;
  if (maxResponses !== null && (await completedCount(db, survey.id)) >= maxResponses) return { cap: maxResponses };
  const decided = quotasDecided(survey.quotas, answers);
  const full = anyFull(decided, await filledCounts(db, decided));
  return full ? { quota: full } : null;
}

/** Each quota of a survey with how many completed responses it holds (the fieldwork page, reports). */
export async function quotaFill(db: Pick<Db, 'quota'>, surveyId: string) {
  const quotas = await db.quota.findMany({
    where: { surveyId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, condition: true, limit: true, _count: { select: { members: true } } },
  });
  // Staff pages: a condition that does not parse shows as none rather than locking them out.
  return quotas.map((q) => ({ id: q.id, name: q.name, limit: q.limit, condition: readConditionLeniently(q.condition), filled: q._count.members }));
}
