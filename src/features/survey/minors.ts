import type { Db } from '@/server/create-db';
import { deleteScope, scopeOfRespondents, withAudit } from '@/features/deletion/engine';
import { subjectScope } from '@/features/dpo/subject';

/**
 * policy: P11.1 — respondents found to be below the age of digital consent: every piece of their
 * data is deleted through the deletion register (answers, responses, consent-based rows, their
 * browsers' consent records, mail to their address) and the respondents are deactivated — all in
 * one transaction with the audit event, which holds counts only. Null when none of them exists.
 */
export async function markRespondentsAsMinor(db: Db, respondentIds: string[], actor = 'cli', now = new Date()) {
  const respondents = await db.respondent.findMany({ where: { id: { in: respondentIds } }, select: { id: true, consentSubjectKey: true } });
  if (respondents.length === 0) return null;
  const ids = respondents.map((r) => r.id);
  // Every browser chain that may be theirs (dpo/subject.ts), as an erasure takes.
  const { reach } = await subjectScope(db, { respondentIds: ids, consentSubjectKeys: respondents.flatMap((r) => (r.consentSubjectKey ? [r.consentSubjectKey] : [])) });
  return withAudit(db, { actor, action: 'respondent.minor_deactivated', target: `respondent:${ids.join(',')}`, at: now }, async (tx) => {
    const counts = await deleteScope(tx, await scopeOfRespondents(tx, ids, reach), { skip: ['respondents'] });
    await tx.respondent.updateMany({ where: { id: { in: ids } }, data: { deactivatedAt: now, consentSubjectKey: null } });
    return counts;
  });
}

export const markRespondentAsMinor = (db: Db, respondentId: string, actor = 'cli', now = new Date()) => markRespondentsAsMinor(db, [respondentId], actor, now);
