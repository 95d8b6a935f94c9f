import type { Db } from '@/server/create-db';
import { effectiveRetentionDays } from '@/features/retention/rules';
import { returnTarget, type ReturnEnding } from './return-links';
import type { FinishedStatus } from './queries';
import { completedCount } from './quotas';

/**
 * What the page after a finished response shows (the done cookie names it): how it ended, when,
 * how long an early ending's answers stay (P3.1), and where the panel wants the respondent back
 * (return-links.ts) — the target built from the survey's own template and this response's hidden
 * fields, never from anything the request carries.
 */
export type Ending = {
  status: FinishedStatus;
  at: Date;
  returnTo: string | null;
  partialKeptDays: number;
  rewarded: boolean;
  /** Quota full because the whole survey reached its cap (not the respondent's own group). */
  capReached: boolean;
};

const ENDING_OF: Record<FinishedStatus, ReturnEnding> = { completed: 'complete', screened_out: 'screened_out', quota_full: 'quota_full' };

export async function endingOf(db: Db, responseId: string, surveySlug: string): Promise<Ending | null> {
  const row = await db.response.findFirst({
    where: { id: responseId, status: { in: ['completed', 'screened_out', 'quota_full'] }, survey: { slug: surveySlug } },
    select: {
      status: true,
      completedAt: true,
      abandonedAt: true,
      answers: { where: { question: { type: 'hidden' } }, select: { value: true, question: { select: { key: true } } } },
      survey: { select: { id: true, maxResponses: true, rewardKind: true, retentionDraftDays: true, returnUrlComplete: true, returnUrlScreenedOut: true, returnUrlQuotaFull: true } },
    },
  });
  const at = row?.completedAt ?? row?.abandonedAt;
  if (!row || !at) return null;
  const status = row.status as FinishedStatus;
  const hidden = Object.fromEntries(row.answers.flatMap((a) => (typeof a.value === 'string' ? [[a.question.key, a.value]] : [])));
  const urls = { complete: row.survey.returnUrlComplete, screened_out: row.survey.returnUrlScreenedOut, quota_full: row.survey.returnUrlQuotaFull };
  return {
    status,
    at,
    returnTo: returnTarget(urls, ENDING_OF[status], hidden), partialKeptDays: effectiveRetentionDays('abandonedDrafts', row.survey.retentionDraftDays),
    rewarded: row.survey.rewardKind !== null,
    capReached: status === 'quota_full' && row.survey.maxResponses !== null && (await completedCount(db, row.survey.id)) >= row.survey.maxResponses,
  };
}
