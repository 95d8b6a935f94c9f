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
/** What the early check reads of the request's copy of the survey. */
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

export function quotaFiller(db: Db, surveyId: string): QuotaFiller {
  const provider = databaseProvider(db);
  return async (tx, responseId, answers) => {
    await fillLock(tx, provider, surveyId);
    // Read under the lock, not from the request's copy of the survey: a quota added, changed or
    // removed a moment ago (fieldwork-commands.ts takes the same lock) is counted as it is now.
    const { maxResponses, quotas } = await tx.survey.findUniqueOrThrow({ where: { id: surveyId }, select: { maxResponses: true, quotas: { select: QUOTA_COLUMNS } } });
    // This response is completed already in this transaction: it is one of the counted.
    if (maxResponses !== null && (await completedCount(tx, surveyId)) > maxResponses) return { cap: maxResponses };
    const met = quotasMet(readQuotas(quotas), answers);
    const full = anyFull(met, await filledCounts(tx, met));
    if (full) return { quota: full };
    if (met.length) await tx.quotaMember.createMany({ data: met.map((quota) => ({ quotaId: quota.id, responseId })) });
    return null;
  };
}

/**
 * The lock under which a survey's quotas are counted and changed: completions, and the fieldwork
 * page's quota edits. A PostgreSQL advisory lock held to the end of the transaction; SQLite lets
 * one writer in at a time anyway.
 */
export const fillLock = (tx: Pick<Tx, '$queryRaw'>, provider: 'sqlite' | 'postgres', surveyId: string) => lockKey(tx, provider, `quota-fill:${surveyId}`);

const QUOTA_COLUMNS = { id: true, name: true, condition: true, limit: true } as const;

/** Stored quotas as the rules read them; one whose condition does not parse counts nobody (and is shown as such to staff). */
export function readQuotas(rows: { id: string; name: string; condition: unknown; limit: number }[]): QuotaDTO[] {
  return rows.flatMap((q) => {
    const condition = readConditionLeniently(q.condition);
    return condition ? [{ id: q.id, name: q.name, limit: q.limit, condition }] : [];
  });
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
