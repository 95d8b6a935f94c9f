import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';

/**
 * policy: P11.1 — a respondent found to be below the age of digital consent: every piece of
 * their data is deleted (answers, responses, consent-based rows, their consent records) and the
 * respondent is deactivated. The audit event holds counts only.
 */
export async function markRespondentAsMinor(db: Db, respondentId: string, actor = 'cli', now = new Date()) {
  const respondent = await db.respondent.findUnique({
    where: { id: respondentId },
    select: { id: true, consentSubjectKey: true, responses: { select: { id: true } } },
  });
  if (!respondent) return null;
  const responseIds = respondent.responses.map((r) => r.id);
  const subject = respondent.consentSubjectKey;
  const bySubjectOrResponse = { OR: [{ responseId: { in: responseIds } }, ...(subject ? [{ subjectKey: subject }] : [])] };

  const [answers, usage, fraud, location, session, responses, consents] = await db.$transaction([
    db.answer.deleteMany({ where: { responseId: { in: responseIds } } }),
    db.usageMetadata.deleteMany({ where: bySubjectOrResponse }),
    db.fraudSignal.deleteMany({ where: bySubjectOrResponse }),
    db.locationFix.deleteMany({ where: bySubjectOrResponse }),
    db.sessionEvent.deleteMany({ where: { subjectKey: subject ?? '\u0000' } }),
    db.response.deleteMany({ where: { id: { in: responseIds } } }),
    db.consentRecord.deleteMany({ where: { subjectKey: subject ?? '\u0000' } }),
    db.respondent.update({ where: { id: respondentId }, data: { deactivatedAt: now, consentSubjectKey: null } }),
  ]);
  const counts = {
    answers: answers.count,
    usage: usage.count,
    fraud: fraud.count,
    location: location.count,
    sessionAnalytics: session.count,
    responses: responses.count,
    consentRecords: consents.count,
  };
  await auditEvent(db, { actor, action: 'respondent.minor_deactivated', target: `respondent:${respondentId}`, counts, at: now });
  return counts;
}
