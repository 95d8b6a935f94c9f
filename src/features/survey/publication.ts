import type { Db } from '@/server/create-db';
import { getConsentPolicyState } from '@/features/consent/policy-versions';

/**
 * policy: P3.3 — a comment is published only with the respondent's explicit permission for that
 * comment, recorded with it (time, policy version) and revocable. P5.2 — publication is the only
 * way a comment reaches a third party, and only a permitted, unrevoked one.
 */

/** Records the ticks of one section's publishable comments: grant, keep, or revoke. */
export async function applyPublicationChoices(
  db: Pick<Db, 'answer' | 'publicationPermission' | 'policyVersion'>,
  responseId: string,
  questions: { id: string; key: string; publishable: boolean }[],
  publish: Record<string, boolean>,
  now = new Date(),
) {
  const publishable = questions.filter((q) => q.publishable);
  if (publishable.length === 0) return;
  const answers = await db.answer.findMany({
    where: { responseId, questionId: { in: publishable.map((q) => q.id) } },
    select: { id: true, questionId: true, publication: { select: { revokedAt: true } } },
  });
  const policy = await getConsentPolicyState(db, now);
  for (const answer of answers) {
    const key = publishable.find((q) => q.id === answer.questionId)!.key;
    const active = answer.publication !== null && answer.publication.revokedAt === null;
    if (publish[key] && !active) {
      if (!policy.inForce) throw new Error('no policy version is in force');
      const grant = { grantedAt: now, revokedAt: null, policyVersionId: policy.inForce.id };
      await db.publicationPermission.upsert({ where: { answerId: answer.id }, create: { answerId: answer.id, ...grant }, update: grant });
    } else if (!publish[key] && active) {
      await revokePublication(db, answer.id, now);
    }
  }
}

export async function revokePublication(db: Pick<Db, 'publicationPermission'>, answerId: string, now = new Date()) {
  const { count } = await db.publicationPermission.updateMany({ where: { answerId, revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

/** policy: P3.3, P5.2, P5.8 — the only query for comments that may leave the service. */
export async function listPublishableComments(db: Db, surveyId: string) {
  const rows = await db.answer.findMany({
    where: {
      question: { surveyId, publishable: true },
      // policy: P5.8 — an objection to sharing keeps every comment of that respondent in;
      // P7.2 — so does a restriction of processing.
      response: { status: 'completed', respondent: { objectsToSharingAt: null, restrictedAt: null } },
      publication: { is: { revokedAt: null } },
    },
    select: { id: true, value: true, publication: { select: { grantedAt: true, policyVersion: { select: { version: true } } } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    answerId: r.id,
    text: String(r.value),
    grantedAt: r.publication!.grantedAt,
    policyVersion: r.publication!.policyVersion.version,
  }));
}
