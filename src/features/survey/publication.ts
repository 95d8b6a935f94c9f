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
      const grant = { grantedAt: now, revokedAt: null, policyVersionId: policy.inForce.id, includesRating: true };
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

/** Whose comments: one survey (staff views, tests), or a Client's published surveys (its feed). */
export type CommentScope = { surveyId: string } | { clientId: string; surveySlug?: string };

/**
 * policy: P3.3, P5.2, P5.8 — the only query for comments that may leave the service: newest first,
 * each with its response's rating (the survey's first rating question) and completion time.
 */
export async function listPublishableComments(db: Db, scope: CommentScope, { take = 1000 } = {}) {
  // A draft survey publishes nothing, whoever asks (its responses are tests of the questionnaire).
  const survey = {
    status: { not: 'draft' as const },
    ...('surveyId' in scope ? { id: scope.surveyId } : { clientId: scope.clientId, ...(scope.surveySlug ? { slug: scope.surveySlug } : {}) }),
  };
  const rows = await db.answer.findMany({
    where: {
      question: { publishable: true, survey },
      // policy: P5.8 — an objection to sharing keeps every comment of that respondent in;
      // P7.2 — so does a restriction of processing.
      response: { status: 'completed', respondent: { objectsToSharingAt: null, restrictedAt: null } },
      publication: { is: { revokedAt: null } },
    },
    select: {
      id: true,
      value: true,
      question: { select: { survey: { select: { slug: true } } } },
      publication: { select: { grantedAt: true, includesRating: true, policyVersion: { select: { version: true } } } },
      response: {
        select: {
          completedAt: true,
          answers: { where: { question: { type: 'rating' } }, select: { value: true, question: { select: { position: true, section: { select: { position: true } } } } } },
        },
      },
    },
    orderBy: [{ response: { completedAt: 'desc' } }, { id: 'asc' }],
    take,
  });
  return rows.map((r) => ({
    answerId: r.id,
    surveySlug: r.question.survey.slug,
    text: String(r.value),
    // The rating only where the permission covered it (granted with the wording that names it).
    rating: r.publication!.includesRating ? firstRating(r.response.answers) : null,
    completedAt: r.response.completedAt!,
    grantedAt: r.publication!.grantedAt,
    policyVersion: r.publication!.policyVersion.version,
  }));
}

type RatingAnswer = { value: unknown; question: { position: number; section: { position: number } } };

/** The answer to the survey's first rating question (in survey order), when it was answered. */
function firstRating(answers: RatingAnswer[]): number | null {
  const order = (a: RatingAnswer) => a.question.section.position * 10_000 + a.question.position;
  const first = [...answers].sort((a, b) => order(a) - order(b))[0];
  return typeof first?.value === 'number' ? first.value : null;
}
