import type { Db } from '@/server/create-db';
import { deleteScope, scopeOfRespondents, withAudit } from '@/features/deletion/engine';
import { subjectScope } from '@/features/dpo/subject';

/**
 * policy: P11.1 — a respondent found to be below the age of digital consent: every piece of
 * their data is deleted through the deletion register (answers, responses, consent-based rows,
 * their browser's consent records, mail to their address) and the respondent is deactivated — in
 * one transaction with the audit event, which holds counts only.
 */
export async function markRespondentAsMinor(db: Db, respondentId: string, actor = 'cli', now = new Date()) {
  const respondent = await db.respondent.findUnique({ where: { id: respondentId }, select: { id: true, consentSubjectKey: true } });
  if (!respondent) return null;
  // Every browser chain that may be theirs (dpo/subject.ts), as an erasure takes.
  const { reach } = await subjectScope(db, { respondentIds: [respondentId], consentSubjectKeys: respondent.consentSubjectKey ? [respondent.consentSubjectKey] : [] });
  return withAudit(db, { actor, action: 'respondent.minor_deactivated', target: `respondent:${respondentId}`, at: now }, async (tx) => {
    const counts = await deleteScope(tx, await scopeOfRespondents(tx, [respondentId], reach), { skip: ['respondents'] });
    await tx.respondent.update({ where: { id: respondentId }, data: { deactivatedAt: now, consentSubjectKey: null } });
    return counts;
  });
}
